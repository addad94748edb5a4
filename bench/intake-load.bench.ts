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
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import {
  BatchGetItemCommand,
  type BatchGetItemCommandInput,
  DynamoDBClient,
  GetItemCommand,
  type GetItemCommandInput,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import autocannon from 'autocannon';
import { DEFAULT_JVM_OPTIONS, freePort, startDynamoLocal } from '../infra/local/dynamodb-local.ts';
import { startLocalServer } from '../infra/local/server.ts';
import { ensureTable } from '../infra/local/table.ts';
import { type BenchResult, quantile, round } from './harness.ts';

const CONNECTIONS = 50;
const DURATION_S = Number(process.env.INTAKE_LOAD_SECONDS ?? 20);
const BASELINE_S = 8;
/** DynamoDB Local's JVM compiles its hot paths during the first seconds: unmeasured, before any floor. */
const JIT_WARM_UP_S = 8;
/**
 * Intakes before the run; the last one's requests are captured for the floors. Seven: the container
 * takes ticket numbers in blocks of 1, 2 and 4 (functions/store/tickets.ts), so the seventh is a warm
 * intake with a number in hand, as nearly every intake of the run is.
 */
const WARM_UP_REPORTS = 7;
const TABLE = 'sitecall-bench';

/** The raw floor: one 1.5 KB PutItem per request, 50 writers. */
function putItemBaseline(client: DynamoDBClient): Promise<Floor> {
  let n = 0;
  return loop(BASELINE_S, () =>
    client.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: { pk: { S: `baseline#${n++}` }, sk: { S: 'x' }, body: { S: 'x'.repeat(1500) } },
      }),
    ),
  );
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

/**
 * CPU time (ms) a process has used, from /proc (Linux; clock ticks of 10 ms), or NaN elsewhere. With
 * the Node process's own cpuUsage it shows where the machine's two cores go per ticket.
 */
function processCpuMs(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

const nodeCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** CPU ms of DynamoDB Local (Java) and of this Node process while `run` runs. */
async function cpuOf<T>(javaPid: number | undefined, run: () => Promise<T>) {
  const [java0, node0, t0] = [processCpuMs(javaPid), nodeCpuMs(), performance.now()];
  const result = await run();
  return {
    result,
    javaMs: processCpuMs(javaPid) - java0,
    nodeMs: nodeCpuMs() - node0,
    wallMs: performance.now() - t0,
  };
}

let freshCount = 0;

/** The captured transaction with fresh unique values (same lengths, so the items keep their sizes). */
function freshTransaction(captured: TransactWriteItemsCommandInput): TransactWriteItemsCommandInput {
  let text = JSON.stringify(captured);
  for (const value of uniqueValues(captured)) {
    const fresh = `${freshCount++}.${randomUUID().replaceAll('-', '').repeat(4)}`.slice(0, value.length);
    text = text.replaceAll(value, fresh);
  }
  // A new request token each time (the SDK makes one when there is none), or the store would take
  // the replay for a retry of the captured request.
  const { ClientRequestToken: _token, ...input } = JSON.parse(text) as TransactWriteItemsCommandInput;
  return input;
}

interface Floor {
  p50: number;
  p99: number;
  /** Completed runs per second (failed ones not counted). */
  perSecond: number;
  /** Runs that failed after the client's retries (e.g. DynamoDB Local's lock wait timing out). */
  failed: number;
}

/** `CONNECTIONS` writers each running `once` in a loop for `seconds`; latencies of each run. */
async function loop(seconds: number, once: () => Promise<unknown>): Promise<Floor> {
  const latencies: number[] = [];
  let failed = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < end) {
        const started = performance.now();
        try {
          await once();
          latencies.push(performance.now() - started);
        } catch {
          failed++;
        }
      }
    }),
  );
  return {
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    perSecond: latencies.length / seconds,
    failed,
  };
}

/** The captured intake transaction replayed by 50 writers, each time with fresh unique values. */
function transactionBaseline(
  client: DynamoDBClient,
  captured: TransactWriteItemsCommandInput,
): Promise<Floor> {
  return loop(BASELINE_S, () => client.send(new TransactWriteItemsCommand(freshTransaction(captured))));
}

/** One request of a captured intake, by its wire operation. */
type Captured =
  | { op: 'BatchGetItem'; input: BatchGetItemCommandInput }
  | { op: 'GetItem'; input: GetItemCommandInput }
  | { op: 'Query'; input: QueryCommandInput }
  | { op: 'UpdateItem'; input: UpdateItemCommandInput }
  | { op: 'TransactWriteItems'; input: TransactWriteItemsCommandInput };

