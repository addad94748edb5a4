/**
 * Which desk actions a ticket takes now, read from the ticket life cycle in shared/ (the one place
 * that decides), and what a failed action means for the screen.
 */
import { nextState, type TicketCommand } from '../../../shared/tickets/lifecycle.ts';
import type { TicketView } from '../../../shared/tickets/schemas.ts';
import { ApiError, errorOf } from '../api/client';

export function takes(ticket: Pick<TicketView, 'state' | 'paused'>, command: TicketCommand): boolean {
  try {
    nextState(ticket, command);
    return true;
  } catch {
    return false;
  }
}

export type ActionFailure =
  | { kind: 'conflict' }
  | { kind: 'rejected'; field: string | null; message: string }
  | { kind: 'offline' }
  | { kind: 'signedOut' }
  | { kind: 'failed' };

export function actionFailure(error: unknown): ActionFailure {
  if (!(error instanceof ApiError)) return { kind: 'failed' };
  if (error.kind === 'network') return { kind: 'offline' };
  if (error.status === 409) return { kind: 'conflict' };
  if (error.status === 401) return { kind: 'signedOut' };
  if (error.status === 400) {
    const { field, message = '' } = errorOf(error);
    return { kind: 'rejected', field: field ?? null, message };
  }
  return { kind: 'failed' };
}
