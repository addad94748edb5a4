/**
 * The build step of `npm start`: infra/local/main.ts and everything it imports (the local server, the
 * handlers, the AWS SDK, ElectroDB…) bundled by esbuild into one ES module, run by plain `node`.
 * Run under tsx, the runtime kept tsx's loader, its transpiled modules and their source maps, and tsx's
 * own launcher process: about 190 MB resident idle plus a 55 MB launcher, against about 140 MB for
 * the bundle (docs/performance.md, timer-precision). Node runs this file itself (type stripping).
 * `npm start` runs the bundle with `--max-semi-space-size=2` (MB): V8's young generation otherwise grows
 * to 16 MB semi-spaces during the start-up burst and keeps them; capped, the idle process is ~20 MB
 * smaller, at the cost of more frequent minor collections, which a one-machine service does not feel.
 *
 * The bundle goes to node_modules/.cache/sitecall/local/ (ignored, like every install artifact), with
 * the state machine file beside it: modules that read a file next to their source
 * (infra/timers/ticket-timer.ts) find it there. DynamoDB Local's jar is found through node_modules.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';

/**
 * What the bundled runtime never runs, replaced by a module that says so if it ever were: the
 * state machine interpreter (aws-local-stepfunctions) imports the Lambda client and the Cognito
 * credential providers to invoke real Lambdas (the runtime hands every Task to a local handler), and
 * asl-validator with its JSON Schema compiler to check a definition (the runtime's one definition is
 * checked by the tests, test/infra/ticket-timer-definition.test.ts). Together about 18 MB resident.
 */
const UNUSED_IN_RUNTIME: Record<string, string> = {
  '@aws-sdk/client-lambda': `const no = () => { throw new Error('the local runtime invokes no Lambda'); };
export class LambdaClient { constructor() { no(); } }
export class InvokeCommand { constructor() { no(); } }`,
  '@aws-sdk/credential-providers': `export const fromCognitoIdentityPool = () => { throw new Error('the local runtime uses no Cognito credentials'); };`,
  'asl-validator': `export default () => { throw new Error('the local runtime does not validate definitions (tests do)'); };`,
};

const unusedInRuntime: Plugin = {
  name: 'unused-in-runtime',
  setup(b) {
    const names = Object.keys(UNUSED_IN_RUNTIME).map((n) => n.replace(/[/-]/g, '\\$&'));
    b.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (a) => ({
      path: a.path,
      namespace: 'unused',
    }));
    b.onLoad({ filter: /.*/, namespace: 'unused' }, (a) => ({ contents: UNUSED_IN_RUNTIME[a.path] ?? '' }));
  },
};

const ROOT = join(import.meta.dirname, '..', '..');
export const LOCAL_BUNDLE_DIR = join(ROOT, 'node_modules', '.cache', 'sitecall', 'local');
export const LOCAL_BUNDLE = join(LOCAL_BUNDLE_DIR, 'main.mjs');

export async function buildLocalRuntime(): Promise<string> {
  mkdirSync(LOCAL_BUNDLE_DIR, { recursive: true });
  await build({
    entryPoints: [join(ROOT, 'infra', 'local', 'main.ts')],
    outfile: LOCAL_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    logLevel: 'warning',
    plugins: [unusedInRuntime],
    // CommonJS dependencies bundled into an ES module still call require().
    banner: {
      js: "import { createRequire as __sitecallRequire } from 'node:module'; const require = __sitecallRequire(import.meta.url);",
    },
  });
  copyFileSync(
    join(ROOT, 'infra', 'timers', 'ticket-timer.asl.json'),
    join(LOCAL_BUNDLE_DIR, 'ticket-timer.asl.json'),
  );
  return LOCAL_BUNDLE;
}

if (import.meta.url === `file://${process.argv[1]}`) await buildLocalRuntime();