function replay(client: DynamoDBClient, r: Captured): Promise<unknown> {
  switch (r.op) {
    case 'BatchGetItem':
      return client.send(new BatchGetItemCommand(r.input));
    case 'GetItem':
      return client.send(new GetItemCommand(r.input));
    case 'Query':
      return client.send(new QueryCommand(r.input));
    case 'UpdateItem':
      return client.send(new UpdateItemCommand(r.input));
    case 'TransactWriteItems':
      return client.send(new TransactWriteItemsCommand(freshTransaction(r.input)));
  }
}

/**
 * The third floor: every DynamoDB request of one warm intake, as the server sent them (the reads and
 * the rate counters unchanged, on the same items; the transaction with fresh ids), in the same order
 * and with the same overlap (requests the server sent together are replayed together), by 50 writers.
 * What is left between this and the intake is the server itself: HTTP, validation, the SLA engine.
 */
function requestMixBaseline(
  client: DynamoDBClient,
  steps: Captured[][],
  seconds = BASELINE_S,
): Promise<Floor> {
  return loop(seconds, async () => {
    for (const step of steps) await Promise.all(step.map((r) => replay(client, r)));
  });
}

/**
 * With INTAKE_LOAD_CPU_PROFILE=<file>, a V8 CPU profile of this process (server and autocannon) during
 * the run alone, for Chrome DevTools or a script; without it, nothing.
 */
