/**
 * timer-precision: the local runtime's ticket timers (infra/local/timers.ts: the ASL file run by
 * aws-local-stepfunctions, real waits) with the real decide step on DynamoDB Local.
 *
 * 1. Memory, of the runtime as `npm start` runs it: a child process started with the command of the
 *    "start" script after its build step (package.json), its own DynamoDB Local and data directory. The
 *    RSS read is the node process that runs the runtime (VmRSS of /proc/<pid>/status; a launcher
 *    process, if the command had one, and the DynamoDB Local JVM are reported apart: the JVM is the
 *    store, as DynamoDB is apart in AWS). Baseline: that process idle (started, health answered, settled 10 s). Then 10,000
 *    waiting tickets through a real path: arming 10,000 tickets through the intake would take longer than
 *    the rest of the bench on a loaded machine, so 10,000 `ticketWake` items (far-future wake-ups, now +
 *    30 days) are written to its table and the runtime is restarted on the same data: its boot re-arms
 *    every one of them from the byNextWake index (functions/timers/boot.ts), exactly as after any restart.
 *    It prints how many it re-armed; its RSS is read after the same settling. Nothing is subtracted.
 *    Target: RSS ≤ 150 MB with 10,000 waiting.
 * 2. Precision, in this process beside the local server: 1,000 real tickets (reported through the
 *    public intake) are armed through the timer port with wake-ups spread evenly over 60 s, while
 *    autocannon keeps 15 connections of intake load on another contract (each new ticket arms its own
 *    timer, as in production). For each firing the due instant is the one armed, and the actual instant
 *    is the moment the decide step is entered (a wrapper around the Lambda's handler; the state
 *    machine's Wait and Task states run before it): lateness = decide start − due. The decide step then
 *    runs in full (reload, SLA engine, the real next wake-up, re-armed). Targets: 0 early, p99 ≤ 50 ms.
 *    Baseline in the same run and process, at the same time: one bare `setTimeout` per due instant of
 *    the same schedule, its lateness measured the same way; and the same bare timers on a worker
 *    thread with nothing else to do, which tells how late the machine itself (its other processes:
 *    DynamoDB Local, the load) makes a timer, apart from this process's event loop.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import autocannon from 'autocannon';
import { buildLocalRuntime } from '../infra/local/build.ts';
import { freePort, startDynamoLocal } from '../infra/local/dynamodb-local.ts';
import { startLocalServer } from '../infra/local/server.ts';
import { ensureTable } from '../infra/local/table.ts';
import { LocalTimers } from '../infra/local/timers.ts';
import { type BenchResult, quantile, round } from './harness.ts';

const TABLE = 'sitecall-bench-timers';
const TICKETS = Number(process.env.TIMER_PRECISION_TICKETS ?? 1000);
const WAITING = Number(process.env.TIMER_PRECISION_WAITING ?? 10_000);
const SPREAD_MS = 60_000;
const LEAD_MS = 5_000;
const LOAD_CONNECTIONS = 15;

/** Wall-clock now with sub-millisecond resolution. */
const nowMs = () => performance.timeOrigin + performance.now();

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function seedContract(label: string) {
  const register = await import('../functions/store/register.ts');
  const { createCustomerLink } = await import('../functions/auth/links.ts');
  const { presetPolicy } = await import('../shared/sla/index.ts');
  const now = new Date();
  const at = now.toISOString();
  const actor = { kind: 'system', id: 'bench' } as const;
  const contractId = register.newId();
  const siteId = register.newId();
  const deviceId = register.newId();
  await register.createContract(
    {
      contractId,
      companyId: 'bench-timers',
      customerId: 'c',
      customerName: `Bench ${label}`,
      name: `Bench ${label}`,
      serviceLevel: 'C',
      timeZone: 'Asia/Shanghai',
      startsOn: '2026-01-01',
      endsOn: '2027-12-31',
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
      companyId: 'bench-timers',
      contractId,
      siteId,
      category: 'firewall',
      model: 'SRX-3600',
      serviceStart: '2026-01-01',
      serviceEnd: '2027-12-31',
      createdAt: at,
      updatedAt: at,
      version: 1,
    },
    actor,
    now,
  );
  const { token } = await createCustomerLink({ companyId: 'bench-timers', contractId }, actor, now);
  return { contractId, deviceId, token };
}

