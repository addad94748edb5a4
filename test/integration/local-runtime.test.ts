/**
 * npm start as a person runs it: its build step (infra/local/build.ts), then the bundle run by plain node
 * in a real process, real DynamoDB Local with data on disk, real HTTP.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLocalRuntime, LOCAL_BUNDLE } from '../../infra/local/build.ts';
import { freePort } from '../../infra/local/dynamodb-local.ts';

const ROOT = join(import.meta.dirname, '..', '..');
/** The Node the project pins (its devDependency), as `npm start` finds it on the PATH npm sets. */
const NODE = join(ROOT, 'node_modules', '.bin', 'node');
const MAIN = LOCAL_BUNDLE;
const dataDir = mkdtempSync(join(tmpdir(), 'sitecall-data-'));

interface Running {
  child: ChildProcess;
  output: () => string;
  store: string;
}

function start(port: number, env: Record<string, string> = {}): Promise<Running> {
  const child = spawn(NODE, [MAIN], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), SITECALL_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 60 s:\n${out}`)), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}:\n${out}`));
    });
    const poll = setInterval(() => {
      const store = /DynamoDB Local at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (out.includes('Press Ctrl-C to stop.') && store !== undefined) {
        clearInterval(poll);
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({ child, output: () => out, store });
      }
    }, 50);
  });
}

function stop(running: Running): Promise<number | null> {
  return new Promise((resolve) => {
    running.child.once('exit', (code) => resolve(code));
    running.child.kill('SIGINT');
  });
}

function javaProcessesUsing(dir: string): number {
  const ps = spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  return ps.stdout.split('\n').filter((line) => line.includes('DynamoDBLocal') && line.includes(dir)).length;
}

function documents(endpoint: string) {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint,
      region: 'local',
      credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
    }),
  );
}

beforeAll(() => buildLocalRuntime(), 60_000);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('npm start (the embedded default)', () => {
  it('serves the API and the PWA, stops every child on Ctrl-C, and keeps its data across a restart', async () => {
    const port = await freePort();
    const first = await start(port);
    expect(first.output()).toContain(`http://127.0.0.1:${port}/`);

    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ store: 'up' });
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<div id="app"');

    await documents(first.store).send(
      new PutCommand({ TableName: 'sitecall-local', Item: { pk: 'probe', sk: 'restart', note: 'kept' } }),
    );
    // A wake-up that passed while the runtime was down: re-armed at boot and run through the bundled
    // state machine at once (its Task handed to the local decide step, never to a Lambda client).
    // (The entity only shapes the item here; the store modules read a table name at import.)
    process.env.TABLE_NAME ??= 'sitecall-local';
    const { ticketWake } = await import('../../functions/store/desk-entities.ts');
    const wake = ticketWake
      .put({
        ticketId: 'ticket-gone',
        wakeShard: 'wake-0',
        nextWakeAt: new Date(Date.now() - 60_000).toISOString(),
        companyId: 'probe',
      })
      .params({ table: 'sitecall-local' }) as { Item: Record<string, unknown> };
    await documents(first.store).send(new PutCommand({ TableName: 'sitecall-local', Item: wake.Item }));
    expect(await stop(first)).toBe(0);
    expect(javaProcessesUsing(dataDir)).toBe(0);

    const second = await start(port);
    expect(second.output()).toContain('(kept)');
    expect(second.output()).toContain('1 re-armed from the index');
    const got = await documents(second.store).send(
      new GetCommand({ TableName: 'sitecall-local', Key: { pk: 'probe', sk: 'restart' } }),
    );
    expect(got.Item).toMatchObject({ note: 'kept' });
    // The decide step ran (a ticket that is gone: nothing to do) and nothing failed.
    await new Promise((r) => setTimeout(r, 1500));
    expect(second.output()).not.toMatch(/failed|Error/);
    expect(await stop(second)).toBe(0);
    expect(javaProcessesUsing(dataDir)).toBe(0);
  }, 120_000);

  it('says in one line that the port is taken, and exits non-zero', async () => {
    const blocker: Server = createServer();
    const port = await freePort();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', () => r()));
    try {
      const run = spawnSync(NODE, [MAIN], {
        cwd: ROOT,
        env: { ...process.env, PORT: String(port) },
        encoding: 'utf8',
      });
      expect(run.status).toBe(1);
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`port ${port} .*already in use.*PORT=`));
      expect(run.stderr).not.toMatch(/\bat .+:\d+:\d+/);
    } finally {
      blocker.close();
    }
  });

  it('says in one line that Java is missing, and exits non-zero', async () => {
    const port = await freePort();
    // Only the project's own Node on PATH: no java.
    const path = dirname(NODE);
    const run = spawnSync(NODE, [MAIN], {
      cwd: ROOT,
      env: { ...process.env, PATH: path, PORT: String(port) },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Java is needed .*Install Java 17/);
  });
});
