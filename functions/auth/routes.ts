/**
 * The routes of sign-in (auth audience) and of session administration and the audit trail (desk
 * audience). Each is registered with its rule through `secure()`; handlers validate with a schema
 * from shared/auth/, call the services, and leave error mapping to functions/lib/api.ts.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Hono } from 'hono';
import { SIGN_IN_LIMITS } from '../../shared/auth/limits.ts';
import { DESK_ROLES } from '../../shared/auth/roles.ts';
import {
  AuditQuerySchema,
  IdSchema,
  RefreshBodySchema,
  RequestCodeBodySchema,
  SessionsQuerySchema,
  SignOutBodySchema,
  VerifyCodeBodySchema,
} from '../../shared/auth/schemas.ts';
import { AppError } from '../lib/errors.ts';
import { auditOfContract, auditOfObject } from '../store/audit.ts';
import { getStaff } from '../store/staff.ts';
import type { AuthDeps } from './deps.ts';
import { principalOf, secure } from './guard.ts';
import { clientIp, languageOf, readBody, readQuery } from './http.ts';
import { reachableOnly, reachableOr404 } from './objects.ts';
import { getSession, listSessionsOfStaff, revokeSession } from './sessions.ts';
import { refresh, requestCode, signOut, verifyCode } from './sign-in.ts';

export function mountAuthRoutes(app: Hono, deps: AuthDeps): void {
  secure(app, deps, 'POST', '/api/auth/code', { audience: 'public' }, async (c) => {
    const { phone } = await readBody(c, RequestCodeBodySchema);
    const started = performance.now();
    await requestCode(
      { keys: await deps.keys(), sms: deps.sms },
      { phone, ip: clientIp(c), lang: languageOf(c), now: deps.clock() },
    );
    const wait = deps.codeResponseFloorMs - (performance.now() - started);
    if (wait > 0) await sleep(wait);
    return c.json({ accepted: true, resendAfterSeconds: SIGN_IN_LIMITS.cooldownSeconds }, 202);
  });

  secure(app, deps, 'POST', '/api/auth/verify', { audience: 'public' }, async (c) => {
    const { phone, code } = await readBody(c, VerifyCodeBodySchema);
    const userAgent = c.req.header('user-agent');
    const tokens = await verifyCode(
      { keys: await deps.keys(), sms: deps.sms },
      { phone, code, ip: clientIp(c), now: deps.clock(), ...(userAgent === undefined ? {} : { userAgent }) },
    );
    return c.json(tokens, 200);
  });

  secure(app, deps, 'POST', '/api/auth/refresh', { audience: 'public' }, async (c) => {
    const { refreshToken } = await readBody(c, RefreshBodySchema);
    const tokens = await refresh(
      { keys: await deps.keys(), sms: deps.sms },
      { refreshToken, now: deps.clock() },
    );
    return c.json(tokens, 200);
  });

  secure(app, deps, 'POST', '/api/auth/sign-out', { audience: 'public' }, async (c) => {
    const { refreshToken } = await readBody(c, SignOutBodySchema);
    await signOut({ refreshToken, now: deps.clock() });
    return c.body(null, 204);
  });
}

export function mountDeskRoutes(app: Hono, deps: AuthDeps): void {
  secure(app, deps, 'GET', '/api/desk/sessions', { audience: 'staff', roles: ['admin'] }, async (c) => {
    const principal = principalOf(c);
    const { staffId } = readQuery(c, SessionsQuerySchema);
    reachableOr404(principal, await getStaff(staffId), (m) => ({ companyId: m.companyId }));
    const sessions = await listSessionsOfStaff(staffId);
    return c.json({
      sessions: sessions.map((s) => ({
        sessionId: s.sessionId,
        staffId: s.staffId,
        createdAt: s.createdAt,
        lastRefreshAt: s.lastRefreshAt ?? null,
        userAgent: s.userAgent ?? null,
        revokedAt: s.revokedAt ?? null,
        revokedReason: s.revokedReason ?? null,
      })),
    });
  });

  secure(
    app,
    deps,
    'POST',
    '/api/desk/sessions/:sessionId/revoke',
    { audience: 'staff', roles: ['admin'] },
    async (c) => {
      const principal = principalOf(c);
      const id = IdSchema.safeParse(c.req.param('sessionId'));
      if (!id.success) throw new AppError('not_found', 'no such session');
      const session = reachableOr404(principal, await getSession(id.data), (s) => ({
        companyId: s.companyId,
      }));
      if (principal.kind === 'staff') {
        await revokeSession(session, 'admin', { kind: 'staff', id: principal.staffId }, deps.clock());
      }
      return c.body(null, 204);
    },
  );

  secure(app, deps, 'GET', '/api/desk/audit', { audience: 'staff', roles: DESK_ROLES }, async (c) => {
    const principal = principalOf(c);
    const query = readQuery(c, AuditQuerySchema);
    const records =
      'contractId' in query
        ? await auditOfContract(query.contractId)
        : await auditOfObject(query.entity, query.id);
    const visible = reachableOnly(principal, records, (r) => ({
      companyId: r.companyId,
      ...(r.contractId === undefined ? {} : { contractId: r.contractId }),
    }));
    return c.json({
      records: visible.map((r) => ({
        at: r.at,
        entity: r.entity,
        id: r.entityId,
        action: r.action,
        actor: { kind: r.actorKind, id: r.actorId },
        changes: r.changes,
        ...(r.contractId === undefined ? {} : { contractId: r.contractId }),
      })),
    });
  });
}
