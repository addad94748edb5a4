/**
 * The duty roster page's side of the API (desk roles): the entries of a period, creating, changing and
 * deleting one, and the staff and contracts to choose from. Answers are checked with the schemas the
 * server writes them with.
 */
import { ContractListSchema, type ContractView } from '../../../shared/contracts/schemas.ts';
import {
  type DutyCreateBody,
  DutyListSchema,
  type DutyView,
  DutyViewSchema,
} from '../../../shared/duty/schemas.ts';
import { StaffListSchema } from '../../../shared/tickets/schemas.ts';
import { ApiError, authJson, type SendOptions } from '../api/client';

export type AuthRequest = <T>(path: string, parse: (body: unknown) => T, options?: SendOptions) => Promise<T>;

export interface StaffChoice {
  staffId: string;
  name: string;
  roles: string[];
  active: boolean;
}

const id = (value: string) => encodeURIComponent(value);

function acceptNoContent(error: unknown): void {
  if (error instanceof ApiError && error.kind === 'invalid' && error.status === 204) return;
  throw error;
}

export function dutyApi(request: AuthRequest = authJson) {
  return {
    list: async (range: { from: string; to: string }, options?: SendOptions): Promise<DutyView[]> =>
      (
        await request(
          `/desk/duty?from=${id(range.from)}&to=${id(range.to)}`,
          (body) => DutyListSchema.parse(body),
          options,
        )
      ).entries,
    create: (body: DutyCreateBody, options?: SendOptions): Promise<DutyView> =>
      request('/desk/duty', (answer) => DutyViewSchema.parse(answer), { ...options, method: 'POST', body }),
    update: (
      dutyId: string,
      body: DutyCreateBody,
      version: number,
      options?: SendOptions,
    ): Promise<DutyView> =>
      request(`/desk/duty/${id(dutyId)}`, (answer) => DutyViewSchema.parse(answer), {
        ...options,
        method: 'PUT',
        body: { ...body, expectedVersion: version },
      }),
    remove: async (dutyId: string, version: number, options?: SendOptions): Promise<void> => {
      await request(`/desk/duty/${id(dutyId)}?expectedVersion=${version}`, () => undefined, {
        ...options,
        method: 'DELETE',
      }).catch(acceptNoContent);
    },
    staff: async (options?: SendOptions): Promise<StaffChoice[]> =>
      (await request('/desk/staff', (body) => StaffListSchema.parse(body), options)).staff,
    contracts: async (options?: SendOptions): Promise<ContractView[]> =>
      (await request('/desk/contracts', (body) => ContractListSchema.parse(body), options)).contracts,
  };
}

export type DutyApi = ReturnType<typeof dutyApi>;
