/**
 * What one public intake costs in DynamoDB requests, counted by a middleware on the SDK client that
 * every repository uses. The counts are the regression guard of the intake path: a change that adds
 * a round trip fails here, whatever the timing of the machine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type IntakeSystem,
  intakeBody,
  linkAuth,
  loadIntakeSystem,
  postIntake,
  type Seeded,
  seedContract,
} from './intake-fixtures.ts';

/*
 * Before the intake path was tuned, each of the three cases below made 9 requests.
 *
 * A new intake through a link this container has not seen yet: one BatchGetItem (link, QR label,
 * device), one GetItem (the contract, whose id the link names), two rate-counter UpdateItems (per
 * link, per address), one UpdateItem reserving a block of ticket numbers, the TransactWriteItems.
 */
const FIRST_INTAKE_MAX = 6;
/** A new intake through a link seen before, numbers in hand: BatchGetItem, 2 × UpdateItem, the transaction. */
const WARM_INTAKE_MAX = 4;
/**
 * The same report again (same idempotency key): BatchGetItem, 2 × UpdateItem, the transaction that
 * fails on the idempotency record and returns it, the ticket's Query, the new status link's transaction.
 */
const REPEAT_MAX = 6;

describe('DynamoDB requests of one intake', () => {
  let s: IntakeSystem;
  let k: Seeded;
  const log: string[] = [];
  let counting = false;
  let remove: () => void = () => {};

  beforeAll(async () => {
    s = await loadIntakeSystem();
    const { dynamo } = await import('../../functions/lib/store.ts');
    const name = 'intakeCostCounter';
    dynamo.middlewareStack.add(
      (next, context) => async (args) => {
        if (counting) log.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name },
    );
    remove = () => dynamo.middlewareStack.remove(name);
    k = await seedContract(s, 'A');
    s.clock.set('2026-11-25T02:00:00.000Z');
  });
  afterAll(() => remove());

  async function counted<T>(run: () => Promise<T>): Promise<{ result: T; requests: string[] }> {
    log.length = 0;
    counting = true;
    try {
      const result = await run();
      return { result, requests: [...log] };
    } finally {
      counting = false;
    }
  }

  const post = (body: Record<string, unknown>) => postIntake(s, linkAuth(k.linkToken), body);

  it(`a first intake through a link makes at most ${FIRST_INTAKE_MAX} requests`, async () => {
    const { result, requests } = await counted(() => post(intakeBody(k.deviceIds[0])));
    expect(result.status).toBe(201);
    expect(requests.length, requests.join(', ')).toBeLessThanOrEqual(FIRST_INTAKE_MAX);
    expect(requests.filter((r) => r === 'TransactWriteItemsCommand')).toHaveLength(1);
  });

  it(`a warm intake makes at most ${WARM_INTAKE_MAX} requests, one of them the transaction`, async () => {
    // Three more first (blocks of 1, 2 and 4 numbers are taken), so that the container holds numbers
    // in hand (docs/data-model.md, ticket numbers).
    for (let i = 0; i < 3; i++) expect((await post(intakeBody(k.deviceIds[0]))).status).toBe(201);
    const { result, requests } = await counted(() => post(intakeBody(k.deviceIds[1])));
    expect(result.status).toBe(201);
    expect(requests.length, requests.join(', ')).toBeLessThanOrEqual(WARM_INTAKE_MAX);
    expect(requests.filter((r) => r === 'TransactWriteItemsCommand')).toHaveLength(1);
  });

  it(`a repeated intake (same idempotency key) makes at most ${REPEAT_MAX} requests and no new ticket`, async () => {
    const body = intakeBody(k.deviceIds[0]);
    const first = await post(body);
    expect(first.status).toBe(201);
    const { result, requests } = await counted(() => post(body));
    expect(result.status).toBe(200);
    expect(result.json.number).toBe(first.json.number);
    expect(requests.length, requests.join(', ')).toBeLessThanOrEqual(REPEAT_MAX);
  });
});
