/**
 * Roster administration: adding, reading and changing members, with the rules an admin cannot break,
 * over the routes, against DynamoDB Local.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { StaffView } from '../../shared/auth/schemas.ts';
import { uniqueCompany, uniquePhone } from './auth-fixtures.ts';
import { loadRosterSystem, type RosterSystem } from './staff-fixtures.ts';

type ErrorBody = { error: { code: string; message: string; field?: string; reason?: string } };

let t: RosterSystem;
beforeAll(async () => {
  t = await loadRosterSystem();
});

const updateBody = (member: StaffView, changes: Partial<StaffView> = {}) => {
  const next = { ...member, ...changes };
  return {
    name: next.name,
    phone: next.phone,
    roles: next.roles,
    active: next.active,
    expectedVersion: member.version,
  };
};

/** A member as the desk reads it. */
const readMember = async (token: string, staffId: string) =>
  (await (await t.request('GET', `/api/desk/staff/${staffId}`, { token })).json()) as StaffView;

/** The desk's change of a member: the member as read, with these changes, over the version read. */
const changeMember = (token: string, staffId: string, read: StaffView, changes: Partial<StaffView>) =>
  t.request('PUT', `/api/desk/staff/${staffId}`, { token, body: updateBody(read, changes) });

describe('adding a member', () => {
  it('puts them on the admin’s company roster, active, with an audit record, and they can sign in', async () => {
    const { companyId, admin, token } = await t.companyWithAdmin();
    const phone = uniquePhone();

    const res = await t.request('POST', '/api/desk/staff', {
      token,
      body: { name: ' Zhang Wei ', phone: phone.replace('+86', ''), roles: ['engineer', 'dispatcher'] },
    });

    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const created = (await res.json()) as StaffView;
    expect(created).toMatchObject({
      name: 'Zhang Wei',
      phone,
      roles: ['engineer', 'dispatcher'],
      active: true,
      version: 1,
    });
    const stored = await t.system.staff.getStaff(created.staffId);
    expect(stored?.companyId).toBe(companyId);
    const roster = (await (await t.request('GET', '/api/desk/roster', { token })).json()) as {
      staff: StaffView[];
    };
    expect(roster.staff.map((m) => m.staffId).sort()).toEqual([admin.staffId, created.staffId].sort());

    const [record] = await t.system.audit.auditOfObject('staff', created.staffId);
    expect(record).toMatchObject({
      action: 'create',
      actorKind: 'staff',
      actorId: admin.staffId,
      companyId,
      changes: { name: { before: null, after: 'Zhang Wei' }, phone: { before: null, after: phone } },
    });
    expect(await t.askCode(phone)).toBe(true);
  });

  it('refuses a phone number already on the roster, of any company, with 409 naming the phone', async () => {
    const { token } = await t.companyWithAdmin();
    const elsewhere = await t.addMember(uniqueCompany(), ['engineer']);

    const res = await t.request('POST', '/api/desk/staff', {
      token,
      body: { name: 'Copy', phone: elsewhere.phone.replace('+86', ''), roles: ['engineer'] },
    });

    expect(res.status).toBe(409);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(((await res.json()) as ErrorBody).error).toMatchObject({
      code: 'conflict',
      reason: 'phone-taken',
      field: 'phone',
      message: 'This phone number is already on the roster',
    });
    expect(await t.system.staff.findStaffByPhone(elsewhere.phone)).toMatchObject({ name: 'Member' });
  });

  it('is for admins only', async () => {
    const companyId = uniqueCompany();
    const dispatcher = await t.addMember(companyId, ['dispatcher', 'supervisor']);
    const { accessToken } = await t.signIn(dispatcher.phone);

    for (const [method, path] of [
      ['POST', '/api/desk/staff'],
      ['GET', '/api/desk/roster'],
      ['GET', `/api/desk/staff/${dispatcher.staffId}`],
      ['PUT', `/api/desk/staff/${dispatcher.staffId}`],
    ] as const) {
      const res = await t.request(method, path, {
        token: accessToken,
        ...(method === 'GET' ? {} : { body: {} }),
      });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
  });
});

describe('bad bodies', () => {
  it.each([
    ['name missing', { phone: '13912345678', roles: ['engineer'] }, 'name'],
    ['name blank', { name: '   ', phone: '13912345678', roles: ['engineer'] }, 'name'],
    ['name too long', { name: 'x'.repeat(61), phone: '13912345678', roles: ['engineer'] }, 'name'],
    ['phone invalid', { name: 'A', phone: '12345', roles: ['engineer'] }, 'phone'],
    ['phone not a string', { name: 'A', phone: 13912345678, roles: ['engineer'] }, 'phone'],
    ['no roles', { name: 'A', phone: '13912345678', roles: [] }, 'roles'],
    ['unknown role', { name: 'A', phone: '13912345678', roles: ['boss'] }, 'roles.0'],
    [
      'a company of its own',
      { name: 'A', phone: '13912345678', roles: ['engineer'], companyId: 'x' },
      'companyId',
    ],
    ['not JSON', '{"name":', 'body'],
    ['empty', '', 'body'],
  ])('POST with %s → 400 naming %s, nothing written', async (_label, body, field) => {
    const { companyId, token } = await t.companyWithAdmin();
    const res = await t.request('POST', '/api/desk/staff', { token, body });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as ErrorBody;
    expect(error).toMatchObject({ code: 'bad_request', field });
    expect(error.message.startsWith(field)).toBe(true);
    expect(await t.system.staff.listStaffOfCompany(companyId)).toHaveLength(1);
  });

  it.each([
    ['expectedVersion missing', { expectedVersion: undefined }, 'expectedVersion'],
    ['expectedVersion not a number', { expectedVersion: '1' }, 'expectedVersion'],
    ['active missing', { active: undefined }, 'active'],
    ['active a string', { active: 'no' }, 'active'],
    ['phone invalid', { phone: '+1 555' }, 'phone'],
    ['roles not a list', { roles: 'admin' }, 'roles'],
    ['an unknown field', { staffId: 'x' }, 'staffId'],
  ])('PUT with %s → 400 naming %s', async (_label, override, field) => {
    const { companyId, token } = await t.companyWithAdmin();
    const member = await t.addMember(companyId, ['engineer']);
    const body = {
      name: member.name,
      phone: member.phone,
      roles: member.roles,
      active: true,
      expectedVersion: 1,
      ...override,
    };
    const res = await t.request('PUT', `/api/desk/staff/${member.staffId}`, { token, body });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.field).toBe(field);
  });

  it('says what is wrong in Chinese to a Chinese caller', async () => {
    const { token } = await t.companyWithAdmin();
    const res = await t.request('POST', '/api/desk/staff', {
      token,
      lang: 'zh-CN',
      body: { name: 'A', phone: '123', roles: ['engineer'] },
    });
    expect(((await res.json()) as ErrorBody).error.message).toBe('phone:不是有效的手机号码');
  });
});

