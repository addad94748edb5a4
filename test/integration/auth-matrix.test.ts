/**
 * Who may call what: every route that exists × every kind of caller → the status they get. A new
 * route adds a row to ROUTES; the last test fails while a route registered with `secure()` has none.
 */
import type { Context, Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  capturingSms,
  loadSystem,
  type System,
  signedInMember,
  uniqueCompany,
  uniqueIp,
  uniquePhone,
} from './auth-fixtures.ts';

const CALLERS = [
  'admin',
  'dispatcher',
  'assignedEngineer',
  'otherEngineer',
  'linkOfThisContract',
  'linkOfAnotherContract',
  'anonymous',
  'expiredToken',
  'tamperedToken',
  'algNoneToken',
] as const;
type Caller = (typeof CALLERS)[number];
type Expected = Record<Caller, number>;

/** The same status for everyone: public routes and routes not built yet. */
const everyone = (status: number): Expected =>
  Object.fromEntries(CALLERS.map((caller) => [caller, status])) as Expected;

/** A staff route: bad or missing credentials 401, customers 403, staff by role. */
const staffOnly = (byRole: { admin: number; dispatcher: number; engineer: number }): Expected => ({
  admin: byRole.admin,
  dispatcher: byRole.dispatcher,
  assignedEngineer: byRole.engineer,
  otherEngineer: byRole.engineer,
  linkOfThisContract: 403,
  linkOfAnotherContract: 403,
  anonymous: 401,
  expiredToken: 401,
  tamperedToken: 401,
  algNoneToken: 401,
});

interface Row {
  audience: 'public' | 'auth' | 'desk' | 'field';
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The route as registered (for the completeness check); `path` is the concrete request. */
  route?: string;
  path: (ids: Ids) => string;
  body?: (ids: Ids) => unknown;
  expected: Expected;
}

interface Ids {
  victimStaffId: string;
  victimSessionId: string;
  assignedEngineerId: string;
}

/** A row requested at the route as registered. */
const atRoute = (
  audience: Row['audience'],
  method: Row['method'],
  route: string,
  expected: Expected,
  body?: () => unknown,
): Row => ({ audience, method, route, path: () => route, ...(body === undefined ? {} : { body }), expected });

/**
 * Desk rows: desk roles only, engineers 403; `status` is what an admin or a dispatcher gets. Routes
 * other than GET and DELETE get an empty body.
 */
const deskRows = (rows: readonly (readonly [Row['method'], string, string, number])[]): Row[] =>
  rows.map(([method, route, path, status]) => ({
    audience: 'desk',
    method,
    route,
    path: () => path,
    ...(method === 'GET' || method === 'DELETE' ? {} : { body: () => ({}) }),
    expected: staffOnly({ admin: status, dispatcher: status, engineer: 403 }),
  }));

