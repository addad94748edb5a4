/**
 * The second floor of the Lambda benchmarks: the SDK floor plus the libraries the handlers are built
 * on — ElectroDB (one entity), zod (one schema), libphonenumber-js's min metadata and the Temporal
 * polyfill — each used once, with no Sitecall code. What a handler weighs and costs to start beyond
 * this is Sitecall's own; what this weighs beyond the SDK floor is the price of those libraries.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Entity } from 'electrodb';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { Temporal } from 'temporal-polyfill';
import * as z from 'zod';

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));

const item = new Entity(
  {
    model: { entity: 'item', version: '1', service: 'floor' },
    attributes: { id: { type: 'string', required: true } },
    indexes: { byId: { pk: { field: 'pk', composite: ['id'] }, sk: { field: 'sk', composite: [] } } },
  },
  { table: process.env.TABLE_NAME, client: documents },
);

const EventSchema = z.object({ id: z.string().min(1), phone: z.string().max(32) });

export async function handler(event: unknown) {
  const { id, phone } = EventSchema.parse(event);
  const out = await item.get({ id }).go();
  return {
    statusCode: 200,
    body: JSON.stringify({
      item: out.data,
      phone: parsePhoneNumberFromString(phone, 'CN')?.number ?? null,
      at: Temporal.Now.instant().toString(),
    }),
  };
}
