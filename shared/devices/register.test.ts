import { describe, expect, it } from 'vitest';
import { expandRegister, serviceEndOf } from './register.ts';

const sites = [
  { siteId: 's1', name: 'Main DC' },
  { siteId: 's2', name: 'Backup DC' },
];
const row = (line: number, r: Record<string, string>) => ({ line, record: r });
const base = { category: 'storage', model: 'EMC', quantity: '2', service_months: '12', site: 'Main DC' };

describe('expandRegister', () => {
  it('expands quantity without serials, one device per serial with them', () => {
    const { devices, errors } = expandRegister(
      [row(2, base), row(3, { ...base, serial: 'A1;A2', site: 's2' })],
      { sites, serviceStart: '2026-01-01', lang: 'en' },
    );
    expect(errors).toEqual([]);
    expect(devices.map((d) => [d.line, d.serial, d.siteId])).toEqual([
      [2, undefined, 's1'],
      [2, undefined, 's1'],
      [3, 'A1', 's2'],
      [3, 'A2', 's2'],
    ]);
    expect(devices[0]?.serviceEnd).toBe('2026-12-31');
  });
  it('reports every bad row with its line and gives no devices', () => {
    const { devices, errors } = expandRegister(
      [
        row(2, base),
        row(3, { ...base, category: 'toaster' }),
        row(4, { ...base, serial: 'A1' }),
        row(5, { ...base, site: '' }),
      ],
      { sites, serviceStart: '2026-01-01', lang: 'en' },
    );
    expect(devices).toEqual([]);
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [3, 'category'],
      [4, 'serial'],
      [5, 'site'],
    ]);
  });
  it('ends a service period on the day before the same date months later', () => {
    expect(serviceEndOf('2026-01-31', 1)).toBe('2026-02-27');
    expect(serviceEndOf('2026-03-15', 12)).toBe('2027-03-14');
  });
});
