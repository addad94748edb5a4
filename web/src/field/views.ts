import { useMemo } from 'preact/hooks';
import type { InspectionTemplate } from '../../../shared/field/schemas.ts';
import { projectTicket, projectVisit, type TicketProjection, type VisitProjection } from './projection';
import { type FieldState, useField } from './store';

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
        .sort((a, b) => breach(a) - breach(b) || a.ticket.number.localeCompare(b.ticket.number)),
    [data],
  );
  const visits = useMemo(() => {
    const templates = new Map<string, InspectionTemplate>(
      (data?.snapshot.templates ?? []).map((template) => [template.id, template]),
    );
    return (data?.snapshot.visits ?? [])
      .map((visit) => projectVisit(visit, templates, data?.drafts ?? [], data?.queued ?? []))
      .sort((a, b) => a.visit.dueDate.localeCompare(b.visit.dueDate));
  }, [data]);
  return { ...state, tickets, visits };
}
