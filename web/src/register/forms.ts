/**
 * What the register's forms send: a form's text fields → the body the API takes, checked with the
 * shared schemas the server checks it with (a bad field is named before anything is sent). Pure.
 */
import type * as z from 'zod';
import {
  type ContactBody,
  ContactBodySchema,
  type ContractBody,
  ContractBodySchema,
  type ContractUpdateBody,
  ContractUpdateBodySchema,
  type CustomerBody,
  CustomerBodySchema,
  type EscalationBody,
  EscalationBodySchema,
  type PolicyVersionBody,
  PolicyVersionBodySchema,
  type SiteBody,
  SiteBodySchema,
} from '../../../shared/contracts/schemas.ts';
import { type DeviceBody, DeviceBodySchema } from '../../../shared/devices/schemas.ts';

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
}

export function customerBody(form: CustomerForm): Checked<CustomerBody> {
  return check(CustomerBodySchema, { name: form.name, notes: optional(form.notes) });
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
export function policyBody(
  form: { serviceLevel: string; effectiveOn: string },
  timeZone: string,
  expectedVersion: number,
): Checked<PolicyVersionBody> {
  const effectiveFrom = startOfDayIn(form.effectiveOn, timeZone);
  if (effectiveFrom === null) return { ok: false, field: 'effectiveFrom' };
  return check(PolicyVersionBodySchema, { effectiveFrom, serviceLevel: form.serviceLevel, expectedVersion });
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