async function startProfile(file: string | undefined): Promise<{ stop(): Promise<void> }> {
  if (file === undefined || file === '') return { stop: async () => {} };
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((done, fail) =>
      session.post(method, params ?? {}, (error, result) => (error ? fail(error) : done(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  return {
    stop: async () => {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/** CPU ms per completed operation, Java / Node. */
function perOp(cpu: { javaMs: number; nodeMs: number }, count: number): string {
  return `${round(cpu.javaMs / count)} / ${round(cpu.nodeMs / count)} ms`;
}

export default async function intakeLoad(): Promise<BenchResult> {
  // INTAKE_LOAD_JVM_OPTIONS (space-separated; `-` for none) compares JVM options against the default.
  const jvm = process.env.INTAKE_LOAD_JVM_OPTIONS;
  const jvmOptions =
    jvm === undefined ? DEFAULT_JVM_OPTIONS : jvm.split(' ').filter((o) => o !== '' && o !== '-');
  const dynamo = await startDynamoLocal({ jvmOptions });
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  // The request mix is replayed with the server's own retry policy (functions/lib/store.ts): its rate
  // counters are two hot items, and DynamoDB Local answers a long lock wait with a retryable 500.
  const retrying = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
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

    const body = () =>
      JSON.stringify({
        deviceId,
        description: '防火墙无法访问',
        answers: { serviceDown: true, businessInterrupted: false, dataLost: false },
        contactName: '王工',
        contactPhone: '13912345678',
        idempotencyKey: randomUUID(),
      });
    // Warm-up: the first requests compile the calendar, open connections and take ticket numbers in
    // hand. The requests of the last one are captured as sent on the wire (operation, body, and which
    // were sent together) for the second and third floors.
    const { dynamo: serverClient } = await import('../functions/lib/store.ts');
    let requests: { op: string; input: unknown; sentAt: number; doneAt: number }[] = [];
    serverClient.middlewareStack.add(
      (next) => async (args) => {
        const { body, headers } = args.request as { body?: unknown; headers?: Record<string, string> };
        const op = (headers?.['x-amz-target'] ?? '').split('.').at(-1) ?? '';
        const text = typeof body === 'string' ? body : new TextDecoder().decode(body as Uint8Array);
        const request = { op, input: JSON.parse(text), sentAt: performance.now(), doneAt: Infinity };
        requests.push(request);
        try {
          return await next(args);
        } finally {
          request.doneAt = performance.now();
        }
      },
      { step: 'finalizeRequest', name: 'benchCaptureRequests' },
    );
    const report = () =>
      fetch(`${server.url}/api/public/intake`, {
        method: 'POST',
        headers: { authorization: `Link ${token}`, 'content-type': 'application/json' },
        body: body(),
      });
    for (let i = 0; i < WARM_UP_REPORTS; i++) {
      requests = [];
      await report();
    }
    serverClient.middlewareStack.remove('benchCaptureRequests');
    const captured = requests.find((r) => r.op === 'TransactWriteItems')?.input as
      | TransactWriteItemsCommandInput
      | undefined;
    if (captured === undefined) throw new Error('the warm-up intake made no transaction');
    // A request sent before every request of the current step had answered was sent with them
    // (Promise.all in the server); one sent after an answer starts the next step.
    const steps: Captured[][] = [];
    let firstDone = Number.NEGATIVE_INFINITY;
    for (const r of requests) {
      if (r.sentAt >= firstDone) {
        steps.push([]);
        firstDone = r.doneAt;
      } else firstDone = Math.min(firstDone, r.doneAt);
      steps.at(-1)?.push({ op: r.op, input: r.input } as Captured);
    }
    const mixOps = steps.map((step) => step.map((r) => r.op).join(' + ')).join(' → ');

    // DynamoDB Local's JIT, warmed by the intake's own request mix before any floor is measured.
    await requestMixBaseline(retrying, steps, JIT_WARM_UP_S);
    const load = loadavg()[0] ?? 0;
    const javaPid = dynamo.process.pid;
    const put = await cpuOf(javaPid, () => putItemBaseline(client));
    const baseline = put.result;
    const tx = await cpuOf(javaPid, () => transactionBaseline(client, captured));
    const transaction = tx.result;
    const transactionItems = captured.TransactItems?.length ?? 0;
    const mixed = await cpuOf(javaPid, () => requestMixBaseline(retrying, steps));
    const mix = mixed.result;
    const answered: string[] = [];
    const profile = await startProfile(process.env.INTAKE_LOAD_CPU_PROFILE);
    const run = await cpuOf(javaPid, () =>
      autocannon({
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
      }),
    );
    const result = run.result;
    await profile.stop();
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
    const finishedAfterRun = tickets.length - WARM_UP_REPORTS - answered.length;
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
        // CPU time per ticket answered (the run's requests still in flight at its end are left out).
        javaCpuMsPerTicket: round(run.javaMs / (result['2xx'] || 1), 1),
        nodeCpuMsPerTicket: round(run.nodeMs / (result['2xx'] || 1), 1),
      },
      baseline: {
        putItemP50Ms: round(baseline.p50),
        putItemP99Ms: round(baseline.p99),
        putItemPerSecond: round(baseline.perSecond, 1),
        [`transact${transactionItems}P50Ms`]: round(transaction.p50),
        [`transact${transactionItems}P99Ms`]: round(transaction.p99),
        [`transact${transactionItems}PerSecond`]: round(transaction.perSecond, 1),
        requestMixP50Ms: round(mix.p50),
        requestMixP99Ms: round(mix.p99),
        requestMixPerSecond: round(mix.perSecond, 1),
        putItemJavaCpuMs: round(put.javaMs / (baseline.perSecond * BASELINE_S), 2),
        requestMixJavaCpuMs: round(mixed.javaMs / (mix.perSecond * BASELINE_S), 2),
      },
      ratios: {
        p99Ms: round(ratio),
        p99ToTransactionP99: round(p99 / transaction.p99),
        ticketsPerSecondToTransactionsPerSecond: round(ticketsPerSecond / transaction.perSecond),
        ticketsPerSecondToRequestMixPerSecond: round(ticketsPerSecond / mix.perSecond),
      },
      targets: { ticketsPerSecond: '≥ 300', p99Ms: '≤ 3 × PutItem p99', lost: '0', doubled: '0' },
      pass: ticketsPerSecond >= 300 && ratio <= 3 && lost === 0 && doubled === 0,
      notes: [
        `${CONNECTIONS} connections for ${DURATION_S} s against ${server.url}; ${result['2xx']} × 2xx, ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
        `tickets in the table: ${tickets.length} = warm-up ${WARM_UP_REPORTS} + answered 201 ${answered.length} + ${finishedAfterRun} whose answer came after the run ended`,
        `PutItem baseline: ${CONNECTIONS} concurrent writers for ${BASELINE_S} s against the same DynamoDB Local`,
        `transaction floor: the intake's own ${transactionItems}-item TransactWriteItems replayed with fresh ids by ${CONNECTIONS} writers for ${BASELINE_S} s: ${round(transaction.perSecond, 1)}/s, p99 ${round(transaction.p99)} ms`,
        `request-mix floor: a warm intake's DynamoDB requests (${mixOps}) replayed by ${CONNECTIONS} writers for ${BASELINE_S} s: ${round(mix.perSecond, 1)}/s, p99 ${round(mix.p99)} ms, ${mix.failed} failed after retries; floors failed: PutItem ${baseline.failed}, transaction ${transaction.failed}`,
        `CPU per operation, DynamoDB Local (Java) / this Node process: PutItem ${perOp(put, baseline.perSecond * BASELINE_S)}; transaction ${perOp(tx, transaction.perSecond * BASELINE_S)}; request mix ${perOp(mixed, mix.perSecond * BASELINE_S)}; intake (server and autocannon in this process) ${perOp(run, result['2xx'] ?? 0)}; both cores give ${round(availableParallelism() * run.wallMs)} CPU ms per ${round(run.wallMs)} ms`,
        `DynamoDB Local's JVM options: ${jvmOptions.join(' ') || '(none)'}; warmed for ${JIT_WARM_UP_S} s by that mix before the floors; load average (1 min) ${round(load)} before the floors, ${round(loadavg()[0] ?? 0)} after the run, on ${availableParallelism()} cores`,
      ],
    };
  } finally {
    await server.close();
    client.destroy();
    retrying.destroy();
    await dynamo.stop();
  }
}