function intakeBody(deviceId: string) {
  return JSON.stringify({
    deviceId,
    description: '防火墙无法访问',
    answers: { serviceDown: false, businessInterrupted: false, dataLost: false, degraded: true },
    contactName: '王工',
    contactPhone: '13912345678',
    idempotencyKey: randomUUID(),
  });
}

const ROOT = join(import.meta.dirname, '..');
const RUNTIME_TABLE = 'sitecall-local';
const SETTLE_MS = 10_000;
/** The environment before this bench configures its in-process server: the runtime child gets this one. */
const OUTER_ENV = { ...process.env };

/** The command `npm start` runs after its build steps: `node node_modules/.cache/sitecall/local/main.mjs`. */
function runtimeCommand(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const last = pkg.scripts.start.split('&&').at(-1)?.trim() ?? '';
  const [bin = '', ...args] = last.split(/\s+/);
  return [join(ROOT, 'node_modules', '.bin', bin), ...args];
}

interface Runtime {
  child: ChildProcess;
  output: () => string;
  store: string;
}

function startRuntime(port: number, dataDir: string): Promise<Runtime> {
  const [command = '', ...args] = runtimeCommand();
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...OUTER_ENV, PORT: String(port), SITECALL_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the runtime did not start within 120 s:\n${out}`)),
      120_000,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the runtime exited ${code}:\n${out}`));
    });
    const poll = setInterval(() => {
      const store = /DynamoDB Local at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (out.includes('Press Ctrl-C to stop.') && store !== undefined) {
        clearInterval(poll);
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({ child, output: () => out, store });
      }
    }, 100);
  });
}

function stopRuntime(runtime: Runtime): Promise<void> {
  return new Promise((resolve) => {
    if (runtime.child.exitCode !== null) return resolve();
    runtime.child.once('exit', () => resolve());
    runtime.child.kill('SIGINT');
  });
}

/** The process tree under `pid`: each process's command line and resident set. */
function processTree(pid: number): { pid: number; args: string; rssKb: number }[] {
  const out: { pid: number; args: string; rssKb: number }[] = [];
  const visit = (p: number) => {
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const args = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').join(' ').trim();
      out.push({ pid: p, args, rssKb });
      const children = readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim();
      for (const c of children === '' ? [] : children.split(/\s+/)) visit(Number(c));
    } catch {
      // The process ended meanwhile.
    }
  };
  visit(pid);
  return out;
}

/** RSS (MB) of the process running infra/local/main.ts, of its launcher(s), and of DynamoDB Local. */
function runtimeRss(runtime: Runtime) {
  const tree = processTree(runtime.child.pid ?? -1);
  const java = tree.filter((p) => p.args.includes('DynamoDBLocal'));
  const nodes = tree.filter((p) => !p.args.includes('DynamoDBLocal'));
  // The runtime is the deepest node process of the chain (tsx's CLI starts the program in a child).
  const runner = nodes.at(-1);
  if (runner === undefined) throw new Error('the runtime process is gone');
  const sum = (ps: { rssKb: number }[]) => ps.reduce((a, p) => a + p.rssKb, 0) / 1024;
  return { runtimeMb: runner.rssKb / 1024, launcherMb: sum(nodes.slice(0, -1)), storeMb: sum(java) };
}

/**
 * Memory of the runtime as `npm start` runs it, idle and then with `waiting` tickets re-armed at boot
 * from the index (see the header).
 */