const ROUTES: Row[] = [
  { audience: 'public', method: 'GET', path: () => '/api/health', expected: everyone(200) },
  atRoute('auth', 'POST', '/api/auth/code', everyone(202), () => ({ phone: uniquePhone() })),
  atRoute('auth', 'POST', '/api/auth/verify', everyone(401), () => ({
    phone: uniquePhone(),
    code: '123456',
  })),
  atRoute('auth', 'POST', '/api/auth/refresh', everyone(401), () => ({ refreshToken: 'A'.repeat(43) })),
  atRoute('auth', 'POST', '/api/auth/sign-out', everyone(204), () => ({ refreshToken: 'A'.repeat(43) })),
  {
    audience: 'desk',
    method: 'GET',
    route: '/api/desk/sessions',
    path: (ids) => `/api/desk/sessions?staffId=${ids.victimStaffId}`,
    expected: staffOnly({ admin: 200, dispatcher: 403, engineer: 403 }),
  },
  {
    audience: 'desk',
    method: 'POST',
    route: '/api/desk/sessions/:sessionId/revoke',
    path: (ids) => `/api/desk/sessions/${ids.victimSessionId}/revoke`,
    expected: staffOnly({ admin: 204, dispatcher: 403, engineer: 403 }),
  },
  {
    audience: 'desk',
    method: 'GET',
    route: '/api/desk/audit',
    path: (ids) => `/api/desk/audit?entity=staff&id=${ids.assignedEngineerId}`,
    expected: staffOnly({ admin: 200, dispatcher: 200, engineer: 403 }),
  },
  // Roster administration: admins only (functions/staff/routes.ts); bodies that do not fit are 400.
  atRoute('desk', 'GET', '/api/desk/roster', staffOnly({ admin: 200, dispatcher: 403, engineer: 403 })),
  atRoute(
    'desk',
    'POST',
    '/api/desk/staff',
    staffOnly({ admin: 400, dispatcher: 403, engineer: 403 }),
    () => ({}),
  ),
  {
    audience: 'desk',
    method: 'GET',
    route: '/api/desk/staff/:staffId',
    path: (ids) => `/api/desk/staff/${ids.victimStaffId}`,
    expected: staffOnly({ admin: 200, dispatcher: 403, engineer: 403 }),
  },
  {
    audience: 'desk',
    method: 'PUT',
    route: '/api/desk/staff/:staffId',
    path: (ids) => `/api/desk/staff/${ids.victimStaffId}`,
    body: () => ({}),
    expected: staffOnly({ admin: 400, dispatcher: 403, engineer: 403 }),
  },
  // Public routes resolve their link themselves: a missing, unknown or wrong-kind link is one 404.
  ...(
    [
      ['GET', '/api/public/intake'],
      ['POST', '/api/public/intake'],
      ['GET', '/api/public/status'],
      ['POST', '/api/public/status/confirm'],
    ] as const
  ).map(
    ([method, route]): Row => ({
      audience: 'public',
      method,
      route,
      path: () => route,
      ...(method === 'POST' ? { body: () => ({}) } : {}),
      // A live contract link gets as far as reading the (empty) report.
      expected:
        route === '/api/public/intake' && method === 'POST'
          ? { ...everyone(404), linkOfThisContract: 400, linkOfAnotherContract: 400 }
          : everyone(404),
    }),
  ),
  // Desk routes of tickets and the register: desk roles only; ids that do not exist are 404, bodies
  // that do not fit are 400, lists are 200.
  ...deskRows([
    ['GET', '/api/desk/board', '/api/desk/board', 200],
    ['GET', '/api/desk/tickets/:ticketId', '/api/desk/tickets/nope', 404],
    ['POST', '/api/desk/tickets/:ticketId/assign', '/api/desk/tickets/nope/assign', 404],
    ['POST', '/api/desk/tickets/:ticketId/level', '/api/desk/tickets/nope/level', 404],
    ['POST', '/api/desk/tickets/:ticketId/pause', '/api/desk/tickets/nope/pause', 404],
    ['POST', '/api/desk/tickets/:ticketId/resume', '/api/desk/tickets/nope/resume', 404],
    ['POST', '/api/desk/tickets/:ticketId/close', '/api/desk/tickets/nope/close', 404],
    ['GET', '/api/desk/staff', '/api/desk/staff?role=engineer', 200],
    ['GET', '/api/desk/customers', '/api/desk/customers', 200],
    ['POST', '/api/desk/customers', '/api/desk/customers', 400],
    ['GET', '/api/desk/customers/:customerId', '/api/desk/customers/nope', 404],
    ['PUT', '/api/desk/customers/:customerId', '/api/desk/customers/nope', 404],
    ['GET', '/api/desk/contracts', '/api/desk/contracts', 200],
    ['POST', '/api/desk/contracts', '/api/desk/contracts', 400],
    ['GET', '/api/desk/contracts/:contractId', '/api/desk/contracts/nope', 404],
    ['PUT', '/api/desk/contracts/:contractId', '/api/desk/contracts/nope', 404],
    ['POST', '/api/desk/contracts/:contractId/policies', '/api/desk/contracts/nope/policies', 404],
    ['PUT', '/api/desk/contracts/:contractId/escalation', '/api/desk/contracts/nope/escalation', 404],
    ['GET', '/api/desk/contracts/:contractId/sites', '/api/desk/contracts/nope/sites', 404],
    ['POST', '/api/desk/contracts/:contractId/sites', '/api/desk/contracts/nope/sites', 404],
    ['PUT', '/api/desk/sites/:siteId', '/api/desk/sites/nope', 404],
    ['GET', '/api/desk/contracts/:contractId/contacts', '/api/desk/contracts/nope/contacts', 404],
    ['POST', '/api/desk/contracts/:contractId/contacts', '/api/desk/contracts/nope/contacts', 404],
    ['PUT', '/api/desk/contacts/:contactId', '/api/desk/contacts/nope', 404],
    ['GET', '/api/desk/contracts/:contractId/links', '/api/desk/contracts/nope/links', 404],
    ['POST', '/api/desk/contracts/:contractId/links', '/api/desk/contracts/nope/links', 404],
    [
      'POST',
      '/api/desk/contracts/:contractId/links/:linkId/revoke',
      '/api/desk/contracts/nope/links/nope/revoke',
      404,
    ],
    ['GET', '/api/desk/contracts/:contractId/devices', '/api/desk/contracts/nope/devices', 404],
    ['POST', '/api/desk/contracts/:contractId/devices', '/api/desk/contracts/nope/devices', 404],
    ['PUT', '/api/desk/devices/:deviceId', '/api/desk/devices/nope', 404],
    [
      'POST',
      '/api/desk/contracts/:contractId/devices/import',
      '/api/desk/contracts/nope/devices/import',
      404,
    ],
    ['GET', '/api/desk/contracts/:contractId/devices/export', '/api/desk/contracts/nope/devices/export', 404],
    [
      'POST',
      '/api/desk/contracts/:contractId/devices/labels',
      '/api/desk/contracts/nope/devices/labels',
      404,
    ],
  ]),
  // Field routes (functions/field/routes.ts): engineers only — desk roles are 403 here, whatever
  // they may see on the desk; an empty outbox body is a 400.
  atRoute('field', 'GET', '/api/field/sync', staffOnly({ admin: 403, dispatcher: 403, engineer: 200 })),
  atRoute(
    'field',
    'POST',
    '/api/field/outbox',
    staffOnly({ admin: 403, dispatcher: 403, engineer: 400 }),
    () => ({}),
  ),
  // Inspection visits and device history on the desk (functions/field/desk-routes.ts).
  ...deskRows([
    [
      'GET',
      '/api/desk/contracts/:contractId/inspection-visits',
      '/api/desk/contracts/nope/inspection-visits',
      404,
    ],
    [
      'POST',
      '/api/desk/contracts/:contractId/inspection-visits',
      '/api/desk/contracts/nope/inspection-visits',
      404,
    ],
    ['GET', '/api/desk/devices/:deviceId/history', '/api/desk/devices/nope/history', 404],
    ['GET', '/api/desk/tickets/:ticketId/signatures', '/api/desk/tickets/nope/signatures', 404],
  ]),
  // The duty roster (functions/duty/routes.ts): desk roles; an empty body is 400, an unknown entry 404.
  ...deskRows([
    ['GET', '/api/desk/duty', '/api/desk/duty?from=2026-10-01&to=2026-10-07', 200],
    ['POST', '/api/desk/duty', '/api/desk/duty', 400],
    ['PUT', '/api/desk/duty/:dutyId', '/api/desk/duty/nope', 404],
    ['DELETE', '/api/desk/duty/:dutyId', '/api/desk/duty/nope?expectedVersion=1', 404],
  ]),
  // Routes not built yet: an honest 501 to everyone until they get their own rows.
  { audience: 'field', method: 'GET', path: () => '/api/field/tickets', expected: everyone(501) },
  { audience: 'desk', method: 'GET', path: () => '/api/desk/not-built', expected: everyone(501) },
  { audience: 'auth', method: 'GET', path: () => '/api/auth/me', expected: everyone(501) },
];

