/**
 * What the register's forms send: a form's text fields → the body the API takes, checked with the
 * shared schemas the server checks it with (a bad field is named before anything is sent). Pure.
 */
import type * as z from 'zod';
import {
  applyOverrides,
  overridesOf,
  type PolicyOverrides,
  PolicyOverridesSchema,
  type PolicyProblem,
  policyProblem,
} from '../../../shared/contracts/policy-numbers.ts';
import {
  type ContactBody,
  ContactBodySchema,
  type ContractBody,
  ContractBodySchema,
  type ContractUpdateBody,
  ContractUpdateBodySchema,
  type CustomerBody,
  CustomerBodySchema,
  type CustomerUpdateBody,
  CustomerUpdateBodySchema,
  type CustomerView,
  type EscalationBody,
  EscalationBodySchema,
  type PolicyVersionBody,
  PolicyVersionBodySchema,
  type SiteBody,
  SiteBodySchema,
} from '../../../shared/contracts/schemas.ts';
import { type DeviceBody, DeviceBodySchema } from '../../../shared/devices/schemas.ts';
import { presetPolicy, type ServiceLevel, type SlaPolicy } from '../../../shared/sla/policy.ts';

export const SERVICE_LEVELS = ['A', 'B', 'C'] as const;

/** Zones offered for a new contract; the plan's customers are in mainland China. */
export const TIME_ZONES = [
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Macau',
  'Asia/Taipei',
  'Asia/Urumqi',
] as const;

export type Checked<T> = { ok: true; body: T } | { ok: false; field: string };

function check<S extends z.ZodType>(schema: S, candidate: unknown): Checked<z.output<S>> {
  const result = schema.safeParse(candidate);
  if (result.success) return { ok: true, body: result.data };
  const path = result.error.issues[0]?.path ?? [];
  return { ok: false, field: path.length === 0 ? 'body' : path.map(String).join('.') };
}

/** An optional text: empty (after trimming) is left out of the body. */
const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());

/** A number typed by a person: empty or unreadable is NaN, which every schema refuses. */
function numberOf(value: string): number {
  const trimmed = value.trim().replace(/,/g, '.');
  return trimmed === '' ? Number.NaN : Number(trimmed);
}

export interface CustomerForm {
  name: string;
  notes: string;
  phone?: string;
  email?: string;
  address?: string;
}

function customerFields(form: CustomerForm) {
  return {
    name: form.name,
    notes: optional(form.notes),
    phone: optional(form.phone ?? ''),
    email: optional(form.email ?? ''),
    address: optional(form.address ?? ''),
  };
}

export function customerBody(form: CustomerForm): Checked<CustomerBody> {
  return check(CustomerBodySchema, customerFields(form));
}

export function customerUpdateBody(form: CustomerForm, expectedVersion: number): Checked<CustomerUpdateBody> {
  return check(CustomerUpdateBodySchema, { ...customerFields(form), expectedVersion });
}

/** The customer form of a stored customer (what "unchanged" means for the unsaved-changes guard). */
export function customerFormOf(c: CustomerView): Required<CustomerForm> {
  return {
    name: c.name,
    notes: c.notes ?? '',
    phone: c.phone ?? '',
    email: c.email ?? '',
    address: c.address ?? '',
  };
}

/** Whether two forms differ in what would be sent (surrounding spaces do not count). */
export function formChanged(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].some((k) => (a[k] ?? '').trim() !== (b[k] ?? '').trim());
}

export interface ContractForm {
  name: string;
  serviceLevel: string;
  timeZone: string;
  startsOn: string;
  endsOn: string;
  notes: string;
}

/** The end of a period may not come before its start (local dates compare as text). */
function periodOk(startsOn: string, endsOn: string): boolean {
  return startsOn === '' || endsOn === '' || endsOn >= startsOn;
}

export function contractBody(form: ContractForm, customerId: string): Checked<ContractBody> {
  if (!periodOk(form.startsOn, form.endsOn)) return { ok: false, field: 'endsOn' };
  return check(ContractBodySchema, {
    customerId,
    name: form.name,
    serviceLevel: form.serviceLevel,
    timeZone: form.timeZone.trim() === '' ? undefined : form.timeZone.trim(),
    startsOn: form.startsOn,
    endsOn: form.endsOn,
    notes: optional(form.notes),
  });
}

export function contractUpdateBody(
  form: Pick<ContractForm, 'name' | 'startsOn' | 'endsOn' | 'notes'>,
  expectedVersion: number,
): Checked<ContractUpdateBody> {
  if (!periodOk(form.startsOn, form.endsOn)) return { ok: false, field: 'endsOn' };
  return check(ContractUpdateBodySchema, {
    name: form.name,
    startsOn: form.startsOn,
    endsOn: form.endsOn,
    notes: optional(form.notes),
    expectedVersion,
  });
}

export interface SiteForm {
  name: string;
  address: string;
  lat: string;
  lng: string;
  checkInRadiusM: string;
}

