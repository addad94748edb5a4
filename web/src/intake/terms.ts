/**
 * Ticket terms in words, and which deadlines still run: shared by the customer's status page and the
 * desk. Pure functions over the API's views.
 */
import type { FaultLevel } from '../../../shared/sla/index.ts';
import { isOpen, type TicketState } from '../../../shared/tickets/lifecycle.ts';
import type { AreaTranslate } from './catalogue';
import type { IntakeKey } from './i18n.zh-CN';
import { intakeZhCN } from './i18n.zh-CN';

type T = AreaTranslate<IntakeKey>;

const hasKey = (key: string): key is IntakeKey => key in intakeZhCN;

export function levelName(t: T, level: number): string {
  return level === 1 || level === 2 || level === 3 ? t(`level.${level}`) : String(level);
}

export function stateName(t: T, state: TicketState): string {
  return t(`state.${state}`);
}

export function categoryName(t: T, category: string): string {
  const key = `category.${category}`;
  return hasKey(key) ? t(key) : category;
}

/** One line of a timeline; an event type this version does not know reads "ticket updated". */
export function eventText(t: T, type: string, faultLevel?: number): string {
  const key = `event.${type}`;
  if (!hasKey(key)) return t('event.other');
  return t(key, faultLevel === undefined ? {} : { level: levelName(t, faultLevel) });
}

/**
 * Whether the level now is more severe than the one reported: raised by the desk or automatically at
 * a missed resolution deadline (3 → 2 → 1).
 */
export function levelRaised(level: FaultLevel, timeline: readonly { type: string; faultLevel?: number }[]) {
  const reported = timeline.find((entry) => entry.type === 'reported')?.faultLevel;
  return reported !== undefined && level < reported;
}

export type Clock = 'arrival' | 'resolution';

export type DueStatus =
  /** No deadline (yet). */
  | { kind: 'none' }
  /** Met: the engineer arrived / the fault is resolved. */
  | { kind: 'met' }
  /** The deadline stands but its clock waits (the ticket is paused). */
  | { kind: 'paused'; dueAt: string }
  | { kind: 'running'; dueAt: string };

const ARRIVED: ReadonlySet<TicketState> = new Set(['onSite', 'resolved', 'confirmed', 'closed']);

export function dueStatus(
  clock: Clock,
  view: { state: TicketState; paused: boolean; arrivalDueAt: string | null; resolutionDueAt: string | null },
): DueStatus {
  const dueAt = clock === 'arrival' ? view.arrivalDueAt : view.resolutionDueAt;
  const met = clock === 'arrival' ? ARRIVED.has(view.state) : !isOpen(view.state);
  if (met) return { kind: 'met' };
  if (dueAt === null) return { kind: 'none' };
  // A pause stops the resolution clock; the arrival deadline does not move.
  if (view.paused && clock === 'resolution') return { kind: 'paused', dueAt };
  return { kind: 'running', dueAt };
}
