import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

/**
 * cdk-nag's AwsSolutions pack as a CDK validation plugin (cdk-nag 3): `cdk synth` fails on any
 * finding that is not acknowledged with `Validations.of(construct).acknowledge({ id, reason })`.
 */
export function addSolutionsChecks(app: App): AwsSolutionsChecks {
  const checks = new AwsSolutionsChecks(app, { verbose: true });
  Validations.of(app).addPlugins(checks);
  return checks;
}