describe('the access matrix', () => {
  let system: System;
  let apps: Record<Row['audience'], Hono>;
  let headers: Record<Caller, Record<string, string>>;
  let ids: Ids;
  let objectIds: { companyId: string; contractId: string; ticketId: string; assignedEngineerId: string };

  beforeAll(async () => {
    system = await loadSystem();
    const sms = capturingSms(system);
    const companyId = uniqueCompany();
    const now = new Date();
    const signIn = (roles: ('admin' | 'dispatcher' | 'engineer')[]) =>
      signedInMember(system, { name: 'Member', roles, companyId }, now, sms);
    const admin = await signIn(['admin']);
    const dispatcher = await signIn(['dispatcher']);
    const assigned = await signIn(['engineer']);
    const other = await signIn(['engineer']);
    const victim = await signIn(['engineer']);
    const [victimSession] = await system.sessions.listSessionsOfStaff(victim.member.staffId);
    const contractId = `k-${companyId}`;
    const thisLink = await system.links.createCustomerLink(
      { companyId, contractId },
      { kind: 'system', id: 't' },
      now,
    );
    const otherLink = await system.links.createCustomerLink(
      { companyId, contractId: `${contractId}-2` },
      { kind: 'system', id: 't' },
      now,
    );

    const adminClaims = JSON.parse(
      Buffer.from(admin.tokens.accessToken.split('.')[1] ?? '', 'base64url').toString(),
    ) as Record<string, unknown>;
    const expired = await system.tokens.issueAccessToken(
      system.signingKeys,
      {
        staffId: admin.member.staffId,
        companyId,
        roles: ['admin'],
        sessionId: String(adminClaims.sid),
      },
      new Date(now.getTime() - 3600_000),
    );
    const [h, , s] = admin.tokens.accessToken.split('.');
    const forged = Buffer.from(JSON.stringify({ ...adminClaims, sub: assigned.member.staffId })).toString(
      'base64url',
    );
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url')}.${Buffer.from(JSON.stringify(adminClaims)).toString('base64url')}.`;
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

    headers = {
      admin: bearer(admin.tokens.accessToken),
      dispatcher: bearer(dispatcher.tokens.accessToken),
      assignedEngineer: bearer(assigned.tokens.accessToken),
      otherEngineer: bearer(other.tokens.accessToken),
      linkOfThisContract: { authorization: `Link ${thisLink.token}` },
      linkOfAnotherContract: { authorization: `Link ${otherLink.token}` },
      anonymous: {},
      expiredToken: bearer(expired.token),
      tamperedToken: bearer(`${h}.${forged}.${s}`),
      algNoneToken: bearer(none),
    };
    ids = {
      victimStaffId: victim.member.staffId,
      victimSessionId: victimSession?.sessionId ?? '',
      assignedEngineerId: assigned.member.staffId,
    };
    objectIds = {
      companyId,
      contractId,
      ticketId: `t-${companyId}`,
      assignedEngineerId: assigned.member.staffId,
    };
    apps = {
      public: system.publicAudience.app,
      auth: system.auth.createApp({ sms: sms.port, codeResponseFloorMs: 0 }),
      desk: system.desk.app,
      field: system.field.app,
    };
  });

  const cells = ROUTES.flatMap((row) =>
    CALLERS.map((caller) => [`${row.method} ${rowLabel(row)}`, caller, row] as const),
  );

  it.each(cells)('%s as %s', async (_label, caller, row) => {
    const body = row.body?.(ids);
    const res = await apps[row.audience].request(row.path(ids), {
      method: row.method,
      headers: {
        ...headers[caller],
        'accept-language': 'en',
        'x-forwarded-for': uniqueIp(),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(res.status).toBe(row.expected[caller]);
    if (row.path(ids).startsWith('/api/auth') || row.path(ids).startsWith('/api/desk')) {
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('has a row for every route registered with a rule', () => {
    const covered = new Set(ROUTES.filter((r) => r.route !== undefined).map((r) => `${r.method} ${r.route}`));
    const declared = [apps.public, apps.auth, apps.desk, apps.field].flatMap((app) =>
      system.guard.declaredRoutes(app).map((r) => `${r.method} ${r.path}`),
    );
    expect(declared.length).toBeGreaterThan(0);
    expect(declared.filter((route) => !covered.has(route))).toEqual([]);
  });

  describe('object-level rules through the guard: a denied object looks exactly like a missing one', () => {
    /** A probe route with the real guard and object check over one fixture ticket. */
    function probeApp() {
      const app = system.api.createApi();
      const deps = { clock: () => new Date(), keys: system.keys.environmentSigningKeys };
      const ticket = {
        id: objectIds.ticketId,
        companyId: objectIds.companyId,
        contractId: objectIds.contractId,
        ticketId: objectIds.ticketId,
        assignedEngineerIds: [objectIds.assignedEngineerId],
      };
      const handler = (c: Context) => {
        const found = c.req.param('id') === ticket.id ? ticket : undefined;
        const reached = system.objects.reachableOr404(system.guard.principalOf(c), found, (t) => t);
        return c.json({ id: reached.id });
      };
      system.guard.secure(
        app,
        deps,
        'GET',
        '/probe/staff/tickets/:id',
        {
          audience: 'staff',
          roles: ['admin', 'dispatcher', 'supervisor', 'engineer'],
        },
        handler,
      );
      system.guard.secure(app, deps, 'GET', '/probe/link/tickets/:id', { audience: 'link' }, handler);
      return app;
    }

    const expectations: [Caller, 'staff' | 'link', number][] = [
      ['admin', 'staff', 200],
      ['dispatcher', 'staff', 200],
      ['assignedEngineer', 'staff', 200],
      ['otherEngineer', 'staff', 404],
      ['linkOfThisContract', 'link', 200],
      ['linkOfAnotherContract', 'link', 404],
    ];

    it.each(expectations)('%s reading the ticket through the %s route → %i', async (caller, kind, status) => {
      const app = probeApp();
      const res = await app.request(`/probe/${kind}/tickets/${objectIds.ticketId}`, {
        headers: headers[caller],
      });
      const missing = await app.request(`/probe/${kind}/tickets/no-such-ticket`, {
        headers: headers[caller],
      });
      expect(res.status).toBe(status);
      expect(missing.status).toBe(404);
      if (status === 404) expect(await res.text()).toBe(await missing.text());
    });
  });
});

function rowLabel(row: Row): string {
  return (
    row.route ??
    row.path({ victimStaffId: ':staffId', victimSessionId: ':sessionId', assignedEngineerId: ':id' })
  );
}
