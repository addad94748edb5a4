/**
 * Builds Sitecall's stack for the infra tests. Bundling is skipped (NodejsFunction then uses a
 * placeholder asset) except where a test asks for it; the PWA comes from a fixture directory, so the
 * tests do not depend on `npm run build`.
 */
import { join } from 'node:path';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { createSitecall } from '../../infra/sitecall.ts';
import type { SitecallStack, StageName } from '../../infra/stack.ts';

export const WEB_FIXTURE = join(import.meta.dirname, 'fixtures', 'web-dist');

export interface Synthesized {
  app: App;
  stack: SitecallStack;
  template: Template;
}

export function buildSitecall(
  stage: StageName,
  options: { bundle?: boolean } = {},
): { app: App; stack: SitecallStack } {
  const app = options.bundle
    ? // As the CLI does: real esbuild bundling, staged assets with their paths recorded.
      new App({ context: { 'aws:cdk:enable-asset-metadata': true } })
    : // Fast: no esbuild, no copying of file assets (the AWS CLI layer alone is 21 MB), and no
      // built-in CloudFormation schema validation, whose engine takes seconds to start.
      new App({
        builtinCloudFormationValidation: false,
        context: { 'aws:cdk:bundling-stacks': [], 'aws:cdk:disable-asset-staging': true },
      });
  const stack = createSitecall(app, { stage, webAssetsDir: WEB_FIXTURE });
  return { app, stack };
}

const cache = new Map<StageName, Synthesized>();

/** One synthesized stack per stage, shared by the tests of a file. */
export function synthesized(stage: StageName): Synthesized {
  let found = cache.get(stage);
  if (found === undefined) {
    const { app, stack } = buildSitecall(stage);
    found = { app, stack, template: Template.fromStack(stack) };
    cache.set(stage, found);
  }
  return found;
}

/** The CloudFormation logical id of a construct's main resource. */
export function logicalId(construct: IConstruct): string {
  const child = construct.node.defaultChild;
  if (child === undefined) throw new Error(`${construct.node.path} has no default child`);
  return Stack.of(construct).getLogicalId(child as CfnElement);
}

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

export function resourcesOfType(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}
