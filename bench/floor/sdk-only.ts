/**
 * The floor of the Lambda benchmarks: a handler that does nothing but one DynamoDB read with the
 * document client, bundled the same way as ours. No Sitecall handler can be smaller or start faster.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export async function handler(event: { id: string }) {
  const out = await documents.send(
    new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: event.id, sk: event.id } }),
  );
  return { statusCode: 200, body: JSON.stringify(out.Item ?? null) };
}
