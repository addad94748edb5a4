/**
 * cost-model: what 1,000 tickets cost in AWS, from operations counted in an end-to-end run on the
 * local stack (DynamoDB Local, the audiences' Hono apps in this process as their Lambdas run them, the
 * real decide step), multiplied by the list prices of bench/cost-model-prices.ts.
 *
 * The run: N tickets (default 50) on an A contract with a three-tier chain, reported 10 minutes apart
 * under a simulated clock. Each goes intake → the customer's status page → the desk's board mark and
 * ticket view → triage → assign → depart, check-in and resolve (the field's write path) → the
 * customer's confirmation → close; one in ten is resolved 30 minutes after its resolution target,
 * so its timer escalates it and texts the chain. Time jumps from one instant to the next (the
 * timers' wake-ups included), so a day of tickets runs in seconds.
 *
 * Counted:
 * - Step Functions state transitions, from the ASL path each execution takes: every arming starts an
 *   execution (WaitUntilDue: 1); every wake-up is Decide + MoreToWatch (2) then WaitUntilDue or Done
 *   (1). As the AWS adapter is built (functions/timers/sfn-port.ts), each arming is recorded per ticket
 *   through the adapter's own store function (its write counted like any other) and stops the
 *   execution it replaces (StopExecution is not billed); wake-ups of an execution that was not
 *   stopped would be counted apart as `stale`.
 * - Lambda invocations by function (public, desk, field, timer-decide) and the handler's duration,
 *   measured around each call in this process (billed rounded up to the ms at 512 MB).
 * - API Gateway requests: every public, desk and field call.
 * - DynamoDB read and write request units: every command gets ReturnConsumedCapacity TOTAL through a
 *   middleware on the store's client, and the units DynamoDB Local reports are summed.
 * - SMS parts: each text rendered as sent, 70 UCS-2 characters a part (67 when split).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startDynamoLocal } from '../infra/local/dynamodb-local.ts';
import { ensureTable } from '../infra/local/table.ts';
import { PRICES, TARGET_USD_PER_1000_TICKETS } from './cost-model-prices.ts';
import { type BenchResult, round } from './harness.ts';

const TABLE = 'sitecall-bench-cost';
const N = Number(process.env.COST_MODEL_TICKETS ?? 50);
const MIN = 60_000;
const H = 60 * MIN;
const T0 = Date.parse('2026-11-23T00:00:00Z');
/** Resolution targets of the A preset, by fault level (hours of 7×24 service time). */
const TARGET_H = { 1: 2, 2: 24, 3: 48 } as const;

type Fn = 'public' | 'desk' | 'field' | 'timer-decide';
const FUNCTIONS: Fn[] = ['public', 'desk', 'field', 'timer-decide'];

interface Tally {
  invocations: number;
  billedMs: number;
  durations: number[];
  rru: number;
  wru: number;
  requests: number;
}

const newTally = (): Tally => ({ invocations: 0, billedMs: 0, durations: [], rru: 0, wru: 0, requests: 0 });

const WRITES = /Put|Update|Delete|BatchWrite|TransactWrite/;
const CAPACITY_COMMANDS =
  /^(Get|Put|Update|Delete|Query|Scan|BatchGet|BatchWrite|TransactGet|TransactWrite)(Item|Items)?Command$|^(Get|Put|Update|Delete|Query|Scan|BatchGet|BatchWrite|TransactGet|TransactWrite)Command$/;

/** SMS parts of a text: one part up to 70 UCS-2 characters, else 67 a part. */
export function smsParts(text: string): number {
  const chars = [...text].length;
  if (chars <= PRICES.sms.ucs2CharsPerPart) return 1;
  return Math.ceil(chars / PRICES.sms.ucs2CharsPerConcatenatedPart);
}

