/**
 * The dependency rule of docs/architecture.md is enforced by Biome (biome.json overrides). These
 * tests prove the fence holds: each forbidden import, linted as if it stood in that folder, fails.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const BIOME = join(ROOT, 'node_modules', '.bin', 'biome');

// A scratch tree with the project's own biome.json, so the folder-scoped rules apply as in the repo.
const scratch = mkdtempSync(join(tmpdir(), 'sitecall-fence-'));
const config = JSON.parse(readFileSync(join(ROOT, 'biome.json'), 'utf8')) as Record<string, unknown>;
delete config.$schema;
delete config.vcs;
writeFileSync(join(scratch, 'biome.json'), JSON.stringify(config));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let serial = 0;
function lintAs(path: string, source: string): { ok: boolean; output: string } {
  const file = join(scratch, path.replace(/\.ts$/, `${++serial}.ts`));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, source);
  const run = spawnSync(BIOME, ['lint', file], { cwd: scratch, encoding: 'utf8' });
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}

describe('the dependency rule', () => {
  it.each([
    [
      'shared/x.ts',
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport const a = DynamoDBClient;\n",
    ],
    ['shared/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n"],
    ['shared/x.ts', "import { Hono } from 'hono';\nexport const a = Hono;\n"],
    ['shared/x.ts', "import { openDB } from 'idb';\nexport const a = openDB;\n"],
    [
      'shared/sla/x.ts',
      "import { config } from '../../functions/lib/config.ts';\nexport const a = config;\n",
    ],
    ['shared/x.ts', 'export const a = () => fetch("/api");\n'],
    ['shared/x.ts', 'export const a = () => process.env.X;\n'],
    [
      'functions/lib/x.ts',
      "import { startDynamoLocal } from '../../infra/local/dynamodb-local.ts';\nexport const a = startDynamoLocal;\n",
    ],
    ['web/src/x.ts', "import { config } from '../../functions/lib/config.ts';\nexport const a = config;\n"],
    ['web/src/x.ts', "import { TABLE_NAME } from '../../infra/stack.ts';\nexport const a = TABLE_NAME;\n"],
    ['functions/lib/x.ts', "import { z } from 'zod';\nexport const a = z.string();\n"],
    ['web/src/x.ts', "import { locales } from 'zod';\nexport const a = locales;\n"],
    ['functions/store/x.ts', "import { Entity } from 'electrodb';\nexport const a = Entity;\n"],
  ])('refuses in %s: %s', (path, source) => {
    const result = lintAs(path, source);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/noRestrictedImports|noRestrictedGlobals/);
  });

  it.each([
    ['shared/x.ts', "import * as z from 'zod';\nexport const a = z.string();\n"],
    [
      'functions/lib/x.ts',
      "import { TABLE_DEFINITION } from '../../shared/table.ts';\nexport const a = TABLE_DEFINITION;\n",
    ],
    [
      'test/x.ts',
      "import { startDynamoLocal } from '../infra/local/dynamodb-local.ts';\nexport const a = startDynamoLocal;\n",
    ],
  ])('allows in %s: %s', (path, source) => {
    const result = lintAs(path, source);
    expect(result.output).not.toMatch(/noRestricted/);
    expect(result.ok).toBe(true);
  });
});
