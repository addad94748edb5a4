/**
 * The race of issue 6 as a property: an engineer's "resolved" arriving around the moment a resolution
 * deadline passes, against the timer's decide step at the deadline (and sometimes a duplicate execution
 * of it), on DynamoDB Local. fast-check's scheduler orders every DynamoDB request of the two (or three)
 * actors — each request waits for the scheduler before it leaves — so each run is one interleaving.
 *
 *   - never an escalation for the deadline recorded after a resolution that came before the deadline
 *     (an escalation after a resolution is fine only when the resolution is later than the deadline);
 *   - never two escalations for one deadline.
 *
 * The resolution goes through functions/tickets/service.ts `applyChange` with the `resolve` command, as
 * the desk and field paths do; a stale version (the timer wrote first) is reloaded and applied again, as
 * the field outbox retries a 409.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type IntakeSystem,
  loadIntakeSystem,
  MINOR,
  reportFault,
  type Seeded,
  seedContract,
} from './intake-fixtures.ts';

const H = 3_600_000;
const RUNS = 100;

describe('resolve against the deadline, over interleavings', () => {
  let s: IntakeSystem;
  let k: Seeded;
  let decideModule: typeof import('../../functions/timers/decide.ts');
  let service: typeof import('../../functions/tickets/service.ts');
  let tickets: typeof import('../../functions/store/tickets.ts');
  let notifyModule: typeof import('../../functions/timers/notify.ts');
  let port: typeof import('../../functions/timers/port.ts');
  let store: typeof import('../../functions/lib/store.ts');
  let errors: typeof import('../../functions/lib/errors.ts');
  /** The scheduler of the run in progress; requests made outside a run go straight out. */
  let scheduler: fc.Scheduler | undefined;
  let scheduled = 0;

  beforeAll(async () => {
    s = await loadIntakeSystem();
    [decideModule, service, tickets, notifyModule, port, store, errors] = await Promise.all([
      import('../../functions/timers/decide.ts'),
      import('../../functions/tickets/service.ts'),
      import('../../functions/store/tickets.ts'),
      import('../../functions/timers/notify.ts'),
      import('../../functions/timers/port.ts'),
      import('../../functions/lib/store.ts'),
      import('../../functions/lib/errors.ts'),
    ]);
    port.useTimerPort({ arm: () => {} });
    notifyModule.useNotifier(notifyModule.RECORD_ONLY);
    k = await seedContract(s, 'A');
    store.documents.middlewareStack.add(
      (next, context) => async (args) => {
        const current = scheduler;
        if (current !== undefined) {
          scheduled++;
          await current.schedule(Promise.resolve(), String(context.commandName ?? 'request'));
        }
        return next(args);
      },
      { step: 'initialize', name: 'raceScheduler' },
    );
  });
  afterAll(() => {
    store.documents.middlewareStack.remove('raceScheduler');
    notifyModule.useNotifier(undefined);
    port.useTimerPort(undefined);
  });

  /** An assigned A-level ticket at level 3: its resolution target passes at t0 + 48 h. */
  async function assignedTicket(t0: number): Promise<string> {
    s.clock.set(new Date(t0).toISOString());
    const report = await reportFault(s, k, { answers: MINOR });
    const link = await tickets.findStatusLink(report.json.statusToken);
    if (link === undefined) throw new Error('no status link');
    const loaded = await tickets.getTicketWithTimeline(link.ticketId);
    if (loaded === undefined) throw new Error('no ticket');
    await service.applyChange(loaded, {
      command: 'assign',
      event: { type: 'assigned', data: { engineerId: k.engineer.staffId, engineerName: k.engineer.name } },
      actor: { kind: 'staff', id: k.dispatcher.staffId },
      now: new Date(t0 + 5 * 60_000),
      set: { assignedEngineerId: k.engineer.staffId, assignedEngineerName: k.engineer.name },
    });
    return link.ticketId;
  }

  /** The engineer's resolve at `at`, through applyChange; reloaded and applied again after a 409. */
  async function resolve(ticketId: string, at: Date): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const loaded = await tickets.getTicketWithTimeline(ticketId);
      if (loaded === undefined) throw new Error('no ticket');
      try {
        await service.applyChange(loaded, {
          command: 'resolve',
          event: { type: 'resolved', data: { corrections: [] } },
          actor: { kind: 'staff', id: k.engineer.staffId },
          now: at,
        });
        return;
      } catch (error) {
        if (!(error instanceof errors.AppError && error.code === 'conflict') || attempt >= 5) throw error;
      }
    }
  }

  it(`holds over ${RUNS} runs`, async () => {
    const t0 = Date.parse('2026-11-18T02:00:00.000Z');
    const deadline = t0 + 48 * H;
    const deadlineIso = new Date(deadline).toISOString().replace('.000Z', 'Z');
    // Tickets made ahead, ten at a time (a shrink after a failure makes more on demand).
    const pool: string[] = [];
    for (let i = 0; i < RUNS; i += 10) {
      pool.push(
        ...(await Promise.all(Array.from({ length: Math.min(10, RUNS - i) }, () => assignedTicket(t0)))),
      );
    }
    let runs = 0;
    let escalatedAfterResolved = 0;
    let resolvedInTime = 0;
    let escalatedFirst = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        // The resolution's instant around the deadline, in seconds; the timer's lateness; a duplicate.
        fc.integer({ min: -90, max: 90 }),
        fc.integer({ min: 0, max: 30 }),
        fc.boolean(),
        async (sched, resolvedOffsetS, latenessS, duplicate) => {
          runs++;
          const ticketId = pool.pop() ?? (await assignedTicket(t0));
          const resolvedAt = new Date(deadline + resolvedOffsetS * 1000);
          const decideNow = new Date(deadline + latenessS * 1000);
          const decide = decideModule.createDecide({ clock: () => decideNow });
          scheduler = sched;
          try {
            await sched.waitFor(
              Promise.all([
                decide({ ticketId }),
                resolve(ticketId, resolvedAt),
                ...(duplicate ? [decide({ ticketId })] : []),
              ]),
            );
          } finally {
            scheduler = undefined;
          }

          const loaded = await tickets.getTicketWithTimeline(ticketId);
          const events = loaded?.events ?? [];
          const resolvedEvent = events.find((e) => e.type === 'resolved');
          expect(resolvedEvent).toBeDefined();
          const escalations = events.filter(
            (e) =>
              e.type === 'escalated' &&
              (e.data as { missedTarget?: { dueAt?: string } }).missedTarget?.dueAt === deadlineIso,
          );
          // Never two escalations for one deadline.
          expect(escalations.length).toBeLessThanOrEqual(1);
          const escalation = escalations[0];
          if (escalation !== undefined && resolvedEvent !== undefined && escalation.seq > resolvedEvent.seq) {
            escalatedAfterResolved++;
            // Recorded after the resolution: only when the resolution came later than the deadline.
            expect(Date.parse(resolvedEvent.at)).toBeGreaterThan(deadline);
          }
          if (resolvedOffsetS < 0 && escalation === undefined) resolvedInTime++;
          if (escalation !== undefined && resolvedEvent !== undefined && escalation.seq < resolvedEvent.seq) {
            escalatedFirst++;
          }
        },
      ),
      { numRuns: RUNS },
    );
    expect(runs).toBe(RUNS);
    // The scheduler did order the requests (each run several of them).
    expect(scheduled).toBeGreaterThan(RUNS * 3);
    // The interleavings reached every outcome: a resolution in time and no escalation, the timer first,
    // and an escalation legitimately recorded after a late resolution.
    expect(resolvedInTime).toBeGreaterThan(0);
    expect(escalatedFirst).toBeGreaterThan(0);
    expect(escalatedAfterResolved).toBeGreaterThan(0);
  }, 120_000);
});
