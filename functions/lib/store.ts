/**
 * The DynamoDB clients, created once per container. Repositories take the document client from
 * here; nothing else in functions/ talks to DynamoDB.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from './config.ts';

const local = config.dynamoEndpoint !== undefined;

export const dynamo = new DynamoDBClient({
  ...(local
    ? {
        endpoint: config.dynamoEndpoint,
        // DynamoDB Local accepts any credentials; fixed ones keep the SDK from searching for a profile.
        region: 'local',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
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
