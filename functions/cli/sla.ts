/**
 * `npm run --silent sla < scenario.json`: the SLA engine for people and scripts. Reads one scenario
 * (a service level, optional zone and holiday lists, a ticket's events, an optional `until`) and prints
 * the clocks as JSON, instants in ISO-8601 with the zone's offset. Bad input exits 2 with one line that
 * names the field; see docs/sla-engine.md for the format.
 */
import * as z from 'zod';
import {
  type ClockResult,
  computeClocks,
  FaultLevelSchema,
  InstantSchema,
  LocalDateSchema,
  presetPolicy,
  ServiceLevelSchema,
  type TicketEvent,
  TimeZoneSchema,
  toEpochMs,
  toIsoInZone,
} from '../../shared/sla/index.ts';

const at = InstantSchema;
const CliEventSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('reported'), at, faultLevel: FaultLevelSchema }),
    z.object({
      type: z.literal('levelChanged'),
      at,
      faultLevel: FaultLevelSchema,
      reason: z.string().optional(),
    }),
    z.object({ type: z.literal('levelConfirmed'), at, faultLevel: FaultLevelSchema }),
    z.object({ type: z.literal('paused'), at, reason: z.string().optional() }),
    z.object({ type: z.literal('resumed'), at }),
    /** Leaving the site (离场): starts the service report clock. */
    z.object({ type: z.literal('departed'), at, reason: z.string().optional() }),
    z.object({ type: z.literal('checkedOut'), at, reason: z.string().optional() }),
    z.object({ type: z.literal('checkedIn'), at }),
    z.object({ type: z.literal('resolved'), at }),
    z.object({ type: z.literal('customerConfirmed'), at }),
    z.object({ type: z.literal('reportSubmitted'), at }),
  ],
  {
    error: () =>
      'expected one of reported, levelChanged, levelConfirmed, paused, resumed, departed, checkedOut, checkedIn, resolved, customerConfirmed, reportSubmitted',
  },
);

export const ScenarioSchema = z.object({
  serviceLevel: ServiceLevelSchema,
  timeZone: TimeZoneSchema.optional(),
  /** Given lists replace the shipped China schedule (both of them, a missing one is empty). */
  holidays: z.array(LocalDateSchema).optional(),
  makeUpWorkdays: z.array(LocalDateSchema).optional(),
  events: z.array(CliEventSchema).min(1, { error: 'expected at least one event' }),
  until: InstantSchema.optional(),
});
export type Scenario = z.infer<typeof ScenarioSchema>;

export class ScenarioError extends Error {
  override name = 'ScenarioError';
}

function pathOf(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out === '' ? 'input' : out;
}

function messageOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    const expected =
      issue.expected === 'array'
        ? 'a list'
        : issue.expected === 'object'
          ? 'an object'
          : `a ${issue.expected}`;
    // Zod leaves the input out of issues; its message says what it received.
    return /received undefined/.test(issue.message) ? `required (${expected})` : `expected ${expected}`;
  }
  if (issue.code === 'invalid_value')
    return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  if (issue.code === 'invalid_union' && issue.path.at(-1) === 'faultLevel') return 'expected 1, 2 or 3';
  if (issue.code === 'unrecognized_keys') return `unknown field ${issue.keys.join(', ')}`;
  return issue.message;
}

