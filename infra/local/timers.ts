/**
 * The ticket timers of the embedded default: the same state machine file Step Functions runs in AWS
 * (infra/timers/ticket-timer.asl.json), executed in-process by aws-local-stepfunctions with real waits.
 *
 * One timer per ticket. A ticket whose wake-up is ahead waits in a compact schedule (a map and a binary
 * heap ordered by wake-up, behind one Node timer for the earliest), not in a running execution: an
 * execution held open through a long Wait costs about 5 KB, the schedule entry about 100 bytes. Shortly
 * before the ticket is due (`LEAD_MS`) an execution of the definition is started at its first state,
 * WaitUntilDue, with the due instant: the Wait state sleeps the last milliseconds and the Task, Retry,
 * Choice and loop are the definition's. When the Choice loops back to WaitUntilDue with a next wake-up,
 * that Wait is handed back to the schedule: the execution is ended there and the ticket waits compactly
 * until its next wake-up, when a new execution starts at the same state. So every decision of the state
 * machine (retry, loop or end) is still made by the one definition; only the sleeping is kept apart.
 *
 * Arming a ticket again (its next wake-up moved) replaces its timer — the scheduled wake-up or the
 * running execution, which is aborted — as AWS starts a new execution under a new deterministic name and
 * lets the old one end harmlessly. Timers live in memory only: at boot the caller re-arms every open
 * ticket from the table's index of next wake-ups, so a restart loses nothing and a deadline that passed
 * while the runtime was down fires at once.
 *
 * Node's setTimeout overflows beyond 2^31-1 ms (24.8 days) and would fire after 1 ms: the schedule's
 * timer never waits longer than `maxWaitMs`, and an execution woken before its due instant (only with a
 * test clock) does not call the decide function; it loops to its next hop.
 */
import { ExecutionAbortedError, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { renderTicketTimer } from '../timers/ticket-timer.ts';

export interface DecideInput {
  ticketId: string;
}

export interface DecideOutput {
  ticketId: string;
  wakeAt: string | null;
}

export type Decide = (input: DecideInput) => Promise<DecideOutput>;

export interface LocalTimerOptions {
  /** The decide step: functions/handlers/timer-decide.ts's handler, as the Lambda runs it. */
  decide: Decide;
  /** The longest single wait; longer waits hop. Default 20 days, under Node's timer limit. */
  maxWaitMs?: number;
  /** Reports an execution that failed (after the definition's own retries). */
  onError?: (ticketId: string, error: unknown) => void;
  now?: () => number;
  /**
   * Tests only: every Wait of the definition lasts this many real milliseconds instead of until its
   * timestamp (aws-local-stepfunctions' wait override), for a chain driven by a controllable `now`.
   */
  waitOverrideMs?: number;
}

interface Running {
  executionName: string;
  /** The instant the ticket is really due; hops end earlier. */
  dueAtMs: number;
  abort: () => void;
}

/** A ticket waiting in the schedule; also its node in the heap (stale once `live` is false). */
interface Waiting {
  ticketId: string;
  /** The instant the ticket is due (on the `now` clock). */
  dueAtMs: number;
  /** Real time (Date.now) at which its execution is started. */
  startAtMs: number;
  /** The arming it belongs to: the execution name is `<ticketId>-<due epoch ms>-<serial>`. */
  serial: number;
  live: boolean;
}

type EventLogs = ReturnType<StateMachine['run']>['eventLogs'];

const LOCAL_DECIDE_ARN = 'local:timer-decide';

/** The wait of a timer whose due instant has already passed. */
const PAST_DUE_WAIT_MS = 25;

/**
 * How long before its due instant a ticket's execution is started; its WaitUntilDue sleeps the rest.
 * A second: the schedule's timer may then fire late on a busy event loop without making the firing
 * late, since the Wait state's own timer decides the instant (about 20 executions are open at a time
 * with 1,000 wake-ups a minute).
 */
const LEAD_MS = 1000;

/** A binary min-heap of waiting tickets by start instant. */
class WaitHeap {
  readonly items: Waiting[] = [];

  push(item: Waiting): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = a[parent] as Waiting;
      if (p.startAtMs <= item.startAtMs) break;
      a[i] = p;
      i = parent;
    }
    a[i] = item;
  }

  peek(): Waiting | undefined {
    return this.items[0];
  }

  pop(): Waiting | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (top === undefined || last === undefined || a.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= a.length) break;
      const r = l + 1;
      const child = r < a.length && (a[r] as Waiting).startAtMs < (a[l] as Waiting).startAtMs ? r : l;
      const c = a[child] as Waiting;
      if (c.startAtMs >= last.startAtMs) break;
      a[i] = c;
      i = child;
    }
    a[i] = last;
    return top;
  }

  /** Drops stale nodes (disarmed or re-armed tickets) and rebuilds. */
  compact(): void {
    const live = this.items.filter((w) => w.live);
    this.items.length = 0;
    for (const w of live) this.push(w);
  }
}

