import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../infra/bundling.ts';
import { addSolutionsChecks } from '../../infra/nag.ts';
import { buildSitecall } from './support.ts';

/** Every `Validations.of(x).acknowledge({ id, reason })` below a scope, with where it was made. */
function acknowledgements(scope: IConstruct): { path: string; id: string; reason: unknown }[] {
  return scope.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, unknown>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

describe('cdk-nag AwsSolutions', () => {
  for (const stage of ['dev', 'prod'] as const) {
    it(`finds nothing unacknowledged in the ${stage} stack, and synthesis with the plugin passes`, () => {
      const { app } = buildSitecall(stage);

      const report = new AwsSolutionsChecks().validateScope(app);
      const findings = report.violations.map(
        (v) =>
          `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
      );
      expect(findings).toEqual([]);
      // createSitecall registered the plugin: synthesis throws on any error it reports.
      expect(() => app.synth()).not.toThrow();
    });
  }

  it('fails synthesis on an unacknowledged finding (the check is live)', () => {
    const app = new App({ builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'careless');
    new Bucket(stack, 'open-bucket');
    addSolutionsChecks(app);

    const rules = new AwsSolutionsChecks().validateScope(app).violations.map((v) => v.ruleName);
    expect(rules).toContain('AwsSolutions-S10');
    expect(() => app.synth()).toThrow();
  });

  it('gives every acknowledgement a specific reason, and docs/deploy.md lists each rule', () => {
    const { app } = buildSitecall('prod');
    const all = acknowledgements(app);
    expect(all.length).toBeGreaterThan(0);
    for (const ack of all) {
      expect(typeof ack.reason, `${ack.id} at ${ack.path}`).toBe('string');
      expect(String(ack.reason).trim().length, `${ack.id} at ${ack.path}`).toBeGreaterThanOrEqual(40);
    }
    const deployDoc = readFileSync(join(PROJECT_ROOT, 'docs/deploy.md'), 'utf8');
    // aws-cdk-lib acknowledges a few rules of its own (CloudFormation-Validate::…); ours are cdk-nag's.
    const rules = new Set(all.filter((ack) => ack.id.startsWith('AwsSolutions-')).map((ack) => ack.id));
    for (const rule of rules) expect(deployDoc, rule).toContain(rule);
  });
});
