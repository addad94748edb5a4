/**
 * intake-load: public intake POSTs under load on the local stack (DynamoDB Local + the local server,
 * in this process), autocannon with 50 connections for 20 s, each request a new report (its own
 * idempotency key). Afterwards the tickets of the contract are counted: every 201 must be exactly one
 * ticket (zero lost, zero doubled) with a number of its own. Baseline in the same run: a raw PutItem
 * loop with 50 concurrent writers against the same DynamoDB Local, and a second floor: the intake's
 * own TransactWriteItems (captured from the warm-up request, replayed with fresh ids, same items and
 * sizes) with 50 concurrent writers, which shows what the store alone costs for one ticket.
 * Targets: ≥ 300 tickets/s; intake p99 ≤ 3 × the PutItem p99.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  DynamoDBClient,
  PutItemCommand,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';
import autocannon from 'autocannon';
import { freePort, startDynamoLocal } from '../infra/local/dynamodb-local.ts';
import { startLocalServer } from '../infra/local/server.ts';
import { ensureTable } from '../infra/local/table.ts';
import { type BenchResult, quantile, round } from './harness.ts';

const CONNECTIONS = 50;
const DURATION_S = Number(process.env.INTAKE_LOAD_SECONDS ?? 20);
const BASELINE_S = 8;
const TABLE = 'sitecall-bench';

async function putItemBaseline(
  client: DynamoDBClient,
): Promise<{ p50: number; p99: number; perSecond: number }> {
  const latencies: number[] = [];
  const end = performance.now() + BASELINE_S * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, w) => {
      while (performance.now() < end) {
        const started = performance.now();
        await client.send(
          new PutItemCommand({
            TableName: TABLE,
            Item: { pk: { S: `baseline#${w}#${n++}` }, sk: { S: 'x' }, body: { S: 'x'.repeat(1500) } },
          }),
        );
        latencies.push(performance.now() - started);
      }
    }),
  );
  return {
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    perSecond: latencies.length / BASELINE_S,
  };
}

/** Strings of a captured intake transaction that make its items unique (ids, key, token hash). */
function uniqueValues(input: TransactWriteItemsCommandInput): string[] {
  const values = new Set<string>();
  for (const entry of input.TransactItems ?? []) {
    const item = entry.Put?.Item ?? {};
    // The contract and the number too, so that the replayed tickets are not counted as the run's.
    for (const field of [
      'ticketId',
      'idempotencyKey',
      'tokenHash',
      'linkId',
      'auditId',
      'contractId',
      'number',
    ]) {
      const value = item[field]?.S;
      if (value !== undefined) values.add(value);
    }
  }
  return [...values];
}

/** The captured intake transaction replayed by 50 writers, each time with fresh unique values. */
async function transactionBaseline(
  client: DynamoDBClient,
  captured: TransactWriteItemsCommandInput,
): Promise<{ p50: number; p99: number; perSecond: number; items: number }> {
  const template = JSON.stringify(captured);
  const unique = uniqueValues(captured);
  const latencies: number[] = [];
  const end = performance.now() + BASELINE_S * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, w) => {
      while (performance.now() < end) {
        let text = template;
        for (const value of unique) {
          // Same length as the value it replaces, so the items keep their sizes.
          const fresh = `${w}.${n++}.${randomUUID().replaceAll('-', '').repeat(4)}`.slice(0, value.length);
          text = text.replaceAll(value, fresh);
        }
        // A new request token each time (the SDK makes one when there is none), or the store
        // would take the replay for a retry of the captured request.
        const { ClientRequestToken: _token, ...input } = JSON.parse(text) as TransactWriteItemsCommandInput;
        const started = performance.now();
        await client.send(new TransactWriteItemsCommand(input));
        latencies.push(performance.now() - started);
      }
    }),
  );
  return {
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    perSecond: latencies.length / BASELINE_S,
    items: captured.TransactItems?.length ?? 0,
  };
}