/** Parse and check a scenario's JSON text; throws ScenarioError with one line naming the field. */
export function parseScenario(text: string): Scenario {
  if (text.trim() === '') throw new ScenarioError('input: empty, expected a JSON scenario');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ScenarioError(
      `input: not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const parsed = ScenarioSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue === undefined) throw new ScenarioError('input: invalid scenario');
    throw new ScenarioError(`${pathOf(issue.path)}: ${messageOf(issue)}`);
  }
  const scenario = parsed.data;
  if (!scenario.events.some((e) => e.type === 'reported')) {
    throw new ScenarioError('events: expected a "reported" event');
  }
  return scenario;
}

function toTicketEvent(e: Scenario['events'][number]): TicketEvent {
  switch (e.type) {
    case 'levelChanged':
      return {
        type: 'levelChanged',
        at: e.at,
        faultLevel: e.faultLevel,
        reason: e.reason ?? 'changed by the desk',
      };
    case 'paused':
      return { type: 'paused', at: e.at, reason: e.reason ?? 'waiting for the customer' };
    case 'departed':
      return { type: 'checkedOut', at: e.at, ...(e.reason === undefined ? {} : { reason: e.reason }) };
    default:
      return e;
  }
}

export interface ScenarioOutput {
  acceptedAt: string;
  arrivalDueAt: string;
  resolutionDueAt: string | null;
  resolutionWarningAt: string | null;
  reportDueAt?: string;
  escalations: { at: string; faultLevel: number; tier: number }[];
  explain: Record<string, unknown>;
}

/** The clocks of a scenario, instants shown in its zone. */
export function runScenario(scenario: Scenario): ScenarioOutput {
  const timeZone = scenario.timeZone ?? 'Asia/Shanghai';
  const custom = scenario.holidays !== undefined || scenario.makeUpWorkdays !== undefined;
  const policy = presetPolicy(scenario.serviceLevel, {
    timeZone,
    ...(custom
      ? {
          publicHolidays: {
            source: 'custom' as const,
            holidays: (scenario.holidays ?? []).map((date) => ({ date })),
            makeUpWorkdays: (scenario.makeUpWorkdays ?? []).map((date) => ({ date })),
          },
        }
      : {}),
  });
  const until = scenario.until ?? latest(scenario.events.map((e) => e.at));
  const result: ClockResult = computeClocks({ policy, events: scenario.events.map(toTicketEvent), until });
  const show = (iso: string | null) => (iso === null ? null : toIsoInZone(toEpochMs(iso), timeZone));
  const segment = result.resolution.segments.at(-1);
  const report = result.reports.at(-1);
  const escalations = result.escalations.filter((e) => !e.void);
  return {
    acceptedAt: show(result.acceptedAt) ?? '',
    arrivalDueAt: show(result.arrival.dueAt) ?? '',
    resolutionDueAt: show(segment?.dueAt ?? null),
    resolutionWarningAt: show(segment?.warningAt ?? null),
    ...(report === undefined ? {} : { reportDueAt: show(report.dueAt) ?? '' }),
    escalations: escalations.map((e) => ({ at: show(e.at) ?? '', faultLevel: e.toLevel, tier: e.tier })),
    explain: {
      acceptedAt: pick(result.acceptance.explain),
      arrivalDueAt: pick(result.arrival.explain),
      ...(segment === undefined
        ? {}
        : { resolutionDueAt: pick(segment.explain), resolutionWarningAt: pick(segment.warningExplain) }),
      ...(report === undefined ? {} : { reportDueAt: pick(report.explain) }),
      escalations: escalations.map((e) => ({
        zh: `${LEVEL_ZH[e.missedTarget.level]}故障解决时限 ${show(e.missedTarget.dueAt)} 已过，${e.missedTarget.level === e.toLevel ? '重新计时' : `升级为${LEVEL_ZH[e.toLevel]}故障`}，通知第 1–${e.tier} 层`,
        en: `level ${e.missedTarget.level} resolution target due ${show(e.missedTarget.dueAt)} missed: now level ${e.toLevel}, tiers 1–${e.tier} notified`,
      })),
    },
  };
}

const LEVEL_ZH = { 1: '一级', 2: '二级', 3: '三级' } as const;

function pick(e: { zh: string; en: string }): { zh: string; en: string } {
  return { zh: e.zh, en: e.en };
}

function latest(instants: readonly string[]): string {
  let best = instants[0] ?? '';
  for (const i of instants) if (toEpochMs(i) > toEpochMs(best)) best = i;
  return best;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(): Promise<void> {
  try {
    const scenario = parseScenario(await readStdin());
    process.stdout.write(`${JSON.stringify(runScenario(scenario), null, 2)}\n`);
  } catch (error) {
    const bad = error instanceof ScenarioError || (error instanceof Error && error.name === 'SlaInputError');
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${message.split('\n')[0]}\n`);
    process.exitCode = bad ? 2 : 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
