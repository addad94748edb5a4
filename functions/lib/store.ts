/**
 * The DynamoDB clients, created once per container. Repositories take the document client from
 * here; nothing else in functions/ talks to DynamoDB.
 */
import { Agent } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from './config.ts';

const local = config.dynamoEndpoint !== undefined;

/**
 * Connections to DynamoDB Local (plain HTTP on loopback): kept alive, and more of them than the SDK's
 * default 50, so that a local server under load (50 concurrent requests, each making two DynamoDB
 * calls at once) does not queue inside the SDK. In AWS the SDK's defaults stand: a Lambda container
 * serves one request at a time.
 */
const LOCAL_MAX_SOCKETS = 128;

export const dynamo = new DynamoDBClient({
  ...(local
    ? {
        endpoint: config.dynamoEndpoint,
        // DynamoDB Local accepts any credentials; fixed ones keep the SDK from searching for a profile.
        region: 'local',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: LOCAL_MAX_SOCKETS }) },
      }
    : {}),
  maxAttempts: 3,
});

export const documents = DynamoDBDocumentClient.from(dynamo, {
  marshallOptions: { removeUndefinedValues: true },
});

export const tableName = config.tableName;

/**
 * Whether the table answers: one consistent read of a key that never exists. Read-only, so it
 * needs no more permission than any reading handler has.
 */
export async function storeAnswers(): Promise<boolean> {
  try {
    await documents.send(new GetCommand({ TableName: tableName, Key: { pk: 'health', sk: 'health' } }));
    return true;
  } catch {
    return false;
  }
}