describe('changing a member', () => {
  it('changes name and roles, bumps the version and records before and after', async () => {
    const { companyId, admin, token } = await t.companyWithAdmin();
    const member = await t.addMember(companyId, ['engineer'], 'Li Na');
    const before = await readMember(token, member.staffId);

    const res = await changeMember(token, member.staffId, before, {
      name: 'Li Na (PM)',
      roles: ['dispatcher', 'engineer'],
    });

    expect(res.status).toBe(200);
    const { staff, revokedSessions } = (await res.json()) as { staff: StaffView; revokedSessions: number };
    expect(staff).toMatchObject({
      name: 'Li Na (PM)',
      roles: ['engineer', 'dispatcher'],
      version: 2,
      active: true,
    });
    expect(revokedSessions).toBe(0);
    const [record] = await t.system.audit.auditOfObject('staff', member.staffId);
    expect(record).toMatchObject({
      action: 'update',
      actorKind: 'staff',
      actorId: admin.staffId,
      changes: {
        name: { before: 'Li Na', after: 'Li Na (PM)' },
        roles: { before: ['engineer'], after: ['dispatcher', 'engineer'] },
      },
    });
    expect(Object.keys(record?.changes as object).sort()).toEqual(['name', 'roles']);
  });

  it('refuses a change against an older version with 409, and changes nothing', async () => {
    const { companyId, token } = await t.companyWithAdmin();
    const member = await t.addMember(companyId, ['engineer'], 'Old');
    const read = await readMember(token, member.staffId);
    const first = await changeMember(token, member.staffId, read, { name: 'First' });
    expect(first.status).toBe(200);

    const second = await changeMember(token, member.staffId, read, { name: 'Second' });

    expect(second.status).toBe(409);
    expect(((await second.json()) as ErrorBody).error).toMatchObject({
      reason: 'stale',
      field: 'expectedVersion',
    });
    expect(await t.system.staff.getStaff(member.staffId)).toMatchObject({ name: 'First', version: 2 });
    const records = await t.system.audit.auditOfObject('staff', member.staffId);
    expect(records.map((r) => r.action)).toEqual(['update', 'create']);
  });

  it('moves a member to a new number: the old one is free and signs nobody in, the new one does', async () => {
    const { companyId, token } = await t.companyWithAdmin();
    const member = await t.addMember(companyId, ['engineer']);
    const newPhone = uniquePhone();
    const read = await readMember(token, member.staffId);

    const res = await changeMember(token, member.staffId, read, { phone: newPhone });

    expect(res.status).toBe(200);
    expect(await t.system.staff.findStaffByPhone(member.phone)).toBeUndefined();
    expect((await t.system.staff.findStaffByPhone(newPhone))?.staffId).toBe(member.staffId);
    expect(await t.askCode(member.phone)).toBe(false);
    expect(await t.askCode(newPhone)).toBe(true);
    const [record] = await t.system.audit.auditOfObject('staff', member.staffId);
    expect(record?.changes).toEqual({ phone: { before: member.phone, after: newPhone } });
    // The old number can go to someone else now.
    const reuse = await t.request('POST', '/api/desk/staff', {
      token,
      body: { name: 'Next owner', phone: member.phone, roles: ['engineer'] },
    });
    expect(reuse.status).toBe(201);
  });

  it('refuses a number another member holds, and keeps both claims as they were', async () => {
    const { companyId, token } = await t.companyWithAdmin();
    const member = await t.addMember(companyId, ['engineer']);
    const holder = await t.addMember(uniqueCompany(), ['engineer']);
    const read = await readMember(token, member.staffId);

    const res = await changeMember(token, member.staffId, read, { phone: holder.phone, name: 'Renamed' });

    expect(res.status).toBe(409);
    expect(((await res.json()) as ErrorBody).error).toMatchObject({ reason: 'phone-taken', field: 'phone' });
    expect((await t.system.staff.findStaffByPhone(member.phone))?.staffId).toBe(member.staffId);
    expect((await t.system.staff.findStaffByPhone(holder.phone))?.staffId).toBe(holder.staffId);
    expect(await t.system.staff.getStaff(member.staffId)).toMatchObject({ name: 'Member', version: 1 });
  });

  it('answers a member of another company exactly like one that does not exist', async () => {
    const { token } = await t.companyWithAdmin();
    const foreign = await t.addMember(uniqueCompany(), ['engineer']);

    for (const method of ['GET', 'PUT'] as const) {
      const body =
        method === 'PUT'
          ? {
              ...updateBody({
                ...foreign,
                roles: [...foreign.roles],
                createdAt: '',
                updatedAt: '',
              } as StaffView),
              active: false,
            }
          : undefined;
      const theirs = await t.request(method, `/api/desk/staff/${foreign.staffId}`, { token, body });
      const missing = await t.request(method, '/api/desk/staff/no-such-member', { token, body });
      expect(theirs.status).toBe(404);
      expect(await theirs.text()).toBe(await missing.text());
    }
    expect(await t.system.staff.getStaff(foreign.staffId)).toMatchObject({ active: true, version: 1 });
    const roster = (await (await t.request('GET', '/api/desk/roster', { token })).json()) as {
      staff: StaffView[];
    };
    expect(roster.staff.some((m) => m.staffId === foreign.staffId)).toBe(false);
  });
});