export class LocalTimers {
  readonly #machine: StateMachine;
  /** Tickets with an execution in flight (due now, deciding, or retrying). */
  readonly #running = new Map<string, Running>();
  /** Tickets waiting for their next wake-up, in the schedule. */
  readonly #waiting = new Map<string, Waiting>();
  readonly #heap = new WaitHeap();
  #wake: NodeJS.Timeout | undefined;
  #wakeAtMs = Number.POSITIVE_INFINITY;
  readonly #decide: Decide;
  readonly #maxWaitMs: number;
  readonly #onError: (ticketId: string, error: unknown) => void;
  readonly #now: () => number;
  readonly #waitOverrideMs: number | undefined;
  #serial = 0;

  constructor(options: LocalTimerOptions) {
    const definition = JSON.parse(
      renderTicketTimer({ DecideFunctionArn: LOCAL_DECIDE_ARN }),
    ) as StateMachineDefinition;
    // Validated once by the tests (test/infra/ticket-timer-definition.test.ts), not at every start: the
    // validator and its JSON Schema compiler are left out of the runtime's bundle (../local/build.ts).
    this.#machine = new StateMachine(definition, { validationOptions: { noValidate: true } });
    this.#decide = options.decide;
    this.#maxWaitMs = options.maxWaitMs ?? 20 * 24 * 3600 * 1000;
    this.#onError =
      options.onError ??
      ((ticketId, error) =>
        console.error(`timers: the timer of ticket ${ticketId} failed: ${String(error)}`));
    this.#now = options.now ?? Date.now;
    this.#waitOverrideMs = options.waitOverrideMs;
  }

  /** Tickets with a timer: waiting in the schedule or with an execution in flight. */
  get armed(): number {
    return this.#running.size + this.#waiting.size;
  }

  /** Of those, the tickets with an execution in flight. */
  get executing(): number {
    return this.#running.size;
  }

  /** The execution name of a ticket's timer, if armed: `<ticketId>-<due epoch ms>-<n>`. */
  executionOf(ticketId: string): string | undefined {
    const waiting = this.#waiting.get(ticketId);
    if (waiting !== undefined) return `${ticketId}-${waiting.dueAtMs}-${waiting.serial}`;
    return this.#running.get(ticketId)?.executionName;
  }

  /** Starts (or restarts) the ticket's timer to wake at `wakeAt`; null disarms it. */
  arm(ticketId: string, wakeAt: string | null): void {
    this.disarm(ticketId);
    if (wakeAt === null) return;
    const dueAtMs = Date.parse(wakeAt);
    if (Number.isNaN(dueAtMs))
      throw new Error(`timers: wakeAt of ticket ${ticketId} is not an instant: ${wakeAt}`);
    this.#park(ticketId, dueAtMs, ++this.#serial);
  }

