import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CREATE_REQUIRE_BANNER, LAMBDA_NAMES } from '../../infra/bundling.ts';
import type { SitecallFunction } from '../../infra/constructs/function.ts';
import { buildSitecall, logicalId } from './support.ts';

describe('Lambda bundling', () => {
  it('bundles every handler with esbuild as ESM, SDK included, and the bundles load', async () => {
    const { app, stack } = buildSitecall('dev', { bundle: true });
    const assembly = app.synth();
    const template = assembly.getStackArtifact(stack.artifactId).template as {
      Resources: Record<string, { Metadata?: Record<string, string> }>;
    };
    const resources = template.Resources;
    const byBundle: Record<string, SitecallFunction> = {
      ...stack.api.functions,
      'timer-decide': stack.timers.decide,
    };
    expect(Object.keys(byBundle).sort()).toEqual([...LAMBDA_NAMES].sort());

    const bundleFile = (fn: SitecallFunction) => {
      const assetPath = resources[logicalId(fn.function)]?.Metadata?.['aws:asset:path'];
      if (assetPath === undefined) throw new Error(`${fn.node.path} has no asset`);
      return join(assembly.directory, assetPath, 'index.mjs');
    };

    for (const fn of Object.values(byBundle)) {
      const code = readFileSync(bundleFile(fn), 'utf8');
      expect(code.startsWith(CREATE_REQUIRE_BANNER)).toBe(true);
      // Nothing left to the runtime's copy of the SDK.
      expect(code).not.toMatch(/from\s*["']@aws-sdk\//);
    }

    // The health route's handler imports the DynamoDB client: it must be inside the bundle.
    expect(readFileSync(bundleFile(stack.api.functions.public), 'utf8')).toMatch(/dynamodb/i);

    process.env.TABLE_NAME ??= 'bundling-test';
    // A store that refuses connections: the bundled decide must name the failure for the state
    // machine's retrier (infra/timers/ticket-timer.asl.json retries `StoreUnavailable`).
    process.env.DYNAMODB_ENDPOINT = 'http://127.0.0.1:9';
    const publicModule = (await import(pathToFileURL(bundleFile(stack.api.functions.public)).href)) as {
      handler: unknown;
    };
    expect(typeof publicModule.handler).toBe('function');
    const decide = (await import(pathToFileURL(bundleFile(stack.timers.decide)).href)) as {
      handler: (input: { ticketId: string }) => Promise<{ ticketId: string; wakeAt: string | null }>;
    };
    await expect(decide.handler({ ticketId: 'T-1' })).rejects.toMatchObject({ name: 'StoreUnavailable' });
  });
});