export function siteBody(form: SiteForm): Checked<SiteBody> {
  return check(SiteBodySchema, {
    name: form.name,
    address: form.address,
    lat: numberOf(form.lat),
    lng: numberOf(form.lng),
    checkInRadiusM: form.checkInRadiusM.trim() === '' ? undefined : numberOf(form.checkInRadiusM),
  });
}

export interface ContactForm {
  name: string;
  phone: string;
  role: string;
}

export function contactBody(form: ContactForm): Checked<ContactBody> {
  return check(ContactBodySchema, { name: form.name, phone: form.phone, role: form.role });
}

export interface DeviceForm {
  category: string;
  model: string;
  serial: string;
  siteId: string;
  serviceStart: string;
  serviceEnd: string;
  notes: string;
}

export function deviceBody(form: DeviceForm): Checked<DeviceBody> {
  if (!periodOk(form.serviceStart, form.serviceEnd)) return { ok: false, field: 'serviceEnd' };
  return check(DeviceBodySchema, {
    category: form.category,
    model: form.model,
    serial: optional(form.serial),
    siteId: form.siteId,
    serviceStart: form.serviceStart,
    serviceEnd: form.serviceEnd,
    notes: optional(form.notes),
  });
}

/** Tier n → the chosen contacts and staff; a tier with nobody is left out of the chain. */
export interface TierChoice {
  tier: 1 | 2 | 3;
  contactIds: readonly string[];
  staffIds: readonly string[];
}

export function escalationBody(
  tiers: readonly TierChoice[],
  expectedVersion: number,
): Checked<EscalationBody> {
  return check(EscalationBodySchema, {
    tiers: tiers
      .filter((t) => t.contactIds.length > 0 || t.staffIds.length > 0)
      .map((t) => ({ tier: t.tier, contactIds: [...t.contactIds], staffIds: [...t.staffIds] })),
    expectedVersion,
  });
}

/** The escalation chain as the form edits it: always tiers 1..3, empty where none is set. */
export function tiersOf(
  escalation: readonly { tier: number; contactIds: readonly string[]; staffIds: readonly string[] }[],
): TierChoice[] {
  return ([1, 2, 3] as const).map((tier) => {
    const found = escalation.find((e) => e.tier === tier);
    return { tier, contactIds: [...(found?.contactIds ?? [])], staffIds: [...(found?.staffIds ?? [])] };
  });
}

/** Adds or removes one id from a choice list, keeping the order it was picked in. */
export function toggle(ids: readonly string[], id: string, on: boolean): string[] {
  const without = ids.filter((x) => x !== id);
  return on ? [...without, id] : without;
}

/**
 * A new SLA policy version from the level's preset: effective from the start of a local date in the
 * contract's zone.
 */
/** The new-version form: the level of the preset, the day it starts, and each number as typed. */
export interface PolicyForm {
  serviceLevel: string;
  effectiveOn: string;
  arrivalKind: 'serviceTime' | 'closeOfNextWorkingDay';
  /** Hours of service time (A/B style arrival). */
  arrivalHours: string;
  resolution1Hours: string;
  resolution2Hours: string;
  resolution3Hours: string;
  warningPercent: string;
  reportDueHours: string;
  reportWarningHours: string;
}
export type PolicyNumberField = Exclude<keyof PolicyForm, 'serviceLevel' | 'effectiveOn' | 'arrivalKind'>;

const asLevel = (value: string): ServiceLevel => SERVICE_LEVELS.find((level) => level === value) ?? 'A';
const hoursText = (minutes: number) => String(Math.round((minutes / 60) * 100) / 100);

/** The form's numbers set to the preset of `level` (what a new version is unless the desk changes it). */
export function policyFormOf(level: string, effectiveOn: string): PolicyForm {
  const p = presetPolicy(asLevel(level));
  return {
    serviceLevel: asLevel(level),
    effectiveOn,
    arrivalKind: p.arrival.kind,
    arrivalHours: p.arrival.kind === 'serviceTime' ? hoursText(p.arrival.minutes) : '4',
    resolution1Hours: hoursText(p.resolutionMinutes[1]),
    resolution2Hours: hoursText(p.resolutionMinutes[2]),
    resolution3Hours: hoursText(p.resolutionMinutes[3]),
    warningPercent: String(Math.round(p.warningRatio * 100)),
    reportDueHours: String(p.report.dueAfterHours),
    reportWarningHours: String(p.report.warningAfterHours),
  };
}

/** Where a schema path of the overrides is on the form. */
const FORM_FIELD: Record<string, keyof PolicyForm> = {
  'arrival.minutes': 'arrivalHours',
  arrival: 'arrivalKind',
  'resolutionMinutes.1': 'resolution1Hours',
  'resolutionMinutes.2': 'resolution2Hours',
  'resolutionMinutes.3': 'resolution3Hours',
  warningRatio: 'warningPercent',
  'report.dueAfterHours': 'reportDueHours',
  'report.warningAfterHours': 'reportWarningHours',
  effectiveFrom: 'effectiveOn',
  serviceLevel: 'serviceLevel',
};