describe('deactivating a member', () => {
  it('ends their access at once: tokens refused, refresh refused, no code sent; each session on record', async () => {
    const { companyId, admin, token } = await t.companyWithAdmin();
    const member = await t.addMember(companyId, ['dispatcher']);
    const phone = await t.signIn(member.phone);
    // A second device: wait out the number's 60 s cooldown by asking through the store's own clock.
    const later = await t.system.signIn.requestCode(
      { keys: await t.system.keys.environmentSigningKeys(), sms: t.sms.port },
      { phone: member.phone, ip: '10.9.9.9', lang: 'en', now: new Date(Date.now() + 61_000) },
    );
    expect(later).toBe('sent');
    const tablet = await t.system.signIn.verifyCode(
      { keys: await t.system.keys.environmentSigningKeys(), sms: t.sms.port },
      { phone: member.phone, code: t.sms.codeFor(member.phone), ip: '10.9.9.9', now: new Date() },
    );
    const auditPath = `/api/desk/audit?entity=staff&id=${member.staffId}`;
    expect((await t.request('GET', auditPath, { token: phone.accessToken })).status).toBe(200);
    expect((await t.request('GET', auditPath, { token: tablet.accessToken })).status).toBe(200);
    const read = await readMember(token, member.staffId);

    const res = await changeMember(token, member.staffId, read, { active: false });

    expect(res.status).toBe(200);
    expect(((await res.json()) as { revokedSessions: number }).revokedSessions).toBe(2);
    expect((await t.request('GET', auditPath, { token: phone.accessToken })).status).toBe(401);
    expect((await t.request('GET', auditPath, { token: tablet.accessToken })).status).toBe(401);
    const refreshed = await t.request('POST', '/api/auth/refresh', {
      body: { refreshToken: phone.refreshToken },
    });
    expect(refreshed.status).toBe(401);
    const ask = new Date(Date.now() + 200_000);
    expect(
      await t.system.signIn.requestCode(
        { keys: await t.system.keys.environmentSigningKeys(), sms: t.sms.port },
        { phone: member.phone, ip: '10.9.9.8', lang: 'en', now: ask },
      ),
    ).toBe('inactive');
    expect(await t.askCode(member.phone)).toBe(false);

    const sessions = await t.system.sessions.listSessionsOfStaff(member.staffId);
    expect(sessions.map((s) => s.revokedReason)).toEqual(['admin', 'admin']);
    const [staffRecord] = await t.system.audit.auditOfObject('staff', member.staffId);
    expect(staffRecord).toMatchObject({
      action: 'deactivate',
      actorId: admin.staffId,
      changes: { active: { before: true, after: false } },
    });
    for (const session of sessions) {
      const [record] = await t.system.audit.auditOfObject('sessionFamily', session.sessionId);
      expect(record).toMatchObject({ action: 'revoke:admin', actorKind: 'staff', actorId: admin.staffId });
    }

    // Back on the roster: signing in works again.
    const again = await readMember(token, member.staffId);
    const reactivated = await changeMember(token, member.staffId, again, { active: true });
    expect(reactivated.status).toBe(200);
    expect((await t.system.audit.auditOfObject('staff', member.staffId))[0]?.action).toBe('reactivate');
    expect(
      await t.system.signIn.requestCode(
        { keys: await t.system.keys.environmentSigningKeys(), sms: t.sms.port },
        { phone: member.phone, ip: '10.9.9.7', lang: 'en', now: new Date(ask.getTime() + 61_000) },
      ),
    ).toBe('sent');
  });

  it('revokes more sessions than one transaction holds', async () => {
    const { companyId, token } = await t.companyWithAdmin();
    const member = await t.addMember(companyId, ['engineer']);
    const count = t.roster.SESSIONS_PER_TRANSACTION + 3;
    for (let i = 0; i < count; i++) await t.system.sessions.startSession(member, new Date(), 'test');
    const read = await readMember(token, member.staffId);

    const res = await changeMember(token, member.staffId, read, { active: false });

    expect(res.status).toBe(200);
    expect(((await res.json()) as { revokedSessions: number }).revokedSessions).toBe(count);
    const sessions = await t.system.sessions.listSessionsOfStaff(member.staffId);
    expect(sessions.filter((s) => s.revokedAt === undefined)).toEqual([]);
  });
});

