/**
 * The conventions every entity on the one table follows (shared/table.ts), in one place: key attribute
 * names from TABLE_DEFINITION, the generic indexes overloaded (ElectroDB prefixes every key with its
 * entity, so they never clash), and key values kept as they are — ElectroDB lowercases by default,
 * which would make two base64url hashes collide.
 */
import { TABLE_DEFINITION } from '../../shared/table.ts';

export const [GSI1, GSI2, GSI3] = TABLE_DEFINITION.globalIndexes;

/** The ElectroDB service name of every entity. */
export const SERVICE = 'sitecall';

export function key<const C extends readonly string[]>(field: string, composite: C) {
  return { field, composite, casing: 'none' as const };
}

export function primary<const P extends readonly string[], const S extends readonly string[]>(pk: P, sk: S) {
  return { pk: key(TABLE_DEFINITION.partitionKey, pk), sk: key(TABLE_DEFINITION.sortKey, sk) };
}

export function secondary<const P extends readonly string[], const S extends readonly string[]>(
  gsi: { indexName: string; partitionKey: string; sortKey: string },
  pk: P,
  sk: S,
) {
  return { index: gsi.indexName, pk: key(gsi.partitionKey, pk), sk: key(gsi.sortKey, sk) };
}

/** DynamoDB's TTL attribute (epoch seconds): the item disappears some time after. */
export const ttl = { type: 'number', field: TABLE_DEFINITION.timeToLiveAttribute } as const;

/** The optimistic-lock counter of a versioned item. */
export const version = { type: 'number', required: true, default: 1 } as const;
