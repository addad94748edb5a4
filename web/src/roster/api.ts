/**
 * The roster page's side of the API (admins): the roster, one member, adding and changing members,
 * and a member's sessions. Staff requests through the signed-in session; answers are checked with the
 * schemas the server writes them with.
 */
import {
  RosterSchema,
  SessionListSchema,
  type SessionView,
  type StaffCreateBody,
  type StaffUpdateBody,
  type StaffUpdated,
  StaffUpdatedSchema,
  type StaffView,
  StaffViewSchema,
} from '../../../shared/auth/schemas.ts';
import { authJson, type SendOptions } from '../api/client';
import { acceptNoContent } from './model';

export type AuthRequest = <T>(path: string, parse: (body: unknown) => T, options?: SendOptions) => Promise<T>;

const id = (value: string) => encodeURIComponent(value);

export function rosterApi(request: AuthRequest = authJson) {
  return {
    roster: async (options?: SendOptions): Promise<StaffView[]> =>
      (await request('/desk/roster', (body) => RosterSchema.parse(body), options)).staff,
    member: (staffId: string, options?: SendOptions): Promise<StaffView> =>
      request(`/desk/staff/${id(staffId)}`, (body) => StaffViewSchema.parse(body), options),
    create: (body: StaffCreateBody, options?: SendOptions): Promise<StaffView> =>
      request('/desk/staff', (answer) => StaffViewSchema.parse(answer), { ...options, method: 'POST', body }),
    update: (staffId: string, body: StaffUpdateBody, options?: SendOptions): Promise<StaffUpdated> =>
      request(`/desk/staff/${id(staffId)}`, (answer) => StaffUpdatedSchema.parse(answer), {
        ...options,
        method: 'PUT',
        body,
      }),
    sessions: async (staffId: string, options?: SendOptions): Promise<SessionView[]> =>
      (
        await request(
          `/desk/sessions?staffId=${id(staffId)}`,
          (body) => SessionListSchema.parse(body),
          options,
        )
      ).sessions,
    revoke: async (sessionId: string, options?: SendOptions): Promise<void> => {
      await request(`/desk/sessions/${id(sessionId)}/revoke`, () => undefined, {
        ...options,
        method: 'POST',
      }).catch(acceptNoContent);
    },
  };
}

export type RosterApi = ReturnType<typeof rosterApi>;
