/**
 * The single DynamoDB table of Sitecall, as plain data.
 *
 * Both the CDK stack (infra/constructs/data.ts) and the local runtime (infra/local/) build the
 * table from this object, so the deployed table and the local one cannot drift apart. Every key
 * attribute is a string; entities overload the generic indexes (see docs/data-model.md).
 */
export const TABLE_DEFINITION = {
  partitionKey: 'pk',
  sortKey: 'sk',
  globalIndexes: [
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    { indexName: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  ],
  /** Epoch seconds; DynamoDB deletes the item some time after. Used by counters and one-time codes. */
  timeToLiveAttribute: 'expiresAt',
} as const;

export type TableDefinition = typeof TABLE_DEFINITION;