async function measureRuntimeMemory(waiting: number) {
  const { ticketWake, WAKE_SHARDS } = await import('../functions/store/desk-entities.ts');
  // npm start's build step for the runtime (its web build is the PWA, served from web/dist).
  await buildLocalRuntime();
  const dataDir = mkdtempSync(join(tmpdir(), 'sitecall-bench-rss-'));
  try {
    const port = await freePort();
    const first = await startRuntime(port, dataDir);
    let idle: ReturnType<typeof runtimeRss>;
    try {
      await (await fetch(`http://127.0.0.1:${port}/api/health`)).text();
      await settle(SETTLE_MS);
      idle = runtimeRss(first);
      const documents = DynamoDBDocumentClient.from(
        new DynamoDBClient({
          endpoint: first.store,
          region: 'local',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }),
      );
      const far = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString();
      const items = Array.from({ length: waiting }, (_, i) => {
        const params = ticketWake
          .put({
            ticketId: `bench-waiting-${i}`,
            wakeShard: `wake-${i % WAKE_SHARDS}`,
            nextWakeAt: far,
            companyId: 'bench-timers',
          })
          .params({ table: RUNTIME_TABLE }) as { Item: Record<string, unknown> };
        return params.Item;
      });
      for (let i = 0; i < items.length; i += 25) {
        const batch = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
        let unprocessed: Record<string, unknown[]> | undefined = { [RUNTIME_TABLE]: batch };
        while (unprocessed !== undefined && (unprocessed[RUNTIME_TABLE]?.length ?? 0) > 0) {
          const out = await documents.send(new BatchWriteCommand({ RequestItems: unprocessed as never }));
          unprocessed = out.UnprocessedItems as Record<string, unknown[]> | undefined;
        }
      }
      documents.destroy();
    } finally {
      await stopRuntime(first);
    }
    const second = await startRuntime(port, dataDir);
    try {
      const rearmed = Number(/(\d+) re-armed from the index/.exec(second.output())?.[1] ?? 0);
      await (await fetch(`http://127.0.0.1:${port}/api/health`)).text();
      await settle(SETTLE_MS);
      const armed = runtimeRss(second);
      return { idle, armed, rearmed, command: runtimeCommand().slice(1).join(' ') };
    } finally {
      await stopRuntime(second);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export default async function timerPrecision(): Promise<BenchResult> {
  const dynamo = await startDynamoLocal();
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTable(client, TABLE);
  client.destroy();
  process.env.PUBLIC_LIMIT_PER_LINK_PER_HOUR = '1000000000';
  process.env.PUBLIC_LIMIT_PER_IP_PER_HOUR = '1000000000';
  const { generateSigningKey } = await import('../functions/auth/keys.ts');
  // The server without its own timers: the runtime's timers are started below exactly as
  // startLocalTimers() does, with the decide step wrapped to record when it is entered.
  const server = await startLocalServer({
    port: await freePort(),
    webDir: process.env.SITECALL_WEB_DIR ?? join(import.meta.dirname, '..', 'web', 'dist'),
    tableName: TABLE,
    dynamoEndpoint: dynamo.endpoint,
    version: 'bench',
    signingKeyPem: (await generateSigningKey()).privateKeyPem,
    timers: false,
  });
  const [{ handler }, { useTimerPort }, { rearmFromIndex }, { ticketsOfContract }] = await Promise.all([
    import('../functions/handlers/timer-decide.ts'),
    import('../functions/timers/port.ts'),
    import('../functions/timers/boot.ts'),
    import('../functions/store/tickets.ts'),
  ]);

  /** The instant each ticket's timer is due, as last armed (by the port or by its decide step). */
  const dueOf = new Map<string, number>();
  /** The tickets whose firings are measured, and each firing's lateness. */
  const measured = new Set<string>();
  const lateness: number[] = [];
  const decideMs: number[] = [];
  let early = 0;
  let decideErrors = 0;
  const timers = new LocalTimers({
    decide: async (input) => {
      const started = nowMs();
      const due = dueOf.get(input.ticketId);
      if (due !== undefined && measured.has(input.ticketId)) {
        if (started < due) early++;
        lateness.push(started - due);
        measured.delete(input.ticketId);
      }
      try {
        const output = await handler(input);
        if (output.wakeAt !== null) dueOf.set(input.ticketId, Date.parse(output.wakeAt));
        return output;
      } finally {
        decideMs.push(nowMs() - started);
      }
    },
    onError: () => {
      decideErrors++;
    },
  });
  const arm = (ticketId: string, wakeAt: string | null) => {
    if (wakeAt !== null) dueOf.set(ticketId, Date.parse(wakeAt));
    timers.arm(ticketId, wakeAt);
  };
  useTimerPort({ arm: ({ ticketId, wakeAt }) => arm(ticketId, wakeAt) });
  await rearmFromIndex(timers);

  try {
    const measuredContract = await seedContract('measured');
    const loadContract = await seedContract('load');
    const post = (c: { token: string; deviceId: string }) =>
      fetch(`${server.url}/api/public/intake`, {
        method: 'POST',
        headers: { authorization: `Link ${c.token}`, 'content-type': 'application/json' },
        body: intakeBody(c.deviceId),
      });
    // Warm-up: the calendar compiled, connections open, the decide step's modules loaded.
    await post(loadContract);
    await handler({ ticketId: 'bench-warm-up' });

    // ── 2. Precision: 1,000 tickets due over 60 s under intake load. ─────────────────────────────────
    for (let i = 0; i < TICKETS; i += 25) {
      await Promise.all(
        Array.from({ length: Math.min(25, TICKETS - i) }, () => post(measuredContract).then((r) => r.text())),
      );
    }
    const tickets = (await ticketsOfContract(measuredContract.contractId)).map((t) => t.ticketId);
    if (tickets.length !== TICKETS) throw new Error(`expected ${TICKETS} tickets, found ${tickets.length}`);

    const load = autocannon({
      url: `${server.url}/api/public/intake`,
      connections: LOAD_CONNECTIONS,
      duration: Math.ceil((LEAD_MS + SPREAD_MS) / 1000) + 5,
      requests: [
        {
          method: 'POST',
          headers: { authorization: `Link ${loadContract.token}`, 'content-type': 'application/json' },
          setupRequest: (req) => ({ ...req, body: intakeBody(loadContract.deviceId) }),
        },
      ],
    });
    await settle(2000);
    // How long this process's event loop was held up meanwhile (what delays every timer), and the CPU
    // it used: the server's requests, the decide steps and the timers share one thread.
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    const start = Date.now() + LEAD_MS;
    const schedule = tickets.map((ticketId, i) => ({
      ticketId,
      dueAt: new Date(start + Math.floor((i * SPREAD_MS) / TICKETS)).toISOString(),
    }));
    const baseline: number[] = [];
    let baselineEarly = 0;
    for (const { ticketId, dueAt } of schedule) {
      measured.add(ticketId);
      arm(ticketId, dueAt);
      const due = Date.parse(dueAt);
      setTimeout(() => {
        const late = nowMs() - due;
        if (late < 0) baselineEarly++;
        baseline.push(late);
      }, due - Date.now());
    }
    // A second baseline: the same bare timers on a thread of their own in this process (a worker with
    // nothing else to do): how late the machine alone makes a timer, apart from this event loop.
    const threadBaseline = await new Promise<number[]>((resolve, reject) => {
      const worker = new Worker(
        `const { parentPort, workerData } = require('node:worker_threads');
         const out = []; let left = workerData.length;
         for (const due of workerData) setTimeout(() => { out.push(performance.timeOrigin + performance.now() - due); if (--left === 0) parentPort.postMessage(out); }, due - Date.now());`,
        { eval: true, workerData: schedule.map((s) => Date.parse(s.dueAt)) },
      );
      worker.once('message', (m: number[]) => {
        void worker.terminate();
        resolve(m);
      });
      worker.once('error', reject);
    });
    const loadResult = await load;
    const deadline = Date.now() + 30_000;
    while ((lateness.length < TICKETS || baseline.length < TICKETS) && Date.now() < deadline)
      await settle(250);

    loopDelay.disable();
    const cpu = process.cpuUsage(cpuBefore);
    const cpuShare = (cpu.user + cpu.system) / 1000 / (performance.now() - wallBefore);
    const loopP99 = loopDelay.percentile(99) / 1e6;
    // ── 1. Memory of the runtime as `npm start` runs it (after the precision run, in its own process). ──
    const memory = await measureRuntimeMemory(WAITING);
    const machineLoad = loadavg()
      .map((l) => round(l, 1))
      .join(' / ');
    const fired = lateness.length;
    const p50 = quantile(lateness, 0.5);
    const p99 = quantile(lateness, 0.99);
    const max = Math.max(...lateness);
    const base50 = quantile(baseline, 0.5);
    const base99 = quantile(baseline, 0.99);
    const baseMax = Math.max(...baseline);
    const rssMb = memory.armed.runtimeMb;
    const idleMb = memory.idle.runtimeMb;
    const perTimerKb = ((rssMb - idleMb) * 1024) / WAITING;
    const pass = fired === TICKETS && early === 0 && p99 <= 50 && rssMb <= 150 && memory.rearmed >= WAITING;
    return {
      name: 'timer-precision',
      metrics: {
        fired,
        firedEarly: early,
        latenessP50Ms: round(p50),
        latenessP99Ms: round(p99),
        latenessMaxMs: round(max),
        decideP50Ms: round(quantile(decideMs, 0.5)),
        decideP99Ms: round(quantile(decideMs, 0.99)),
        decideErrors,
        waitingTimers: memory.rearmed,
        rssWithWaitingMb: round(rssMb, 1),
        rssPerWaitingTimerKb: round(perTimerKb, 2),
        launcherRssMb: round(memory.armed.launcherMb, 1),
        storeRssMb: round(memory.armed.storeMb, 1),
        eventLoopDelayP99Ms: round(loopP99),
        processCpuShare: round(cpuShare, 2),
        loadRequestsPerSecond: round(loadResult.requests.average, 1),
        loadErrors: loadResult.errors + loadResult.non2xx,
      },
      baseline: {
        setTimeoutLatenessP50Ms: round(base50),
        setTimeoutLatenessP99Ms: round(base99),
        setTimeoutLatenessMaxMs: round(baseMax),
        setTimeoutEarly: baselineEarly,
        threadSetTimeoutLatenessP50Ms: round(quantile(threadBaseline, 0.5)),
        threadSetTimeoutLatenessP99Ms: round(quantile(threadBaseline, 0.99)),
        idleRssMb: round(idleMb, 1),
      },
      ratios: {
        latenessP99Ms: base99 > 0 ? round(p99 / base99) : 0,
        rssWithWaitingMb: round(rssMb / idleMb),
      },
      targets: {
        firedEarly: '0',
        latenessP99Ms: '≤ 50',
        rssWithWaitingMb: '≤ 150 with 10,000 waiting',
      },
      pass,
      notes: [
        `${TICKETS} tickets armed through the timer port, due evenly over ${SPREAD_MS / 1000} s; lateness = decide step entered − due instant; ${fired} fired, ${early} early`,
        `intake load meanwhile: autocannon ${LOAD_CONNECTIONS} connections, ${loadResult['2xx']} tickets reported (${round(loadResult.requests.average, 1)}/s, p99 ${loadResult.latency.p99} ms), each arming its own timer`,
        `this process meanwhile: event-loop delay p99 ${round(loopP99)} ms, CPU ${round(cpuShare * 100)} % of one core (machine load average ${machineLoad})`,
        `baseline: one bare setTimeout per due instant of the same schedule, same process, same time: p50 ${round(base50)} ms, p99 ${round(base99)} ms, max ${round(baseMax)} ms; the same timers on an idle thread of this process (the machine's own delay): p50 ${round(quantile(threadBaseline, 0.5))} ms, p99 ${round(quantile(threadBaseline, 0.99))} ms`,
        `memory: the runtime as npm start runs it (\`${memory.command}\`, its own process): RSS idle ${round(idleMb, 1)} MB → ${round(rssMb, 1)} MB with ${memory.rearmed} waiting tickets re-armed at boot from the index (${round(perTimerKb, 2)} KB each), each read ${SETTLE_MS / 1000} s after start, nothing subtracted; apart: the launcher ${round(memory.armed.launcherMb, 1)} MB, DynamoDB Local's JVM ${round(memory.armed.storeMb, 1)} MB`,
      ],
    };
  } finally {
    useTimerPort(undefined);
    timers.stop();
    await server.close();
    await dynamo.stop();
  }
}
