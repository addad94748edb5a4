import { useMemo } from 'preact/hooks';
import type { InspectionTemplate } from '../../../shared/field/schemas.ts';
import { projectTicket, projectVisit, type TicketProjection, type VisitProjection } from './projection';
import { type FieldState, useField } from './store';

/**
 * Plain code-point order, for ticket numbers (`SC-2026-000123`) and ISO dates, whose order it already is.
 * Not localeCompare: a page's first collation loads ICU's collation data, ~10 ms on a desktop (×4 on a
 * phone) in the middle of the first screen.
 */
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const breach = (view: TicketProjection) => {
  const at = view.ticket.breachAt === null ? Number.NaN : Date.parse(view.ticket.breachAt);
  return Number.isNaN(at) ? Number.POSITIVE_INFINITY : at;
};

/** The screens' data: the snapshot with the queue applied (projection.ts). */
export function useProjected(): FieldState & { tickets: TicketProjection[]; visits: VisitProjection[] } {
  const state = useField();
  const { data } = state;
  const tickets = useMemo(
    () =>
      (data?.snapshot.tickets ?? [])
        .map((ticket) => projectTicket(ticket, data?.queued ?? []))
        .sort((a, b) => breach(a) - breach(b) || byCodePoint(a.ticket.number, b.ticket.number)),
    [data],
  );
  const visits = useMemo(() => {
    const templates = new Map<string, InspectionTemplate>(
      (data?.snapshot.templates ?? []).map((template) => [template.id, template]),
    );
    return (data?.snapshot.visits ?? [])
      .map((visit) => projectVisit(visit, templates, data?.drafts ?? [], data?.queued ?? []))
      .sort((a, b) => byCodePoint(a.visit.dueDate, b.visit.dueDate));
  }, [data]);
  return { ...state, tickets, visits };
}
