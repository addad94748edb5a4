/**
 * npm start: the embedded default on one machine (bundled by ./build.ts, run by plain node). DynamoDB Local keeps its data in .data/ (git-ignored;
 * SITECALL_DATA_DIR moves it), beside the local token signing key;
 * the table comes from shared/table.ts, and one HTTP server on 127.0.0.1:$PORT serves the API and the PWA.
 * Ctrl-C stops every child process.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LocalStackError, startDynamoLocal } from './dynamodb-local.ts';
import { startLocalServer } from './server.ts';
import { ensureTable } from './table.ts';

/** The project directory: the nearest one up with Sitecall's package.json (run from source or bundled). */
function projectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'sitecall')
      return dir;
    if (dirname(dir) === dir) return join(from, '..', '..');
  }
}

const ROOT = projectRoot(import.meta.dirname);
const TABLE_NAME = 'sitecall-local';

function fail(message: string): never {
  console.error(`sitecall: ${message}`);
  process.exit(1);
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    fail(`PORT must be a number from 1 to 65535, not "${raw}".`);
  return port;
}

function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        fail(
          `port ${port} on 127.0.0.1 is already in use. Stop what uses it, or start on another port: PORT=3001 npm start`,
        );
      }
      fail(`cannot listen on 127.0.0.1:${port} (${error.code ?? error.message}).`);
    });
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

/**
 * The local stack's token signing key: made once, kept beside the data (owner-only) so sessions survive
 * a restart. In AWS the key comes from an SSM SecureString instead.
 */
async function localSigningKey(dataDir: string): Promise<string> {
  const file = join(dataDir, 'signing-key.pem');
  if (existsSync(file)) return readFileSync(file, 'utf8');
  const { generateSigningKey } = await import('../../functions/auth/keys.ts');
  const { privateKeyPem } = await generateSigningKey();
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, privateKeyPem, { mode: 0o600 });
  return privateKeyPem;
}

/** SITECALL_ADMIN_PHONE (and SITECALL_ADMIN_NAME) put the first admin on the roster at start. */
function firstAdminFromEnvironment(): { firstAdmin?: { name: string; phone: string } } {
  const phone = process.env.SITECALL_ADMIN_PHONE;
  if (phone === undefined || phone === '') return {};
  return { firstAdmin: { phone, name: process.env.SITECALL_ADMIN_NAME || '管理员' } };
}

async function main(): Promise<void> {
  const port = parsePort(process.env.PORT);
  await assertPortFree(port);
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string })
    .version;

  const dataDir = process.env.SITECALL_DATA_DIR || join(ROOT, '.data');
  const signingKeyPem = await localSigningKey(dataDir);
  const dynamo = await startDynamoLocal({ dataDir: join(dataDir, 'dynamodb') });
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await dynamo.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  dynamo.process.once('exit', (code) => {
    if (!stopping) {
      console.error(`sitecall: DynamoDB Local stopped unexpectedly (exit ${code}).`);
      void stop(1);
    }
  });

  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const created = await ensureTable(client, TABLE_NAME);
  client.destroy();

  const server = await startLocalServer({
    port,
    webDir: join(ROOT, 'web', 'dist'),
    tableName: TABLE_NAME,
    dynamoEndpoint: dynamo.endpoint,
    version,
    signingKeyPem,
    ...firstAdminFromEnvironment(),
  });

  console.log(`Sitecall ${version} is running (embedded default).`);
  console.log(`  App:     ${server.url}/`);
  console.log(`  API:     ${server.url}/api/health`);
  console.log(
    `  Store:   DynamoDB Local at ${dynamo.endpoint}, table ${TABLE_NAME} (${created ? 'created' : 'kept'}), data in ${dataDir}`,
  );
  console.log(`  SMS:     the local outbox, ${server.url}/dev/outbox (nothing is sent)`);
  console.log(
    `  Timers:  ticket timers in-process (the Step Functions definition), ${server.timersRearmed} re-armed from the index`,
  );
  if (server.firstAdmin !== undefined) {
    const { created, name, phone } = server.firstAdmin;
    console.log(
      `  Admin:   ${name} ${phone} (${created ? 'created' : 'on the roster'}); sign in at ${server.url}/signin`,
    );
  } else {
    console.log(
      '  Admin:   none set; start with SITECALL_ADMIN_PHONE=+86… SITECALL_ADMIN_NAME=… to create the first admin',
    );
  }
  console.log('Press Ctrl-C to stop.');
}

main().catch((error: unknown) => {
  if (error instanceof LocalStackError) fail(error.message);
  fail(error instanceof Error ? error.message : String(error));
});
