/**
 * Roster administration at the desk (admins only, own company): add a member, read one, read the whole
 * roster (active or not), and change a member — name, phone, roles, active — with the rules an admin
 * cannot break:
 *
 *   - an admin cannot take their own admin role away or deactivate themselves (400);
 *   - the last active admin of a company cannot lose the role or be deactivated (409 `last-admin`);
 *   - the caller must still be an active admin by the roster itself, not only by their token (403);
 *   - a phone number belongs to one member (409 `phone-taken`); a change against an older version
 *     than the stored one is refused (409 `stale`).
 *
 * A deactivation revokes every live session of the member in the same request, so their access tokens
 * stop at once (the guard reads the session on each request) and refresh is refused. A member of
 * another company is the same 404 as one that does not exist. Every change writes its audit record in
 * its own transaction (./roster.ts, functions/store/staff.ts).
 */
import type { Context, Hono } from 'hono';
import type { StaffPrincipal } from '../../shared/auth/roles.ts';
import {
  IdSchema,
  type RosterConflict,
  StaffCreateBodySchema,
  StaffUpdateBodySchema,
  type StaffView,
} from '../../shared/auth/schemas.ts';
import type { Lang } from '../../shared/auth/validation.ts';
import type { GuardDeps } from '../auth/guard.ts';
import { principalOf, secure } from '../auth/guard.ts';
import { languageOf, readBody } from '../auth/http.ts';
import { reachableOr404 } from '../auth/objects.ts';
import { AppError } from '../lib/errors.ts';
import { createStaff, getStaff, listStaffOfCompany, type StaffMember } from '../store/staff.ts';
import { RosterConflictError, updateStaff } from './roster.ts';

const ADMIN = { audience: 'staff', roles: ['admin'] } as const;

const CONFLICT_MESSAGES: Record<RosterConflict, Record<Lang, string>> = {
  stale: {
    'zh-CN': '该成员已被他人修改,请刷新后重试',
    en: 'Someone else changed this member; reload and try again',
  },
  'phone-taken': {
    'zh-CN': '该手机号码已在人员名册中',
    en: 'This phone number is already on the roster',
  },
  'last-admin': {
    'zh-CN': '这是本公司最后一位在职管理员,不能取消其管理员角色或停用',
    en: 'This is the last active admin of the company; they must stay an active admin',
  },
};

const SELF_MESSAGES = {
  roles: { 'zh-CN': 'roles:不能取消自己的管理员角色', en: 'roles: you cannot remove your own admin role' },
  active: { 'zh-CN': 'active:不能停用自己', en: 'active: you cannot deactivate yourself' },
} as const;

export function view(member: StaffMember): StaffView {
  return {
    staffId: member.staffId,
    name: member.name,
    phone: member.phone,
    roles: [...member.roles],
    active: member.active,
    createdAt: member.createdAt,
    updatedAt: member.updatedAt,
    version: member.version,
  };
}

/**
 * The admin calling. The guard has checked the roles in the access token; the roster also reads the
 * caller's own record, because a token keeps the roles it was issued with for up to 15 minutes: an
 * admin demoted a minute ago must not be able to give the role back to themselves.
 */
async function adminOf(c: Context): Promise<StaffPrincipal> {
  const principal = principalOf(c);
  if (principal.kind !== 'staff') throw new AppError('forbidden', 'wrong audience');
  const self = await getStaff(principal.staffId);
  if (
    self === undefined ||
    !self.active ||
    !self.roles.includes('admin') ||
    self.companyId !== principal.companyId
  ) {
    throw new AppError('forbidden', 'no longer an admin');
  }
  return principal;
}

/** The member named in the path, if the caller's company has them; otherwise 404 either way. */
async function memberOf(c: Context, principal: StaffPrincipal): Promise<StaffMember> {
  const id = IdSchema.safeParse(c.req.param('staffId'));
  if (!id.success) throw new AppError('not_found', 'no such staff member');
  return reachableOr404(principal, await getStaff(id.data), (m) => ({ companyId: m.companyId }));
}

/** A 409 that says which rule refused the change, in the caller's language. */
function conflictResponse(c: Context, error: RosterConflictError): Response {
  return c.json(
    {
      error: {
        code: 'conflict',
        reason: error.reason,
        message: CONFLICT_MESSAGES[error.reason][languageOf(c)],
        ...(error.field === undefined ? {} : { field: error.field }),
      },
    },
    409,
  );
}

async function answeringConflicts(c: Context, work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RosterConflictError) return conflictResponse(c, error);
    throw error;
  }
}

export function mountStaffRoutes(app: Hono, deps: GuardDeps): void {
  secure(app, deps, 'GET', '/api/desk/roster', ADMIN, async (c) => {
    const principal = await adminOf(c);
    const members = await listStaffOfCompany(principal.companyId);
    return c.json({ staff: members.map(view) });
  });

  secure(app, deps, 'POST', '/api/desk/staff', ADMIN, async (c) => {
    const principal = await adminOf(c);
    const body = await readBody(c, StaffCreateBodySchema);
    return answeringConflicts(c, async () => {
      let member: StaffMember;
      try {
        member = await createStaff(
          { ...body, companyId: principal.companyId },
          { kind: 'staff', id: principal.staffId },
          deps.clock(),
        );
      } catch (error) {
        // The only condition of the creation that can fail is the phone claim.
        if (error instanceof AppError && error.code === 'conflict') {
          throw new RosterConflictError('phone-taken', 'phone');
        }
        throw error;
      }
      return c.json(view(member), 201);
    });
  });

  secure(app, deps, 'GET', '/api/desk/staff/:staffId', ADMIN, async (c) => {
    const principal = await adminOf(c);
    return c.json(view(await memberOf(c, principal)));
  });

  secure(app, deps, 'PUT', '/api/desk/staff/:staffId', ADMIN, async (c) => {
    const principal = await adminOf(c);
    const current = await memberOf(c, principal);
    const body = await readBody(c, StaffUpdateBodySchema);
    if (current.staffId === principal.staffId) {
      const lang = languageOf(c);
      if (!body.active) throw new AppError('bad_request', SELF_MESSAGES.active[lang], 'active');
      if (current.roles.includes('admin') && !body.roles.includes('admin')) {
        throw new AppError('bad_request', SELF_MESSAGES.roles[lang], 'roles');
      }
    }
    return answeringConflicts(c, async () => {
      const { member, revokedSessions } = await updateStaff({
        current,
        next: { name: body.name, phone: body.phone, roles: body.roles, active: body.active },
        expectedVersion: body.expectedVersion,
        actor: { kind: 'staff', id: principal.staffId },
        now: deps.clock(),
      });
      return c.json({ staff: view(member), revokedSessions });
    });
  });
}
