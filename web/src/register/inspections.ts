/**
 * The desk's side of quarterly inspections, as pure functions: which quarter a new round defaults to and
 * which dates it takes, how many visits a round would make, the visits grouped by quarter, and a device's
 * submitted forms read against their templates (each answer in words, a failed check marked).
 */
import type { SiteView } from '../../../shared/contracts/schemas.ts';
import type { DeviceView } from '../../../shared/devices/schemas.ts';
import type {
  AnswerValue,
  DeskVisit,
  DeviceHistory,
  InspectionItem,
  Localized,
} from '../../../shared/field/schemas.ts';
import { CURRENT_TEMPLATE, failsCheck, templateById } from '../../../shared/field/templates.ts';

const QUARTER = /^(\d{4})-Q([1-4])$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const pad = (n: number) => String(n).padStart(2, '0');

/** The quarter `YYYY-Qn` a local date `YYYY-MM-DD` falls in. */
export function quarterOf(date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
}

/** The quarter `steps` after `quarter` (negative: before). */
export function shiftQuarter(quarter: string, steps: number): string {
  const match = QUARTER.exec(quarter);
  if (match === null) return quarter;
  const index = Number(match[1]) * 4 + Number(match[2]) - 1 + steps;
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
}

/** The quarter a new round defaults to: the one after today's (the desk plans ahead). */
export function nextQuarter(today: string): string {
  return shiftQuarter(quarterOf(today), 1);
}

/** The quarters offered: this one, then the next three. */
export function quarterChoices(today: string): string[] {
  const current = quarterOf(today);
  return [0, 1, 2, 3].map((n) => shiftQuarter(current, n));
}

/** First and last local date of a quarter. */
export function quarterBounds(quarter: string): { first: string; last: string } | null {
  const match = QUARTER.exec(quarter);
  if (match === null) return null;
  const year = Number(match[1]);
  const q = Number(match[2]);
  const firstMonth = (q - 1) * 3 + 1;
  const lastMonth = firstMonth + 2;
  // Day 0 of the month after is the last day of `lastMonth` (UTC: no zone or daylight saving involved).
  const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  return { first: `${year}-${pad(firstMonth)}-01`, last: `${year}-${pad(lastMonth)}-${pad(lastDay)}` };
}

/** A new round's due date: the quarter's last day. */
export function defaultDueDate(quarter: string): string {
  return quarterBounds(quarter)?.last ?? '';
}

export type DueDateProblem = 'missing' | 'outside' | 'past';

/**
 * Why a due date does not fit the quarter, or null when it does: it must be a date inside the quarter and
 * not before today (a visit already overdue the day it is made helps no one).
 */
export function dueDateProblem(quarter: string, dueDate: string, today: string): DueDateProblem | null {
  const bounds = quarterBounds(quarter);
  if (!DATE.test(dueDate) || Number.isNaN(Date.parse(`${dueDate}T00:00:00Z`))) return 'missing';
  if (bounds === null || dueDate < bounds.first || dueDate > bounds.last) return 'outside';
  if (dueDate < today) return 'past';
  return null;
}

/**
 * How a round for `quarter` would turn out, as the server makes it: one visit per site that has a device
 * of a category with a template; a site that already has the quarter's visit gets nothing new.
 */
export function roundPreview(
  quarter: string,
  sites: readonly Pick<SiteView, 'siteId'>[],
  devices: readonly Pick<DeviceView, 'siteId' | 'category'>[],
  visits: readonly Pick<DeskVisit, 'quarter' | 'site'>[],
): { sites: number; toCreate: number; existing: number } {
  const inspected = new Set(
    devices.filter((d) => CURRENT_TEMPLATE[d.category] !== undefined).map((d) => d.siteId),
  );
  const eligible = sites.filter((s) => inspected.has(s.siteId)).map((s) => s.siteId);
  const already = new Set(visits.filter((v) => v.quarter === quarter).map((v) => v.site.id));
  const existing = eligible.filter((id) => already.has(id)).length;
  return { sites: eligible.length, toCreate: eligible.length - existing, existing };
}

export interface QuarterGroup {
  quarter: string;
  visits: DeskVisit[];
  submitted: number;
}

/** Visits by quarter, newest quarter first; within one, by due date then site name. */
export function groupByQuarter(visits: readonly DeskVisit[]): QuarterGroup[] {
  const groups = new Map<string, DeskVisit[]>();
  for (const visit of visits) {
    const list = groups.get(visit.quarter) ?? [];
    list.push(visit);
    groups.set(visit.quarter, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0))
    .map(([quarter, list]) => ({
      quarter,
      visits: [...list].sort(
        (a, b) => a.dueDate.localeCompare(b.dueDate) || a.site.name.localeCompare(b.site.name),
      ),
      submitted: list.filter((v) => v.state === 'submitted').length,
    }));
}

