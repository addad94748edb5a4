/**
 * Authorization in one place. Every route is registered through `secure()` with its rule: who may
 * call it (audience and roles). The caller's credentials are checked once per request, by the first
 * guard that needs them, and the principal is kept on the context:
 *
 *   Authorization: Bearer <access token>   staff; the token is verified (./tokens.ts) and its session
 *                                          family must still be live, so a revocation acts at once
 *   Authorization: Link <link token>       a customer link (./links.ts), live
 *
 * No or bad credentials → 401; valid credentials of the wrong audience or without a required role →
 * 403. Object-level checks come after, in the route, through ./objects.ts.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { Principal, StaffRole } from '../../shared/auth/roles.ts';
import { OpaqueTokenSchema } from '../../shared/auth/schemas.ts';
import { AppError } from '../lib/errors.ts';
import type { SigningKeys } from './keys.ts';
import { findLiveLink } from './links.ts';
import { getSession } from './sessions.ts';
import { verifyAccessToken } from './tokens.ts';

export type RouteRule =
  | { audience: 'public' }
  | { audience: 'staff'; roles: readonly StaffRole[] }
  | { audience: 'link' };

export interface GuardDeps {
  clock: () => Date;
  keys: () => Promise<SigningKeys>;
}

type Resolved = { kind: 'anonymous' } | { kind: 'invalid' } | { kind: 'principal'; principal: Principal };

declare module 'hono' {
  interface ContextVariableMap {
    resolvedCaller: Promise<Resolved>;
    principal: Principal;
  }
}

async function resolveCaller(c: Context, deps: GuardDeps): Promise<Resolved> {
  const header = c.req.header('authorization');
  if (header === undefined || header.trim() === '') return { kind: 'anonymous' };
  const [scheme, credential, ...rest] = header.trim().split(/\s+/);
  if (credential === undefined || rest.length > 0) return { kind: 'invalid' };
  switch (scheme?.toLowerCase()) {
    case 'bearer': {
      const principal = await verifyAccessToken(await deps.keys(), credential, deps.clock());
      if (principal === undefined) return { kind: 'invalid' };
      const session = await getSession(principal.sessionId);
      if (session === undefined || session.revokedAt !== undefined || session.staffId !== principal.staffId) {
        return { kind: 'invalid' };
      }
      return { kind: 'principal', principal };
    }
    case 'link': {
      if (!OpaqueTokenSchema.safeParse(credential).success) return { kind: 'invalid' };
      const link = await findLiveLink(credential);
      if (link === undefined) return { kind: 'invalid' };
      return {
        kind: 'principal',
        principal: {
          kind: 'link',
          linkId: link.linkId,
          companyId: link.companyId,
          contractId: link.contractId,
          ...(link.ticketId === undefined ? {} : { ticketId: link.ticketId }),
        },
      };
    }
    default:
      return { kind: 'invalid' };
  }
}

export function guard(rule: RouteRule, deps: GuardDeps): MiddlewareHandler {
  return async (c, next) => {
    if (rule.audience === 'public') return next();
    let pending = c.get('resolvedCaller');
    if (pending === undefined) {
      pending = resolveCaller(c, deps);
      c.set('resolvedCaller', pending);
    }
    const resolved = await pending;
    if (resolved.kind !== 'principal') throw new AppError('unauthorized', resolved.kind);
    const { principal } = resolved;
    if (principal.kind !== rule.audience) throw new AppError('forbidden', 'wrong audience');
    if (
      rule.audience === 'staff' &&
      principal.kind === 'staff' &&
      !principal.roles.some((role) => rule.roles.includes(role))
    ) {
      throw new AppError('forbidden', 'role');
    }
    c.set('principal', principal);
    return next();
  };
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface DeclaredRoute {
  method: Method;
  path: string;
  rule: RouteRule;
}

const declared = new WeakMap<Hono, DeclaredRoute[]>();

/** Registers a route with its rule; the rule runs before the handler, and the route is listed. */
export function secure(
  app: Hono,
  deps: GuardDeps,
  method: Method,
  path: string,
  rule: RouteRule,
  handler: (c: Context) => Response | Promise<Response>,
): void {
  const list = declared.get(app) ?? [];
  list.push({ method, path, rule });
  declared.set(app, list);
  app.on(method, path, guard(rule, deps), handler);
}

/** Every route an app registered through `secure()`, with its rule (the matrix test reads these). */
export function declaredRoutes(app: Hono): readonly DeclaredRoute[] {
  return declared.get(app) ?? [];
}

/** The principal a guard let through; only valid inside a non-public route. */
export function principalOf(c: Context): Principal {
  const principal = c.get('principal');
  if (principal === undefined) throw new Error('principalOf used on a route without a guard');
  return principal;
}
