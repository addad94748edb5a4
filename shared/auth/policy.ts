/**
 * Object-level access rules: who may reach which object. The guard in functions/auth/ applies them;
 * a denial is answered exactly like a missing object (404), so nobody learns what exists.
 *
 *   desk roles (dispatcher, supervisor, admin) → every object of their own company
 *   engineer                                   → objects of their company assigned to them, and their own
 *   contract link                              → objects of its contract
 *   ticket link                                → objects of its ticket only
 */
import { DESK_ROLES, type Principal } from './roles.ts';

/** What the rules need to know about an object: its owners, never its content. */
export interface ObjectScope {
  companyId: string;
  contractId?: string;
  ticketId?: string;
  /** Engineers assigned to the ticket or visit the object belongs to. */
  assignedEngineerIds?: readonly string[];
  /** The staff member the object is about (a session, a profile). */
  staffId?: string;
}

export function mayReach(principal: Principal, object: ObjectScope): boolean {
  if (principal.companyId !== object.companyId) return false;
  if (principal.kind === 'link') {
    if (object.contractId === undefined || object.contractId !== principal.contractId) return false;
    return principal.ticketId === undefined || principal.ticketId === object.ticketId;
  }
  if (principal.roles.some((role) => DESK_ROLES.includes(role))) return true;
  if (object.staffId !== undefined && object.staffId === principal.staffId) return true;
  return object.assignedEngineerIds?.includes(principal.staffId) ?? false;
}

/**
 * Field work (the engineer's phone, functions/field/): only an engineer, and only the tickets and
 * visits assigned to them — whatever desk roles the same person also holds, the phone acts on nobody
 * else's work. A denial is the same 404 (or outbox `not_found`) as a missing object.
 */
export function mayWorkOn(principal: Principal, object: { companyId: string; assignedEngineerId?: string }) {
  return (
    principal.kind === 'staff' &&
    principal.roles.includes('engineer') &&
    principal.companyId === object.companyId &&
    object.assignedEngineerId === principal.staffId
  );
}