/** Devices whose form is submitted, of all the visit's devices. */
export function devicesDone(visit: Pick<DeskVisit, 'devices'>): { done: number; total: number } {
  return { done: visit.devices.filter((d) => d.submitted).length, total: visit.devices.length };
}

/** Words of an answer; `yes`/`no`/`none` are the caller's words for pass, fail and no answer. */
export interface AnswerWords {
  pass: string;
  fail: string;
  none: string;
}

export function localized(text: Localized, locale: string): string {
  return locale === 'en' ? text.en : text['zh-CN'];
}

/** An answer in words: a pass/fail as the words given, a number with its unit, a choice by its label. */
export function answerText(
  item: InspectionItem,
  value: AnswerValue | undefined,
  locale: string,
  words: AnswerWords,
): string {
  if (value === undefined || value === null || value === '') return words.none;
  if (item.kind === 'passFail' || typeof value === 'boolean') {
    return value === true ? words.pass : value === false ? words.fail : String(value);
  }
  if (item.kind === 'number') return item.unit === undefined ? String(value) : `${value} ${item.unit}`;
  if (item.kind === 'choice') {
    const choice = item.choices?.find((c) => c.value === value);
    return choice === undefined ? String(value) : localized(choice.label, locale);
  }
  return String(value);
}

export interface HistoryLine {
  itemId: string;
  label: string;
  answer: string;
  failed: boolean;
  /** False for a check that passes or fails on nothing (a text, a remark): no verdict is shown. */
  judged: boolean;
  /** The fault ticket the failed check opened. */
  ticket: { ticketId: string; number: string } | null;
}

export interface HistoryForm {
  visitId: string;
  quarter: string | null;
  dueDate: string | null;
  submittedAt: string | null;
  engineerId: string;
  title: string;
  failed: number;
  lines: HistoryLine[];
}

/**
 * A device's submitted forms, newest first, each item of its template with the answer in words; a
 * check fails as the template says, and the failures the server recorded are marked too (with their
 * ticket). Answers to items the template no longer has are listed after, by their id.
 */
export function historyForms(
  history: Pick<DeviceHistory, 'inspections'>,
  visits: readonly Pick<DeskVisit, 'id' | 'quarter' | 'dueDate'>[],
  locale: string,
  words: AnswerWords,
): HistoryForm[] {
  const visitOf = new Map(visits.map((v) => [v.id, v]));
  return history.inspections
    .map((form) => {
      const template = templateById(form.templateId);
      const failures = new Map(form.failures.map((f) => [f.itemId, f]));
      const items = template?.items ?? [];
      const known = new Set(items.map((i) => i.id));
      const lines: HistoryLine[] = items.map((item) => {
        const value = form.answers[item.id];
        const failure = failures.get(item.id);
        return {
          itemId: item.id,
          label: localized(item.label, locale),
          answer: answerText(item, value, locale, words),
          failed: failure !== undefined || failsCheck(item, value),
          judged: item.kind !== 'text' || failure !== undefined,
          ticket: failure === undefined ? null : { ticketId: failure.ticketId, number: failure.number },
        };
      });
      for (const [itemId, value] of Object.entries(form.answers)) {
        if (known.has(itemId)) continue;
        const failure = failures.get(itemId);
        lines.push({
          itemId,
          label: itemId,
          answer: value === null ? words.none : String(value),
          failed: failure !== undefined,
          judged: failure !== undefined,
          ticket: failure === undefined ? null : { ticketId: failure.ticketId, number: failure.number },
        });
      }
      const visit = visitOf.get(form.visitId);
      return {
        visitId: form.visitId,
        quarter: visit?.quarter ?? null,
        dueDate: visit?.dueDate ?? null,
        submittedAt: form.submittedAt,
        engineerId: form.engineerId,
        title: template === undefined ? form.templateId : localized(template.title, locale),
        failed: lines.filter((l) => l.failed).length,
        lines,
      };
    })
    .sort((a, b) => (b.submittedAt ?? '').localeCompare(a.submittedAt ?? ''));
}

/** A 400's message shown under its field, without the `field:` the server may start it with. */
export function messageForField(field: string, message: string): string {
  const prefix = `${field}:`;
  return message.startsWith(prefix) ? message.slice(prefix.length).trim() : message;
}