  disarm(ticketId: string): void {
    const waiting = this.#waiting.get(ticketId);
    if (waiting !== undefined) {
      waiting.live = false;
      this.#waiting.delete(ticketId);
      if (this.#heap.items.length > 1024 && this.#heap.items.length > 2 * this.#waiting.size)
        this.#heap.compact();
    }
    const running = this.#running.get(ticketId);
    if (running === undefined) return;
    this.#running.delete(ticketId);
    running.abort();
  }

  /** Arms every open ticket at boot (from the index of next wake-ups). */
  rearm(tickets: Iterable<{ ticketId: string; wakeAt: string }>): number {
    let count = 0;
    for (const t of tickets) {
      this.arm(t.ticketId, t.wakeAt);
      count++;
    }
    return count;
  }

  stop(): void {
    for (const ticketId of [...this.#waiting.keys(), ...this.#running.keys()]) this.disarm(ticketId);
    this.#heap.items.length = 0;
    if (this.#wake !== undefined) clearTimeout(this.#wake);
    this.#wake = undefined;
    this.#wakeAtMs = Number.POSITIVE_INFINITY;
  }

  /** Puts the ticket in the schedule until shortly before `dueAtMs`. */
  #park(ticketId: string, dueAtMs: number, serial: number): void {
    const startAtMs =
      this.#waitOverrideMs === undefined
        ? Date.now() + (dueAtMs - LEAD_MS - this.#now())
        : Date.now() + this.#waitOverrideMs;
    const waiting: Waiting = { ticketId, dueAtMs, startAtMs, serial, live: true };
    this.#waiting.set(ticketId, waiting);
    this.#heap.push(waiting);
    if (startAtMs < this.#wakeAtMs) this.#schedule();
  }

  /** One Node timer, for the earliest start in the schedule (at most `maxWaitMs` ahead: a hop). */
  #schedule(): void {
    if (this.#wake !== undefined) clearTimeout(this.#wake);
    this.#wake = undefined;
    this.#wakeAtMs = Number.POSITIVE_INFINITY;
    let top = this.#heap.peek();
    while (top !== undefined && !top.live) {
      this.#heap.pop();
      top = this.#heap.peek();
    }
    if (top === undefined) return;
    const delay = Math.min(Math.max(0, top.startAtMs - Date.now()), this.#maxWaitMs);
    this.#wakeAtMs = Date.now() + delay;
    this.#wake = setTimeout(() => this.#startDue(), delay);
  }

  /** Starts the execution of every ticket whose start instant has come. */
  #startDue(): void {
    this.#wake = undefined;
    this.#wakeAtMs = Number.POSITIVE_INFINITY;
    const realNow = Date.now();
    for (let top = this.#heap.peek(); top !== undefined; top = this.#heap.peek()) {
      if (top.live && top.startAtMs > realNow) break;
      this.#heap.pop();
      if (!top.live) continue;
      top.live = false;
      this.#waiting.delete(top.ticketId);
      this.#execute(top.ticketId, top.dueAtMs, top.serial);
    }
    this.#schedule();
  }

  /** Runs the definition from WaitUntilDue for a ticket due at `dueAtMs` (now or within `LEAD_MS`). */
  #execute(ticketId: string, dueAtMs: number, serial: number): void {
    const executionName = `${ticketId}-${dueAtMs}-${serial}`;
    const running: Running = { executionName, dueAtMs, abort: () => {} };
    this.#running.set(ticketId, running);

    const execution = this.#machine.run(
      { ticketId, wakeAt: this.#hop(dueAtMs) },
      {
        overrides: {
          taskResourceLocalHandlers: {
            Decide: async (input) => this.#decideStep(ticketId, running, input),
          },
          ...(this.#waitOverrideMs === undefined
            ? {}
            : { waitTimeOverrides: { WaitUntilDue: this.#waitOverrideMs } }),
        },
      },
    );
    running.abort = execution.abort;
    execution.result.then(
      () => this.#finished(ticketId, running),
      (error: unknown) => {
        this.#finished(ticketId, running);
        if (!(error instanceof ExecutionAbortedError)) this.#onError(ticketId, error);
      },
    );
    void this.#handBackWaits(ticketId, running, serial, execution.eventLogs);
  }

  /**
   * The first WaitUntilDue of an execution sleeps the last milliseconds to the due instant; when the
   * definition's Choice loops back to it with the next wake-up, the ticket returns to the schedule and
   * this execution ends.
   */
  async #handBackWaits(ticketId: string, running: Running, serial: number, events: EventLogs) {
    let waits = 0;
    for await (const event of events) {
      if (event.type !== 'StateEntered' || event.state.name !== 'WaitUntilDue') continue;
      if (++waits === 1) continue;
      if (this.#running.get(ticketId) !== running) return;
      this.#running.delete(ticketId);
      running.abort();
      this.#park(ticketId, running.dueAtMs, serial);
      return;
    }
  }

  /** The timestamp the Wait state sleeps until: the due instant, or the end of the next hop. */
  #hop(dueAtMs: number): string {
    const now = this.#now();
    // A due instant already past still waits a little: by the time the Wait state runs (at boot, with
    // many executions starting), a timestamp 1 ms ahead may be behind, and a negative wait makes Node warn.
    return new Date(Math.max(now + PAST_DUE_WAIT_MS, Math.min(dueAtMs, now + this.#maxWaitMs))).toISOString();
  }

  async #decideStep(ticketId: string, running: Running, input: unknown) {
    // The Task's Parameters as the Lambda service receives them: { FunctionName, Payload }.
    const payload = (input as { Payload?: DecideInput }).Payload ?? { ticketId };
    if (this.#now() < running.dueAtMs) {
      // The end of a hop, not the due instant: loop without waking the decide function.
      return { Payload: { ticketId, wakeAt: this.#hop(running.dueAtMs) } };
    }
    const output = await this.#decide(payload);
    if (output.wakeAt !== null) {
      running.dueAtMs = Date.parse(output.wakeAt);
      return { Payload: { ticketId, wakeAt: this.#hop(running.dueAtMs) } };
    }
    return { Payload: { ticketId, wakeAt: null } };
  }

  #finished(ticketId: string, running: Running): void {
    if (this.#running.get(ticketId) === running) this.#running.delete(ticketId);
  }
}
