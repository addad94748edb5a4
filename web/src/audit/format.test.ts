import { describe, expect, it } from 'vitest';
import type { AuditRecordView } from '../../../shared/auth/schemas.ts';
import { areaCatalogue } from './catalogue';
import { auditPath, createAuditFormatter, shortId, targetFromQuery } from './format';
import { auditEn } from './i18n.en';
import { auditZhCN } from './i18n.zh-CN';

const record = (over: Partial<AuditRecordView> = {}): AuditRecordView => ({
  at: '2026-11-25T02:05:00.000Z',
  entity: 'staff',
  id: 'Abcdefghijklmnop',
  action: 'update',
  actor: { kind: 'staff', id: 'admin-1' },
  changes: {},
  ...over,
});

describe('an audit record, read aloud', () => {
  const en = createAuditFormatter(areaCatalogue(auditEn, 'en'), new Map([['admin-1', 'Wang Fang']]));
  const zh = createAuditFormatter(areaCatalogue(auditZhCN, 'zh-CN'), new Map([['admin-1', '王芳']]));

  it('says who, when (China time) and what, with each field before and after', () => {
    const line = en.record(
      record({
        changes: {
          active: { before: true, after: false },
          roles: { before: ['engineer'], after: ['dispatcher', 'engineer'] },
          name: { before: 'Li', after: 'Li Na' },
        },
      }),
      0,
    );
    expect(line.actor).toBe('Wang Fang');
    expect(line.time).toBe('11/25/2026, 10:05:00');
    expect(line.action).toBe('Changed');
    expect(line.changes).toEqual([
      { field: 'name', label: 'Name', before: 'Li', after: 'Li Na' },
      { field: 'roles', label: 'Roles', before: 'Engineer', after: 'Dispatcher / PM, Engineer' },
      { field: 'active', label: 'Active', before: 'Yes', after: 'No' },
    ]);
  });

  it('in Chinese too', () => {
    const line = zh.record(
      record({ action: 'deactivate', changes: { active: { before: true, after: false } } }),
      0,
    );
    expect(line.actor).toBe('王芳');
    expect(line.action).toBe('停用');
    expect(line.time).toBe('2026/11/25 10:05:00');
    expect(line.changes[0]).toMatchObject({ label: '在职', before: '是', after: '否' });
  });

  it('shows a missing value as a dash, instants in China time, and reasons by name', () => {
    expect(en.value('phone', null)).toBe('—');
    expect(en.value('revokedAt', '2026-11-25T16:30:00.000Z')).toBe('11/26/2026, 00:30:00');
    expect(en.value('revokedReason', 'reuse-detected')).toBe('Token reuse');
    expect(en.value('staffId', 'admin-1')).toBe('Wang Fang');
    expect(en.value('count', 3)).toBe('3');
    expect(en.value('blob', { a: 1 })).toBe('{"a":1}');
  });

  it('names actors that are not staff, and staff it does not know by a short id', () => {
    expect(en.actor({ kind: 'admin-cli', id: 'ops' })).toBe('Admin command');
    expect(en.actor({ kind: 'system', id: 'refresh' })).toBe('System');
    expect(zh.actor({ kind: 'link', id: 'l1' })).toBe('客户链接');
    expect(en.actor({ kind: 'staff', id: 'XYZ1234567890' })).toBe('Staff member XYZ12345…');
  });

  it('reads actions it does not list as they are, and unknown details beside a known verb', () => {
    expect(en.action('revoke:admin')).toBe('Session revoked by an admin');
    expect(en.action('revoke:expired')).toBe('Revoked (expired)');
    expect(en.action('teleport')).toBe('teleport');
  });

  it('leaves out the company, and the object’s own id and creation time on a creation', () => {
    const line = en.record(
      record({
        action: 'create',
        id: 'm1',
        changes: {
          staffId: { before: null, after: 'm1' },
          companyId: { before: null, after: 'default' },
          createdAt: { before: null, after: '2026-11-25T02:05:00.000Z' },
          name: { before: null, after: 'Li' },
        },
      }),
      0,
    );
    expect(line.changes.map((c) => c.field)).toEqual(['name']);
  });

  it('names the object in a contract’s trail', () => {
    expect(en.record(record({ entity: 'customerLink', id: 'link-1' }), 0).object).toBe(
      'Customer link link-1',
    );
    expect(en.record(record({ entity: 'widget', id: 'w' }), 0).object).toBe('widget w');
  });
});

describe('the audit target', () => {
  it('builds the API path of an object or a contract', () => {
    expect(auditPath({ entity: 'staff', id: 'a-b_c' })).toBe('/desk/audit?entity=staff&id=a-b_c');
    expect(auditPath({ contractId: 'k 1' })).toBe('/desk/audit?contractId=k+1');
  });

  it('reads the page query, refusing what the API would refuse', () => {
    expect(targetFromQuery({ contractId: 'k-1' })).toEqual({ contractId: 'k-1' });
    expect(targetFromQuery({ entity: 'ticket', id: 't1' })).toEqual({ entity: 'ticket', id: 't1' });
    expect(targetFromQuery({})).toBeNull();
    expect(targetFromQuery({ contractId: '../x' })).toBeNull();
    expect(targetFromQuery({ entity: 'Ticket', id: 't1' })).toBeNull();
  });

  it('shortens long ids only', () => {
    expect(shortId('short')).toBe('short');
    expect(shortId('0123456789abcdef')).toBe('01234567…');
  });
});
