/**
 * The desk's side of the API. Every call is a staff request (`Authorization: Bearer`, one retry with a
 * renewed token); the transport is passed in so this module knows nothing of sessions. Answers are
 * checked with the schemas the server writes them with.
 */
import { ContractListSchema, type ContractView } from '../../../shared/contracts/schemas.ts';
import {
  type AssignBody,
  type Board,
  BoardSchema,
  type LevelBody,
  type ReasonBody,
  StaffListSchema,
  type TicketDetail,
  TicketDetailSchema,
} from '../../../shared/tickets/schemas.ts';
import type { SendOptions } from '../api/client';
import { type BoardFilters, filtersToSearch } from './board';

export type AuthRequest = <T>(path: string, parse: (body: unknown) => T, options?: SendOptions) => Promise<T>;

export interface StaffMember {
  staffId: string;
  name: string;
  roles: string[];
  active: boolean;
}

export type TicketAction =
  | { command: 'assign'; body: AssignBody }
  | { command: 'level'; body: LevelBody }
  | { command: 'pause'; body: ReasonBody }
  | { command: 'resume'; body: ReasonBody }
  | { command: 'close'; body: ReasonBody };

export interface DeskApi {
  board(filters: BoardFilters, options?: SendOptions): Promise<Board>;
  ticket(ticketId: string, options?: SendOptions): Promise<TicketDetail>;
  act(ticketId: string, action: TicketAction, options?: SendOptions): Promise<TicketDetail>;
  staff(role?: 'engineer', options?: SendOptions): Promise<StaffMember[]>;
  contracts(options?: SendOptions): Promise<ContractView[]>;
}

export function deskApi(request: AuthRequest): DeskApi {
  return {
    board: (filters, options) =>
      request(`/desk/board${filtersToSearch(filters)}`, (body) => BoardSchema.parse(body), options),
    ticket: (ticketId, options) =>
      request(
        `/desk/tickets/${encodeURIComponent(ticketId)}`,
        (body) => TicketDetailSchema.parse(body),
        options,
      ),
    act: (ticketId, action, options) =>
      request(
        `/desk/tickets/${encodeURIComponent(ticketId)}/${action.command}`,
        (body) => TicketDetailSchema.parse(body),
        { ...options, method: 'POST', body: action.body },
      ),
    staff: async (role, options) =>
      (
        await request(
          `/desk/staff${role === undefined ? '' : `?role=${role}`}`,
          (body) => StaffListSchema.parse(body),
          options,
        )
      ).staff,
    contracts: async (options) =>
      (await request('/desk/contracts', (body) => ContractListSchema.parse(body), options)).contracts,
  };
}
