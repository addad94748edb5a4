/**
 * Integration tests talk to a real DynamoDB Local over the wire: started in memory once for the
 * project, with the table created from shared/table.ts, and stopped after.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TestProject } from 'vitest/node';
import { startDynamoLocal } from '../../infra/local/dynamodb-local.ts';
import { ensureTable } from '../../infra/local/table.ts';

export const TEST_TABLE = 'sitecall-test';

export default async function setup(project: TestProject) {
  const dynamo = await startDynamoLocal();
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTable(client, TEST_TABLE);
  client.destroy();
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('tableName', TEST_TABLE);
  return async () => {
    await dynamo.stop();
  };
}
