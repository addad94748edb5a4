/**
 * How every Lambda of Sitecall is bundled, as plain data.
 *
 * The CDK stack turns these options into NodejsFunction bundling options (infra/constructs/function.ts),
 * and a benchmark can hand the very same options to esbuild's `build()` to measure what is deployed:
 *
 *   await build({ ...ESBUILD_OPTIONS, entryPoints: [entryPath(name)], outfile, metafile: true });
 *
 * The AWS SDK is bundled, not left to the copy in the Lambda runtime, so the SDK version that runs in
 * AWS is the one package-lock.json pins and the one the tests ran against.
 */
import { join, resolve } from 'node:path';
import type { BuildOptions } from 'esbuild';

/** The repository root: entry paths below are relative to it. */
export const PROJECT_ROOT = resolve(import.meta.dirname, '..');

/** One bundle per Lambda function: its entry file, relative to the repository root. */
export const LAMBDA_ENTRIES = {
  public: 'functions/handlers/public.ts',
  auth: 'functions/handlers/auth.ts',
  field: 'functions/handlers/field.ts',
  desk: 'functions/handlers/desk.ts',
  'timer-decide': 'functions/handlers/timer-decide.ts',
} as const;

export type LambdaName = keyof typeof LAMBDA_ENTRIES;
export const LAMBDA_NAMES = Object.keys(LAMBDA_ENTRIES) as LambdaName[];

/**
 * Bundled ESM cannot `require()`, but a few CommonJS dependencies inside the SDK still call
 * `require('node:…')`; esbuild then needs a real `require` in scope. The alias keeps the name from
 * clashing with a bundled module that imports `createRequire` itself.
 */
export const CREATE_REQUIRE_BANNER =
  "import { createRequire as sitecallCreateRequire } from 'node:module'; const require = sitecallCreateRequire(import.meta.url);";

/** Node 24 is the Lambda runtime (Runtime.NODEJS_24_X); esbuild may emit everything Node 24 parses. */
export const NODE_TARGET = 'node24';

/**
 * The esbuild options of every Lambda bundle, in esbuild's own option names. Source maps are off: they
 * would roughly double each bundle, and using them needs NODE_OPTIONS=--enable-source-maps, which
 * slows every cold start. Set `sourcemap: 'external'` here to debug; the function construct then sets
 * NODE_OPTIONS itself.
 */
export const ESBUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: NODE_TARGET,
  format: 'esm',
  minify: true,
  sourcemap: false,
  /** Prefer the ESM builds of dependencies (the SDK ships both): smaller and tree-shaken. */
  mainFields: ['module', 'main'],
  /** Nothing is external: `@aws-sdk/*` is bundled on purpose (see the header). */
  external: [],
  banner: { js: CREATE_REQUIRE_BANNER },
} satisfies BuildOptions;

/** The absolute path of a function's entry file. */
export function entryPath(name: LambdaName): string {
  return join(PROJECT_ROOT, LAMBDA_ENTRIES[name]);
}
