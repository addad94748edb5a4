/**
 * The audit trail's side of the API: the records of one object or of a contract, and the names of the
 * company's staff to say who made each change. Staff requests through the signed-in session.
 */
import { AuditListSchema, type AuditRecordView } from '../../../shared/auth/schemas.ts';
import { StaffListSchema } from '../../../shared/tickets/schemas.ts';
import { authJson, type SendOptions } from '../api/client';
import { type AuditTarget, auditPath } from './format';

export type AuthRequest = <T>(path: string, parse: (body: unknown) => T, options?: SendOptions) => Promise<T>;

export function auditApi(request: AuthRequest = authJson) {
  return {
    records: async (target: AuditTarget, options?: SendOptions): Promise<AuditRecordView[]> =>
      (await request(auditPath(target), (body) => AuditListSchema.parse(body), options)).records,
    /** Names of the company's active staff (the desk's staff list); empty when it cannot be read. */
    staffNames: async (options?: SendOptions): Promise<Map<string, string>> => {
      try {
        const { staff } = await request('/desk/staff', (body) => StaffListSchema.parse(body), options);
        return new Map(staff.map((member) => [member.staffId, member.name]));
      } catch {
        return new Map();
      }
    },
  };
}
