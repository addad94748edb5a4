/**
 * End-to-end tests run against the embedded default as a person would meet it: DynamoDB Local, the
 * table from shared/table.ts, and the local server serving the built PWA and the API on one origin.
 * Without Chromium the browser tests fail under CI=true with the install instruction and are skipped,
 * loudly, elsewhere.
 */
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TestProject } from 'vitest/node';
import { generateSigningKey } from '../../functions/auth/keys.ts';
import { startDynamoLocal } from '../../infra/local/dynamodb-local.ts';
import { startLocalServer } from '../../infra/local/server.ts';
import { ensureTable } from '../../infra/local/table.ts';
import { findChromium, INSTALL_HINT } from './chromium.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** The admin on the roster of the end-to-end stack (a number reserved for tests would be better; this one is valid). */
export const E2E_ADMIN = { name: '王管理', phone: '+8613800138000' };

export default async function setup(project: TestProject) {
  const chromium = findChromium();
  if (chromium === undefined) {
    if (process.env.CI) throw new Error(INSTALL_HINT);
    console.warn(`\n!!!!!!!!!!\n!!! Browser tests SKIPPED: ${INSTALL_HINT}\n!!!!!!!!!!\n`);
  }
  project.provide('chromiumPath', chromium ?? '');

  const dynamo = await startDynamoLocal();
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTable(client, 'sitecall-e2e');
  client.destroy();
  const { privateKeyPem } = await generateSigningKey();
  const server = await startLocalServer({
    port: 0,
    // A build elsewhere (vite build --outDir DIR) can be tested with SITECALL_WEB_DIR=DIR.
    webDir: process.env.SITECALL_WEB_DIR ?? join(ROOT, 'web', 'dist'),
    tableName: 'sitecall-e2e',
    dynamoEndpoint: dynamo.endpoint,
    version: 'e2e',
    signingKeyPem: privateKeyPem,
    firstAdmin: { name: E2E_ADMIN.name, phone: E2E_ADMIN.phone },
  });
  project.provide('baseUrl', server.url);
  project.provide('adminPhone', E2E_ADMIN.phone);
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('tableName', 'sitecall-e2e');
  return async () => {
    await server.close();
    await dynamo.stop();
  };
}
