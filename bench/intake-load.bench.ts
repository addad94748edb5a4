/**
 * intake-load: public intake POSTs under load on the local stack (DynamoDB Local + the local server,
 * in this process), autocannon with 50 connections for 20 s, each request a new report (its own
 * idempotency key). Afterwards the tickets of the contract are counted: every 201 must be exactly one
 * ticket (zero lost, zero doubled) with a number of its own. Baseline in the same run: a raw PutItem
 * loop with 50 concurrent writers against the same DynamoDB Local.
 * Targets: ≥ 300 tickets/s; intake p99 ≤ 3 × the PutItem p99.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
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
    // Warm-up: the first request compiles the calendar and opens connections.
    await fetch(`${server.url}/api/public/intake`, {
      method: 'POST',
      headers: { authorization: `Link ${token}`, 'content-type': 'application/json' },
      body: body(),
    });
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
      },
      ratios: { p99Ms: round(ratio) },
      targets: { ticketsPerSecond: '≥ 300', p99Ms: '≤ 3 × PutItem p99', lost: '0', doubled: '0' },
      pass: ticketsPerSecond >= 300 && ratio <= 3 && lost === 0 && doubled === 0,
      notes: [
        `${CONNECTIONS} connections for ${DURATION_S} s against ${server.url}; ${result['2xx']} × 2xx, ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
        `tickets in the table: ${tickets.length} = warm-up 1 + answered 201 ${answered.length} + ${finishedAfterRun} whose answer came after the run ended`,
        `PutItem baseline: ${CONNECTIONS} concurrent writers for ${BASELINE_S} s against the same DynamoDB Local`,
      ],
    };
  } finally {
    await server.close();
    client.destroy();
    await dynamo.stop();
  }
}