export type PolicyChecked =
  | { ok: true; policy: SlaPolicy; overrides: PolicyOverrides }
  | { ok: false; field: keyof PolicyForm; reason?: PolicyProblem['reason'] };

const minutesOf = (hours: string) => Math.round(numberOf(hours) * 60);

/**
 * The policy the form describes (the preset with the numbers typed), checked as the server checks it:
 * the bounds of each number, then level 1 ≤ level 2 ≤ level 3 and the report's warning before its due.
 */
export function policyDraft(form: PolicyForm, timeZone: string): PolicyChecked {
  const level = SERVICE_LEVELS.find((l) => l === form.serviceLevel);
  if (level === undefined) return { ok: false, field: 'serviceLevel' };
  const parsed = PolicyOverridesSchema.safeParse({
    arrival:
      form.arrivalKind === 'serviceTime'
        ? { kind: 'serviceTime', minutes: minutesOf(form.arrivalHours) }
        : { kind: 'closeOfNextWorkingDay' },
    resolutionMinutes: {
      1: minutesOf(form.resolution1Hours),
      2: minutesOf(form.resolution2Hours),
      3: minutesOf(form.resolution3Hours),
    },
    warningRatio: numberOf(form.warningPercent) / 100,
    report: {
      dueAfterHours: numberOf(form.reportDueHours),
      warningAfterHours: numberOf(form.reportWarningHours),
    },
  });
  if (!parsed.success) {
    const path = (parsed.error.issues[0]?.path ?? []).map(String).join('.');
    return { ok: false, field: FORM_FIELD[path] ?? 'serviceLevel' };
  }
  const preset = presetPolicy(level, { timeZone });
  const policy = applyOverrides(preset, parsed.data);
  const problem = policyProblem(policy);
  if (problem !== null)
    return { ok: false, field: FORM_FIELD[problem.field] ?? 'serviceLevel', reason: problem.reason };
  return { ok: true, policy, overrides: overridesOf(preset, policy) };
}

/**
 * The body of a new version: the numbers that differ from the preset, from 00:00 of the chosen day in
 * the contract's zone, or from now when that is already past (a version never starts in the past).
 */
export function policyBody(
  form: PolicyForm,
  timeZone: string,
  expectedVersion: number,
  now: number,
): Checked<PolicyVersionBody> & { reason?: PolicyProblem['reason'] } {
  const start = startOfDayIn(form.effectiveOn, timeZone);
  if (start === null) return { ok: false, field: 'effectiveOn' };
  const draft = policyDraft(form, timeZone);
  if (!draft.ok) return draft.reason === undefined ? { ok: false, field: draft.field } : draft;
  const effectiveFrom =
    Date.parse(start) >= now
      ? start
      : new Date(Math.floor(now / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const checked = check(PolicyVersionBodySchema, {
    effectiveFrom,
    serviceLevel: form.serviceLevel,
    ...draft.overrides,
    expectedVersion,
  });
  return checked.ok ? checked : { ok: false, field: FORM_FIELD[checked.field] ?? checked.field };
}

/** `date` at the wall-clock `time` (`HH:MM`) in `timeZone`, as a UTC instant; null when unreadable. */
export function localInstant(date: string, time: string, timeZone: string): string | null {
  const day = startOfDayIn(date, timeZone);
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (day === null || match === null) return null;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, Number(match[1]), Number(match[2]));
  const first = wall - offsetMs(wall, timeZone);
  const second = wall - offsetMs(first, timeZone);
  return new Date(second).toISOString().replace('.000Z', 'Z');
}

/** The wall-clock time of `at` in `timeZone`, read as if it were UTC, minus `at`: the zone's offset. */
function offsetMs(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(at / 1000) * 1000;
}

/** `YYYY-MM-DD` 00:00 in `timeZone` as a UTC instant (`…Z`); null for a bad date or zone. */
export function startOfDayIn(date: string, timeZone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match === null) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const wall = Date.UTC(y, m - 1, d);
  if (new Date(wall).getUTCDate() !== d) return null;
  try {
    // Twice: the offset at the first guess may differ from the offset at the answer (a DST change).
    const first = wall - offsetMs(wall, timeZone);
    const second = wall - offsetMs(first, timeZone);
    return new Date(second).toISOString().replace('.000Z', 'Z');
  } catch {
    return null;
  }
}

/** Today's date in `timeZone`, `YYYY-MM-DD`. */
export function todayIn(timeZone: string, now: number): string {
  try {
    return new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(new Date(now));
  } catch {
    return new Date(now).toISOString().slice(0, 10);
  }
}

/** The full address of a page path on this site (`/r/<token>` → `https://…/r/<token>`). */
export function pageUrl(origin: string, path: string): string {
  return `${origin.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
}