export default async function costModel(): Promise<BenchResult> {
  const dynamo = await startDynamoLocal();
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTable(client, TABLE);
  client.destroy();
  const { generateSigningKey } = await import('../functions/auth/keys.ts');
  Object.assign(process.env, {
    TABLE_NAME: TABLE,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    AUTH_SIGNING_KEY: (await generateSigningKey()).privateKeyPem,
    SMS_TRANSPORT: 'outbox',
    PUBLIC_LIMIT_PER_LINK_PER_HOUR: '1000000000',
    PUBLIC_LIMIT_PER_IP_PER_HOUR: '1000000000',
  });
  delete process.env.AUTH_PREVIOUS_PUBLIC_KEYS;

  const [
    store,
    publicHandler,
    deskHandler,
    keys,
    signIn,
    staff,
    tickets,
    service,
    decideModule,
    notifyModule,
    smsNotifier,
    port,
    smsPort,
  ] = await Promise.all([
    import('../functions/lib/store.ts'),
    import('../functions/handlers/public.ts'),
    import('../functions/handlers/desk.ts'),
    import('../functions/auth/keys.ts'),
    import('../functions/auth/sign-in.ts'),
    import('../functions/store/staff.ts'),
    import('../functions/store/tickets.ts'),
    import('../functions/tickets/service.ts'),
    import('../functions/timers/decide.ts'),
    import('../functions/timers/notify.ts'),
    import('../functions/timers/sms-notifier.ts'),
    import('../functions/timers/port.ts'),
    import('../functions/sms/port.ts'),
  ]);
  const timerExecutions = await import('../functions/store/timer-executions.ts');

  let now = T0;
  const clock = () => new Date(now);
  const limits = { perLinkPerHour: 1_000_000_000, perIpPerHour: 1_000_000_000 };
  const publicApp = publicHandler.createApp({ clock, limits });
  const deskApp = deskHandler.createApp({ clock });
  const decide = decideModule.createDecide({ clock });

  // ── Counters ───────────────────────────────────────────────────────────────────────────────────
  const tallies = new Map<string, Tally>();
  const tallyOf = (key: string) => {
    const found = tallies.get(key);
    if (found !== undefined) return found;
    const t = newTally();
    tallies.set(key, t);
    return t;
  };
  /** The invocation a DynamoDB call belongs to: `<flow>:<function>`. */
  const current = new AsyncLocalStorage<string>();
  let counting = false;
  let missingCapacity = 0;
  let commands = 0;
  store.dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? '';
      const input = args.input as { ReturnConsumedCapacity?: string };
      if (CAPACITY_COMMANDS.test(name)) input.ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const key = current.getStore();
      if (!counting || key === undefined) return result;
      commands++;
      const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
      const list = (Array.isArray(consumed) ? consumed : consumed === undefined ? [] : [consumed]) as {
        CapacityUnits?: number;
      }[];
      if (list.length === 0) missingCapacity++;
      const units = list.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
      const t = tallyOf(key);
      if (WRITES.test(name)) t.wru += units;
      else t.rru += units;
      return result;
    },
    { step: 'serialize', priority: 'high', name: 'costModelCapacity' },
  );

  async function invoke<T>(flow: string, fn: Fn, run: () => Promise<T>): Promise<T> {
    const key = `${flow}:${fn}`;
    const started = performance.now();
    try {
      return await current.run(key, run);
    } finally {
      const ms = performance.now() - started;
      if (counting) {
        const t = tallyOf(key);
        t.invocations++;
        t.durations.push(ms);
        t.billedMs += Math.ceil(ms / PRICES.lambda.billingIncrementMs) * PRICES.lambda.billingIncrementMs;
        if (fn !== 'timer-decide') t.requests++;
      }
    }
  }

  async function api(
    flow: string,
    fn: 'public' | 'desk',
    method: string,
    path: string,
    auth: string,
    body?: unknown,
  ) {
    const app = fn === 'public' ? publicApp : deskApp;
    const res = await invoke(flow, fn, async () =>
      app.request(path, {
        method,
        headers: {
          authorization: auth,
          'accept-language': 'zh-CN',
          'x-forwarded-for': '203.0.113.7',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    // biome-ignore lint/suspicious/noExplicitAny: the bench reads answers loosely
    return JSON.parse(text) as any;
  }

  // ── Step Functions, as the ASL path runs ─────────────────────────────────────────────────────────
  // As the AWS adapter is built (functions/timers/sfn-port.ts): an arming starts an execution, records
  // it for the ticket with the adapter's store function (conditioned on the ticket's version) and stops
  // the execution the record replaces; an arming that finds a newer one recorded stops its own. An
  // older execution that still woke would be `stale` and counted apart (none is expected).
  const transitions = { current: 0, stale: 0 };
  const wakeUps = { current: 0, stale: 0 };
  let executions = 0;
  let stopped = 0;
  /** The ticket's latest execution; an older one that wakes is stale. */
  const latest = new Map<string, number>();
  const live = new Set<number>();
  let serial = 0;
  interface Scheduled {
    at: number;
    order: number;
    /** A timer's wake-up: its execution, run after the ticket's current one at the same instant. */
    timer?: { ticketId: string; execution: number };
    run: () => Promise<void>;
  }
  const queue: Scheduled[] = [];
  let order = 0;
  const schedule = (at: number, run: () => Promise<void>, timer?: Scheduled['timer']) =>
    queue.push({ at, order: order++, run, ...(timer === undefined ? {} : { timer }) });
  const staleness = (e: Scheduled) =>
    e.timer !== undefined && latest.get(e.timer.ticketId) !== e.timer.execution ? 1 : 0;

  function wake(ticketId: string, execution: number, at: number) {
    schedule(
      at,
      async () => {
        if (!live.has(execution)) return;
        const kind = latest.get(ticketId) === execution ? 'current' : 'stale';
        wakeUps[kind]++;
        transitions[kind] += 2; // Decide, MoreToWatch
        const out = await invoke(kind === 'current' ? 'ticket' : 'stale', 'timer-decide', () =>
          decide({ ticketId }),
        );
        transitions[kind] += 1; // WaitUntilDue again, or Done
        if (out.wakeAt === null) live.delete(execution);
        else wake(ticketId, execution, Math.max(Date.parse(out.wakeAt), now));
      },
      { ticketId, execution },
    );
  }
  port.useTimerPort({
    arm: async ({ ticketId, wakeAt, version }) => {
      if (!counting) return;
      let started: number | null = null;
      if (wakeAt !== null) {
        started = ++serial;
        executions++;
        transitions.current += 1; // WaitUntilDue
        live.add(started);
      }
      const record = await timerExecutions.recordArmedExecution(
        ticketId,
        version,
        started === null ? null : String(started),
        new Date(now).toISOString(),
      );
      if (!record.recorded) {
        if (started !== null) live.delete(started); // superseded: the adapter stops its own execution
        return;
      }
      if (record.replaced !== undefined) {
        live.delete(Number(record.replaced)); // StopExecution of the replaced one
        stopped++;
      }
      if (started === null || wakeAt === null) {
        latest.delete(ticketId);
        return;
      }
      latest.set(ticketId, started);
      wake(ticketId, started, Math.max(Date.parse(wakeAt), now));
    },
  });

  // ── SMS ─────────────────────────────────────────────────────────────────────────────────────────
  let texts = 0;
  let parts = 0;
  notifyModule.useNotifier(
    smsNotifier.createSmsNotifier({
      sms: {
        async send(message) {
          texts++;
          parts += smsParts(smsPort.textOf(message));
          return { providerMessageId: `bench-${texts}` };
        },
      },
    }),
  );

  try {
    // ── Seed (not counted): a company, a dispatcher and an engineer signed in, an A contract with a
    // site, a device, an intake link and a three-tier chain. ─────────────────────────────────────────
    const companyId = `bench-cost-${randomUUID().slice(0, 8)}`;
    const signingKeys = await keys.environmentSigningKeys();
    const codes = new Map<string, string>();
    const ctx = {
      keys: signingKeys,
      sms: {
        async send(message: { to: { phone: string }; params: Record<string, string> }) {
          if (message.params.code !== undefined) codes.set(message.to.phone, message.params.code);
          return { providerMessageId: 'seed' };
        },
      },
    };
    // Signed in at the end of the simulated time, so the token outlives the run's clock.
    const signedAt = new Date(T0 + 30 * 24 * H);
    const member = async (name: string, phone: string, roles: ('dispatcher' | 'engineer')[]) => {
      const m = await staff.createStaff(
        { name, phone, roles, companyId },
        { kind: 'system', id: 'bench' },
        signedAt,
      );
      await signIn.requestCode(ctx as never, { phone, ip: '198.51.100.1', lang: 'zh-CN', now: signedAt });
      const tokens = await signIn.verifyCode(ctx as never, {
        phone,
        code: codes.get(phone) ?? '',
        ip: '198.51.100.1',
        now: signedAt,
      });
      return { staffId: m.staffId, auth: `Bearer ${tokens.accessToken}` };
    };
    const dispatcher = await member('调度 赵', '+8613900000001', ['dispatcher']);
    const engineer = await member('工程师 李', '+8613900000002', ['engineer']);
    const seed = (method: string, path: string, body?: unknown) =>
      api('seed', 'desk', method, path, dispatcher.auth, body);
    const { customerId } = await seed('POST', '/api/desk/customers', { name: '数据中心客户' });
    const { contractId } = await seed('POST', '/api/desk/contracts', {
      customerId,
      name: '年度维保 A',
      serviceLevel: 'A',
      timeZone: 'Asia/Shanghai',
      startsOn: '2026-01-01',
      endsOn: '2027-12-31',
    });
    const { siteId } = await seed('POST', `/api/desk/contracts/${contractId}/sites`, {
      name: '一号机房',
      address: '上海市浦东新区张江路 1 号',
      lat: 31.2,
      lng: 121.6,
    });
    const { deviceId } = await seed('POST', `/api/desk/contracts/${contractId}/devices`, {
      category: 'firewall',
      model: 'SRX-3600',
      serial: 'SN-COST-1',
      siteId,
      serviceStart: '2026-01-01',
      serviceEnd: '2027-12-31',
    });
    const pm = await seed('POST', `/api/desk/contracts/${contractId}/contacts`, {
      name: '项目经理 陈',
      phone: '+8613900000003',
      role: 'project manager',
    });
    const supervisor = await seed('POST', `/api/desk/contracts/${contractId}/contacts`, {
      name: '主管 周',
      phone: '+8613900000004',
      role: 'supervisor',
    });
    const { version } = await seed('GET', `/api/desk/contracts/${contractId}`);
    await seed('PUT', `/api/desk/contracts/${contractId}/escalation`, {
      tiers: [
        { tier: 1, staffIds: [dispatcher.staffId] },
        { tier: 2, contactIds: [pm.contactId] },
        { tier: 3, contactIds: [supervisor.contactId] },
      ],
      expectedVersion: version,
    });
    const link = await seed('POST', `/api/desk/contracts/${contractId}/links`);
    const linkAuth = `Link ${link.token}`;

    // ── The flow of each ticket, on the simulated clock. ─────────────────────────────────────────────
    const desk = (method: string, path: string, body?: unknown) =>
      api('ticket', 'desk', method, path, dispatcher.auth, body);
    const field = (ticketId: string, command: 'depart' | 'checkIn' | 'resolve', type: string) =>
      invoke('ticket', 'field', async () => {
        const loaded = await tickets.getTicketWithTimeline(ticketId);
        if (loaded === undefined) throw new Error(`no ticket ${ticketId}`);
        await service.applyChange(loaded, {
          command,
          event: { type },
          actor: { kind: 'staff', id: engineer.staffId },
          now: clock(),
        });
      });
    let escalating = 0;
    for (let i = 0; i < N; i++) {
      const reportedAt = T0 + i * 10 * MIN;
      const level = (i % 5 === 0 ? 1 : i % 5 <= 2 ? 2 : 3) as 1 | 2 | 3;
      const late = i % 10 === 3;
      if (late) escalating++;
      const answers = {
        serviceDown: level === 1,
        businessInterrupted: false,
        dataLost: false,
        degraded: level === 2,
      };
      const state: { ticketId: string; statusAuth: string; version: number } = {
        ticketId: '',
        statusAuth: '',
        version: 0,
      };
      const detail = async () => {
        const d = await desk('GET', `/api/desk/tickets/${state.ticketId}`);
        state.version = d.ticket.version;
      };
      schedule(reportedAt, async () => {
        const created = await api('ticket', 'public', 'POST', '/api/public/intake', linkAuth, {
          deviceId,
          description: '防火墙告警，部分业务访问缓慢',
          answers,
          contactName: '王工',
          contactPhone: '13912345678',
          idempotencyKey: randomUUID(),
        });
        state.statusAuth = `Link ${created.statusToken}`;
        const found = await tickets.ticketsOfContract(contractId);
        state.ticketId = found.find((t) => t.number === created.number)?.ticketId ?? '';
      });
      schedule(reportedAt + 2 * MIN, async () => {
        await api('ticket', 'public', 'GET', '/api/public/status', state.statusAuth);
      });
      schedule(reportedAt + 5 * MIN, async () => {
        await detail();
        await desk('POST', `/api/desk/tickets/${state.ticketId}/level`, {
          faultLevel: level,
          reason: '电话确认',
          expectedVersion: state.version,
        });
      });
      schedule(reportedAt + 6 * MIN, async () => {
        await detail();
        await desk('POST', `/api/desk/tickets/${state.ticketId}/assign`, {
          engineerId: engineer.staffId,
          expectedVersion: state.version,
        });
      });
      schedule(reportedAt + 20 * MIN, () => field(state.ticketId, 'depart', 'departed'));
      schedule(reportedAt + 90 * MIN, () => field(state.ticketId, 'checkIn', 'checkedIn'));
      const resolvedAt = late
        ? reportedAt + TARGET_H[level] * H + 30 * MIN
        : reportedAt + Math.max(100 * MIN, (TARGET_H[level] * H) / 2);
      schedule(resolvedAt, () => field(state.ticketId, 'resolve', 'resolved'));
      schedule(resolvedAt + 10 * MIN, async () => {
        await api('ticket', 'public', 'GET', '/api/public/status', state.statusAuth);
        await api('ticket', 'public', 'POST', '/api/public/status/confirm', state.statusAuth, {});
      });
      schedule(resolvedAt + 70 * MIN, async () => {
        await detail();
        await desk('POST', `/api/desk/tickets/${state.ticketId}/close`, {
          reason: '客户已确认',
          expectedVersion: state.version,
        });
      });
    }
    // The board, once, when most tickets are open: counted apart (it is polled, not per ticket).
    let boardOpen = 0;
    schedule(T0 + N * 10 * MIN, async () => {
      const board = await api('board', 'desk', 'GET', '/api/desk/board', dispatcher.auth);
      boardOpen = board.tickets.length;
    });

    counting = true;
    const started = performance.now();
    while (queue.length > 0) {
      queue.sort((a, b) => a.at - b.at || staleness(a) - staleness(b) || a.order - b.order);
      const next = queue.shift() as Scheduled;
      now = Math.max(now, next.at);
      await next.run();
    }
    const runSeconds = (performance.now() - started) / 1000;
    counting = false;
    const stillRunning = live.size;

    // ── Costs ────────────────────────────────────────────────────────────────────────────────────
    const sum = (flow: string) => {
      const total = newTally();
      for (const fn of FUNCTIONS) {
        const t = tallies.get(`${flow}:${fn}`);
        if (t === undefined) continue;
        total.invocations += t.invocations;
        total.billedMs += t.billedMs;
        total.rru += t.rru;
        total.wru += t.wru;
        total.requests += t.requests;
      }
      return total;
    };
    const gbSeconds = (t: Tally) => (t.billedMs / 1000) * (PRICES.lambda.memoryMb / 1024);
    const costOf = (t: Tally, stateTransitions: number) => ({
      stepFunctions: stateTransitions * PRICES.stepFunctions.perStateTransitionUsd,
      lambdaRequests: t.invocations * PRICES.lambda.perRequestUsd,
      lambdaDuration: gbSeconds(t) * PRICES.lambda.perGbSecondUsd,
      apiGateway: t.requests * PRICES.apiGateway.perRequestUsd,
      dynamodbWrites: t.wru * PRICES.dynamodb.perWriteRequestUnitUsd,
      dynamodbReads: t.rru * PRICES.dynamodb.perReadRequestUnitUsd,
    });
    const flow = sum('ticket');
    const stale = sum('stale');
    const scale = 1000 / N;
    const per1000Of = (t: Tally, stateTransitions: number) =>
      Object.fromEntries(
        Object.entries(costOf(t, stateTransitions)).map(([k, v]) => [k, v * scale]),
      ) as Record<keyof ReturnType<typeof costOf>, number>;
    const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
    // As built: every execution runs until decide answers null.
    const built = newTally();
    for (const t of [flow, stale]) {
      built.invocations += t.invocations;
      built.billedMs += t.billedMs;
      built.rru += t.rru;
      built.wru += t.wru;
      built.requests += t.requests;
    }
    const allTransitions = transitions.current + transitions.stale;
    const per1000 = per1000Of(built, allTransitions);
    const infra1000 = total(per1000);
    const sms1000 = parts * scale * PRICES.sms.perPartUsd;
    const board = sum('board');
    const boardCost = Object.values(costOf(board, 0)).reduce((a, b) => a + b, 0);
    // One desk screen polling the board every 30 s, 12 h a day, 30 days.
    const boardPollsPerMonth = 2 * 60 * 12 * 30;

    const byFunction = FUNCTIONS.map((fn) => {
      const t = tallies.get(`ticket:${fn}`) ?? newTally();
      const sorted = [...t.durations].sort((a, b) => a - b);
      const p50 = sorted.length === 0 ? 0 : (sorted[Math.floor(sorted.length / 2)] as number);
      return `${fn}: ${t.invocations} invocations (${round(t.invocations / N, 2)}/ticket), ${round(t.billedMs / 1000, 1)} s billed, p50 ${round(p50, 1)} ms, ${round(t.rru, 1)} RRU, ${round(t.wru, 1)} WRU`;
    });
    const usd = (v: number) => round(v, 4);
    return {
      name: 'cost-model',
      metrics: {
        tickets: N,
        escalatedTickets: escalating,
        stateTransitionsPerTicket: round(allTransitions / N, 2),
        staleTransitionsPerTicket: round(transitions.stale / N, 2),
        executionsPerTicket: round(executions / N, 2),
        wakeUpsPerTicket: round((wakeUps.current + wakeUps.stale) / N, 2),
        staleWakeUpsPerTicket: round(wakeUps.stale / N, 2),
        lambdaInvocationsPerTicket: round(built.invocations / N, 2),
        lambdaGbSecondsPerTicket: round(gbSeconds(built) / N, 4),
        apiRequestsPerTicket: round(built.requests / N, 2),
        readUnitsPerTicket: round(built.rru / N, 2),
        writeUnitsPerTicket: round(built.wru / N, 2),
        smsTextsPerTicket: round(texts / N, 2),
        smsPartsPerTicket: round(parts / N, 2),
        usdPer1000StepFunctions: usd(per1000.stepFunctions),
        usdPer1000Lambda: usd(per1000.lambdaRequests + per1000.lambdaDuration),
        usdPer1000ApiGateway: usd(per1000.apiGateway),
        usdPer1000DynamoDB: usd(per1000.dynamodbReads + per1000.dynamodbWrites),
        usdPer1000Infrastructure: usd(infra1000),
        usdPer1000Sms: usd(sms1000),
        usdPerBoardLoad: round(boardCost, 6),
      },
      baseline: {
        targetUsdPer1000: TARGET_USD_PER_1000_TICKETS,
        stepFunctionsUsdPerTransition: PRICES.stepFunctions.perStateTransitionUsd,
        smsUsdPerPartAssumed: PRICES.sms.perPartUsd,
      },
      ratios: { usdPer1000Infrastructure: round(infra1000 / TARGET_USD_PER_1000_TICKETS, 3) },
      targets: { usdPer1000Infrastructure: `≤ ${TARGET_USD_PER_1000_TICKETS} (SMS apart)` },
      pass: infra1000 <= TARGET_USD_PER_1000_TICKETS && missingCapacity === 0 && stillRunning === 0,
      notes: [
        `${N} tickets in ${round(runSeconds, 1)} s of real time; ${escalating} resolved 30 min after their target (escalated by the timer); ${executions} executions, ${wakeUps.current} wake-ups of the ticket's latest execution and ${wakeUps.stale} of older ones still running (${transitions.stale} transitions), ${stillRunning} still running at the end`,
        ...byFunction,
        `timer-decide of older executions still running: ${stale.invocations} invocations, ${round(stale.billedMs / 1000, 1)} s billed, ${round(stale.rru, 1)} RRU, ${round(stale.wru, 1)} WRU`,
        `DynamoDB: ${commands} commands counted, ${missingCapacity} without ConsumedCapacity; units as DynamoDB Local reports them for ReturnConsumedCapacity TOTAL`,
        `SMS: ${texts} texts, ${parts} parts at an assumed $${PRICES.sms.perPartUsd}/part → $${usd(sms1000)} per 1,000 tickets (apart from the target)`,
        `board: one load with ${boardOpen} open tickets = $${round(boardCost, 6)} (${board.invocations} invocation, ${round(board.rru, 1)} RRU); one screen polling every 30 s for 12 h × 30 days = ${boardPollsPerMonth} loads ≈ $${usd(boardCost * boardPollsPerMonth)} a month (not per ticket)`,
        `Step Functions as built: ${stopped} replaced executions stopped on re-arming (StopExecution is not billed); each arming's record write is in the calling function's DynamoDB units`,
        `prices: ${PRICES.region}; ${PRICES.stepFunctions.source}; ${PRICES.lambda.source}; ${PRICES.dynamodb.source}; ${PRICES.apiGateway.source}; SMS: ${PRICES.sms.source}`,
        'Lambda durations are handler times in this process against DynamoDB Local (not AWS latencies); cold starts are not included',
      ],
    };
  } finally {
    port.useTimerPort(undefined);
    notifyModule.useNotifier(undefined);
    await dynamo.stop();
  }
}