export default async function intakeLoad(): Promise<BenchResult> {
  const dynamo = await startDynamoLocal();
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  await ensureTable(client, TABLE);
  process.env.PUBLIC_LIMIT_PER_LINK_PER_HOUR = '1000000000';
  process.env.PUBLIC_LIMIT_PER_IP_PER_HOUR = '1000000000';
  const { generateSigningKey } = await import('../functions/auth/keys.ts');
  const server = await startLocalServer({
    port: await freePort(),
    webDir: join(import.meta.dirname, '..', 'web', 'dist'),
    tableName: TABLE,
    dynamoEndpoint: dynamo.endpoint,
    version: 'bench',
    signingKeyPem: (await generateSigningKey()).privateKeyPem,
  });
  try {
    // Seed through the store, in this process (the server's modules read the same environment).
    const register = await import('../functions/store/register.ts');
    const { createCustomerLink } = await import('../functions/auth/links.ts');
    const { ticketsOfContract } = await import('../functions/store/tickets.ts');
    const { presetPolicy } = await import('../shared/sla/index.ts');
    const now = new Date();
    const at = now.toISOString();
    const actor = { kind: 'system', id: 'bench' } as const;
    const companyId = 'bench';
    const contractId = register.newId();
    const siteId = register.newId();
    const deviceId = register.newId();
    await register.createContract(
      {
        contractId,
        companyId,
        customerId: 'c',
        customerName: 'Bench customer',
        name: 'Bench contract',
        serviceLevel: 'C',
        timeZone: 'Asia/Shanghai',
        startsOn: '2026-01-01',
        endsOn: '2026-12-31',
        policies: [presetPolicy('C', { policyId: contractId })],
        escalation: [],
        createdAt: at,
        updatedAt: at,
        version: 1,
      },
      actor,
      now,
    );
    await register.createDevice(
      {
        deviceId,
        companyId,
        contractId,
        siteId,
        category: 'firewall',
        model: 'SRX-3600',
        serviceStart: '2026-01-01',
        serviceEnd: '2026-12-31',
        createdAt: at,
        updatedAt: at,
        version: 1,
      },
      actor,
      now,
    );
    const { token } = await createCustomerLink({ companyId, contractId }, actor, now);

    const baseline = await putItemBaseline(client);

    const body = () =>
      JSON.stringify({
        deviceId,
        description: '防火墙无法访问',
        answers: { serviceDown: true, businessInterrupted: false, dataLost: false },
        contactName: '王工',
        contactPhone: '13912345678',
        idempotencyKey: randomUUID(),
      });
    // Warm-up: the first request compiles the calendar and opens connections. Its transaction is
    // captured (as sent on the wire) for the second baseline.
    const { dynamo: serverClient } = await import('../functions/lib/store.ts');
    let captured: TransactWriteItemsCommandInput | undefined;
    serverClient.middlewareStack.add(
      (next, context) => async (args) => {
        const { body } = args.request as { body?: unknown };
        if (context.commandName === 'TransactWriteItemsCommand' && captured === undefined) {
          const text = typeof body === 'string' ? body : new TextDecoder().decode(body as Uint8Array);
          captured = JSON.parse(text) as TransactWriteItemsCommandInput;
        }
        return next(args);
      },
      { step: 'finalizeRequest', name: 'benchCaptureTransaction' },
    );
    await fetch(`${server.url}/api/public/intake`, {
      method: 'POST',
      headers: { authorization: `Link ${token}`, 'content-type': 'application/json' },
      body: body(),
    });
    serverClient.middlewareStack.remove('benchCaptureTransaction');
    if (captured === undefined) throw new Error('the warm-up intake made no transaction');
    const transaction = await transactionBaseline(client, captured);
    const answered: string[] = [];
    const result = await autocannon({
      url: `${server.url}/api/public/intake`,
      connections: CONNECTIONS,
      duration: DURATION_S,
      requests: [
        {
          method: 'POST',
          headers: { authorization: `Link ${token}`, 'content-type': 'application/json' },
          setupRequest: (req) => ({ ...req, body: body() }),
          onResponse: (status, text) => {
            if (status === 201) answered.push((JSON.parse(text) as { number: string }).number);
          },
        },
      ],
    });
    // Requests still in flight when the run ended complete on the server: wait until the count settles.
    let tickets = await ticketsOfContract(contractId);
    for (;;) {
      await new Promise((r) => setTimeout(r, 2000));
      const again = await ticketsOfContract(contractId);
      if (again.length === tickets.length) break;
      tickets = again;
    }
    const stored = new Set(tickets.map((t) => t.number));
    // Lost: answered 201 but not in the table. Doubled: two tickets with one number, or one number answered twice.
    const lost = answered.filter((n) => !stored.has(n)).length;
    const doubled = tickets.length - stored.size + (answered.length - new Set(answered).size);
    const finishedAfterRun = tickets.length - 1 - answered.length;
    const ticketsPerSecond = (result['2xx'] ?? 0) / DURATION_S;
    const p99 = result.latency.p99;
    const ratio = p99 / baseline.p99;
    return {
      name: 'intake-load',
      metrics: {
        ticketsPerSecond: round(ticketsPerSecond, 1),
        requestsPerSecond: round(result.requests.average, 1),
        p50Ms: result.latency.p50,
        p99Ms: p99,
        errors: result.errors + result.non2xx,
        ticketsCounted: tickets.length,
        lost,
        doubled,
        finishedAfterRun,
      },
      baseline: {
        putItemP50Ms: round(baseline.p50),
        putItemP99Ms: round(baseline.p99),
        putItemPerSecond: round(baseline.perSecond, 1),
        [`transact${transaction.items}P50Ms`]: round(transaction.p50),
        [`transact${transaction.items}P99Ms`]: round(transaction.p99),
        [`transact${transaction.items}PerSecond`]: round(transaction.perSecond, 1),
      },
      ratios: {
        p99Ms: round(ratio),
        p99ToTransactionP99: round(p99 / transaction.p99),
        ticketsPerSecondToTransactionsPerSecond: round(ticketsPerSecond / transaction.perSecond),
      },
      targets: { ticketsPerSecond: '≥ 300', p99Ms: '≤ 3 × PutItem p99', lost: '0', doubled: '0' },
      pass: ticketsPerSecond >= 300 && ratio <= 3 && lost === 0 && doubled === 0,
      notes: [
        `${CONNECTIONS} connections for ${DURATION_S} s against ${server.url}; ${result['2xx']} × 2xx, ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
        `tickets in the table: ${tickets.length} = warm-up 1 + answered 201 ${answered.length} + ${finishedAfterRun} whose answer came after the run ended`,
        `PutItem baseline: ${CONNECTIONS} concurrent writers for ${BASELINE_S} s against the same DynamoDB Local`,
        `transaction floor: the intake's own ${transaction.items}-item TransactWriteItems replayed with fresh ids by ${CONNECTIONS} writers for ${BASELINE_S} s: ${round(transaction.perSecond, 1)}/s, p99 ${round(transaction.p99)} ms`,
      ],
    };
  } finally {
    await server.close();
    client.destroy();
    await dynamo.stop();
  }
}