describe('changing roles', () => {
  it('taking a role away ends the member’s sessions at once; adding one ends none', async () => {
    const { companyId, token } = await t.companyWithAdmin();
    const member = await t.addMember(companyId, ['dispatcher', 'engineer']);
    const tokens = await t.signIn(member.phone);
    const board = () => t.request('GET', '/api/desk/roster', { token: tokens.accessToken });
    const auditPath = `/api/desk/audit?entity=staff&id=${member.staffId}`;
    expect((await t.request('GET', auditPath, { token: tokens.accessToken })).status).toBe(200);
    const read = () => readMember(token, member.staffId);

    const added = await changeMember(token, member.staffId, await read(), {
      roles: ['dispatcher', 'engineer', 'supervisor'],
    });
    expect(added.status).toBe(200);
    expect(((await added.json()) as { revokedSessions: number }).revokedSessions).toBe(0);
    expect((await t.request('GET', auditPath, { token: tokens.accessToken })).status).toBe(200);

    const removed = await changeMember(token, member.staffId, await read(), {
      roles: ['engineer', 'supervisor'],
    });
    expect(removed.status).toBe(200);
    expect(((await removed.json()) as { revokedSessions: number }).revokedSessions).toBe(1);
    expect((await t.request('GET', auditPath, { token: tokens.accessToken })).status).toBe(401);
    expect((await board()).status).toBe(401);
  });
});

