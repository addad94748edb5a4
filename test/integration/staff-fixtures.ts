/**
 * Fixtures of the roster tests: one app with the sign-in routes, the desk's session and audit routes
 * and the roster routes, against DynamoDB Local; staff signed in through the real sign-in routes.
 */
import type { Hono } from 'hono';
import type { StaffRole } from '../../shared/auth/roles.ts';
import {
  capturingSms,
  loadSystem,
  type System,
  uniqueCompany,
  uniqueIp,
  uniquePhone,
} from './auth-fixtures.ts';

export async function loadRosterSystem() {
  const system = await loadSystem();
  const [roster, routes, authRoutes] = await Promise.all([
    import('../../functions/staff/roster.ts'),
    import('../../functions/staff/routes.ts'),
    import('../../functions/auth/routes.ts'),
  ]);
  const sms = capturingSms(system);
  const deps = {
    clock: () => new Date(),
    keys: system.keys.environmentSigningKeys,
    sms: sms.port,
    codeResponseFloorMs: 0,
  };
  const app: Hono = system.api.createApi();
  authRoutes.mountAuthRoutes(app, deps);
  authRoutes.mountDeskRoutes(app, deps);
  routes.mountStaffRoutes(app, deps);

  const request = (
    method: string,
    path: string,
    options: { token?: string; body?: unknown; lang?: string } = {},
  ) =>
    app.request(path, {
      method,
      headers: {
        'accept-language': options.lang ?? 'en',
        'x-forwarded-for': uniqueIp(),
        ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(options.body === undefined
        ? {}
        : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
    });

  /** Asks for a code; true if an SMS went out for this number. */
  const askCode = async (phone: string): Promise<boolean> => {
    const before = sms.sent.length;
    const res = await request('POST', '/api/auth/code', { body: { phone } });
    if (res.status !== 202) throw new Error(`code request answered ${res.status}`);
    return sms.sent.slice(before).some((m) => m.to === phone && m.template === 'signInCode');
  };

  /** Signs a member in through the routes: a new session family each time. */
  const signIn = async (phone: string) => {
    if (!(await askCode(phone))) throw new Error(`no code sent to ${phone}`);
    const res = await request('POST', '/api/auth/verify', { body: { phone, code: sms.codeFor(phone) } });
    if (res.status !== 200) throw new Error(`verify answered ${res.status}`);
    return (await res.json()) as { accessToken: string; refreshToken: string; staff: { id: string } };
  };

  /** A member put on the roster directly (as the admin command does). */
  const addMember = (companyId: string, roles: StaffRole[], name = 'Member') =>
    system.staff.createStaff(
      { name, phone: uniquePhone(), roles, companyId },
      { kind: 'admin-cli', id: 'test' },
      new Date(),
    );

  /** A new company with a signed-in admin. */
  const companyWithAdmin = async () => {
    const companyId = uniqueCompany();
    const admin = await addMember(companyId, ['admin'], 'Admin');
    const tokens = await signIn(admin.phone);
    return { companyId, admin, token: tokens.accessToken };
  };

  return { system, roster, app, sms, request, askCode, signIn, addMember, companyWithAdmin };
}

export type RosterSystem = Awaited<ReturnType<typeof loadRosterSystem>>;
export type { System };
