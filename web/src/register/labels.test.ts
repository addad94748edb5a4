import { describe, expect, it } from 'vitest';
import { darkRuns, inRegisterOrder, LABELS_PER_PAGE, pagesOf } from './labels';

describe('pagesOf', () => {
  it('puts 15 labels on an A4 page and the rest on the next', () => {
    const labels = Array.from({ length: 32 }, (_, i) => i);

    const pages = pagesOf(labels);

    expect(LABELS_PER_PAGE).toBe(15);
    expect(pages.map((p) => p.length)).toEqual([15, 15, 2]);
    expect(pages.flat()).toEqual(labels);
  });

  it('fills exactly one page without an empty one after it', () => {
    expect(pagesOf(Array.from({ length: 15 }, (_, i) => i))).toHaveLength(1);
  });

  it('makes no pages for no labels', () => {
    expect(pagesOf([])).toEqual([]);
  });

  it('refuses a page of no labels', () => {
    expect(() => pagesOf([1], 0)).toThrow(RangeError);
  });
});

describe('darkRuns', () => {
  it('joins neighbouring dark modules of a row into one run and keeps every dark module', () => {
    const matrix = [
      [true, true, false, true],
      [false, false, false, false],
      [true, true, true, true],
    ];

    const runs = darkRuns(matrix);

    expect(runs).toEqual([
      { x: 0, y: 0, width: 2 },
      { x: 3, y: 0, width: 1 },
      { x: 0, y: 2, width: 4 },
    ]);
    expect(runs.reduce((n, r) => n + r.width, 0)).toBe(matrix.flat().filter(Boolean).length);
  });
});

describe('inRegisterOrder', () => {
  it('lists devices by the register’s category order, then model, then serial, those without last', () => {
    const devices = [
      { category: 'storage', model: 'EMC', serial: null },
      { category: 'mail-gateway', model: 'Trend Micro', serial: 'TM-02' },
      { category: 'storage', model: 'EMC', serial: 'E-10' },
      { category: 'firewall', model: 'SRX', serial: 'S-1' },
      { category: 'storage', model: 'EMC', serial: 'E-9' },
    ];

    const ordered = inRegisterOrder(devices).map((d) => `${d.category} ${d.serial}`);

    expect(ordered).toEqual([
      'firewall S-1',
      'storage E-9',
      'storage E-10',
      'storage null',
      'mail-gateway TM-02',
    ]);
  });
});