describe('the admins of a company', () => {
  it('an admin cannot remove their own admin role or deactivate themselves', async () => {
    const { admin, token } = await t.companyWithAdmin();
    const self = await readMember(token, admin.staffId);

    const demote = await changeMember(token, admin.staffId, self, { roles: ['dispatcher'] });
    const deactivate = await changeMember(token, admin.staffId, self, { active: false });
    const rename = await changeMember(token, admin.staffId, self, {
      name: 'Still admin',
      roles: ['admin', 'supervisor'],
    });

    expect(demote.status).toBe(400);
    expect(((await demote.json()) as ErrorBody).error).toMatchObject({ field: 'roles' });
    expect(deactivate.status).toBe(400);
    expect(((await deactivate.json()) as ErrorBody).error).toMatchObject({ field: 'active' });
    expect(rename.status).toBe(200);
  });

  it('the last active admin cannot lose the role or be deactivated', async () => {
    const companyId = uniqueCompany();
    const only = await t.addMember(companyId, ['admin', 'dispatcher']);
    const attempt = (next: { roles: ('admin' | 'dispatcher')[]; active: boolean }) =>
      t.roster.updateStaff({
        current: only,
        next: { name: only.name, phone: only.phone, ...next },
        expectedVersion: 1,
        actor: { kind: 'system', id: 'test' },
        now: new Date(),
      });

    await expect(attempt({ roles: ['dispatcher'], active: true })).rejects.toMatchObject({
      reason: 'last-admin',
      field: 'roles',
    });
    await expect(attempt({ roles: ['admin', 'dispatcher'], active: false })).rejects.toMatchObject({
      reason: 'last-admin',
      field: 'active',
    });
    // An inactive admin does not count.
    const dormant = await t.addMember(companyId, ['admin']);
    await t.roster.updateStaff({
      current: dormant,
      next: { name: dormant.name, phone: dormant.phone, roles: ['admin'], active: false },
      expectedVersion: 1,
      actor: { kind: 'system', id: 'test' },
      now: new Date(),
    });
    await expect(attempt({ roles: ['dispatcher'], active: true })).rejects.toMatchObject({
      reason: 'last-admin',
    });
    expect(await t.system.staff.getStaff(only.staffId)).toMatchObject({ active: true, version: 1 });
  });

  it('a demoted admin loses roster rights at once: their sessions end with the role', async () => {
    const { companyId, token } = await t.companyWithAdmin();
    const second = await t.addMember(companyId, ['admin']);
    const secondTokens = await t.signIn(second.phone);
    const read = await readMember(token, second.staffId);

    const demoted = await changeMember(token, second.staffId, read, { roles: ['dispatcher'] });
    expect(demoted.status).toBe(200);
    const { staff } = (await demoted.json()) as { staff: StaffView };

    const comeback = await changeMember(secondTokens.accessToken, second.staffId, staff, {
      roles: ['admin', 'dispatcher'],
    });
    expect(comeback.status).toBe(401);
    expect((await t.request('GET', '/api/desk/roster', { token: secondTokens.accessToken })).status).toBe(
      401,
    );
    expect(await t.system.staff.getStaff(second.staffId)).toMatchObject({ roles: ['dispatcher'] });
  });

  it('two admins demoting each other at the same moment leave one admin, never none', async () => {
    const first = await t.companyWithAdmin();
    const second = await t.addMember(first.companyId, ['admin']);
    const secondToken = (await t.signIn(second.phone)).accessToken;
    const [firstView, secondView] = await Promise.all([
      readMember(secondToken, first.admin.staffId),
      readMember(first.token, second.staffId),
    ]);

    const answers = await Promise.all([
      changeMember(first.token, second.staffId, secondView, { roles: ['engineer'] }),
      changeMember(secondToken, first.admin.staffId, firstView, { roles: ['engineer'] }),
    ]);

    const statuses = answers.map((r) => r.status).sort();
    expect(statuses[0]).toBe(200);
    expect([403, 409]).toContain(statuses[1]);
    const admins = (await t.system.staff.listStaffOfCompany(first.companyId)).filter(
      (m) => m.active && m.roles.includes('admin'),
    );
    const fresh = await Promise.all(admins.map((m) => t.system.staff.getStaff(m.staffId)));
    expect(fresh.filter((m) => m?.roles.includes('admin'))).toHaveLength(1);
  });
});
