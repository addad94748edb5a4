/**
 * The CDK app (cdk.json: `npx tsx infra/app.ts`). The stage comes from context: `-c stage=prod`,
 * dev when absent. The PWA must be built first (npm run synth and npm run deploy do that).
 */
import { App } from 'aws-cdk-lib';
import { createSitecall } from './sitecall.ts';

const app = new App();
createSitecall(app);
app.synth();
