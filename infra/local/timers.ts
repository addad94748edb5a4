/**
 * The ticket timers of the embedded default: the same state machine file Step Functions runs in AWS
 * (infra/timers/ticket-timer.asl.json), executed in-process by aws-local-stepfunctions with real waits.
 *
 * One execution per ticket. Arming a ticket again (its next wake-up moved) aborts the running execution
 * and starts a new one, as AWS starts a new execution under a new deterministic name and lets the old
 * one end harmlessly. Executions live in memory only: at boot the caller re-arms every open ticket from
 * the table's index of next wake-ups, so a restart loses nothing and a deadline that passed while the
 * runtime was down fires at once.
 *
 * Node's setTimeout overflows beyond 2^31-1 ms (24.8 days) and would fire after 1 ms: a wait longer
 * than `maxWaitMs` is cut into hops. At the end of a hop that is not yet due the decide function is not
 * called; the execution just loops to its next hop.
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

const LOCAL_DECIDE_ARN = 'local:timer-decide';

/** The wait of a timer whose due instant has already passed. */
const PAST_DUE_WAIT_MS = 25;

export class LocalTimers {
  readonly #machine: StateMachine;
  readonly #running = new Map<string, Running>();
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
    this.#machine = new StateMachine(definition);
    this.#decide = options.decide;
    this.#maxWaitMs = options.maxWaitMs ?? 20 * 24 * 3600 * 1000;
    this.#onError =
      options.onError ??
      ((ticketId, error) =>
        console.error(`timers: the timer of ticket ${ticketId} failed: ${String(error)}`));
    this.#now = options.now ?? Date.now;
    this.#waitOverrideMs = options.waitOverrideMs;
  }

  /** Tickets with a running execution. */
  get armed(): number {
    return this.#running.size;
  }

  /** The execution name of a ticket's timer, if armed: `<ticketId>-<due epoch ms>-<n>`. */
  executionOf(ticketId: string): string | undefined {
    return this.#running.get(ticketId)?.executionName;
  }

  /** Starts (or restarts) the ticket's timer to wake at `wakeAt`; null disarms it. */
  arm(ticketId: string, wakeAt: string | null): void {
    this.disarm(ticketId);
    if (wakeAt === null) return;
    const dueAtMs = Date.parse(wakeAt);
    if (Number.isNaN(dueAtMs))
      throw new Error(`timers: wakeAt of ticket ${ticketId} is not an instant: ${wakeAt}`);
    const executionName = `${ticketId}-${dueAtMs}-${++this.#serial}`;
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
  }

  disarm(ticketId: string): void {
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
    for (const ticketId of [...this.#running.keys()]) this.disarm(ticketId);
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
