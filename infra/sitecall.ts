import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';
import { PROJECT_ROOT } from './bundling.ts';
import { addSolutionsChecks } from './nag.ts';
import { SitecallStack, STAGES, type StageName } from './stack.ts';

export interface SitecallOptions {
  /** @default the `stage` context value, else 'dev' */
  readonly stage?: StageName;
  /** @default the `webDist` context value, else web/dist */
  readonly webAssetsDir?: string;
}

export function stageFromContext(app: App): StageName {
  const value: unknown = app.node.tryGetContext('stage') ?? 'dev';
  const stage = STAGES.find((s) => s === value);
  if (stage === undefined)
    throw new Error(`Unknown stage '${String(value)}': use -c stage=${STAGES.join('|')}`);
  return stage;
}

export function appVersion(): string {
  const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
  if (typeof pkg.version !== 'string') throw new Error('package.json has no version');
  return pkg.version;
}

/** Adds Sitecall's stack for one stage to the app, with cdk-nag's AwsSolutions checks. */
export function createSitecall(app: App, options: SitecallOptions = {}): SitecallStack {
  const stage = options.stage ?? stageFromContext(app);
  const webDist: unknown = app.node.tryGetContext('webDist');
  const stack = new SitecallStack(app, `sitecall-${stage}`, {
    stage,
    appVersion: appVersion(),
    webAssetsDir:
      options.webAssetsDir ?? (typeof webDist === 'string' ? webDist : join(PROJECT_ROOT, 'web/dist')),
    description: `Sitecall service desk (${stage})`,
    tags: { app: 'sitecall', stage },
  });
  addSolutionsChecks(app);
  return stack;
}
