import { describe, expect, it } from 'vitest';
import { distanceM, mapLinks, placeFlag } from './geo';

const site = { lat: 31.2, lon: 121.6, radiusM: 200 };

describe('distanceM', () => {
  it('measures a thousandth of a degree of latitude as about 111 m', () => {
    expect(distanceM({ lat: 31.2, lon: 121.6 }, { lat: 31.201, lon: 121.6 })).toBeCloseTo(111.2, 0);
  });
});

describe('placeFlag', () => {
  it('is on site within the radius plus the fix’s accuracy, and flags beyond it', () => {
    expect(placeFlag(site, { lat: 31.2027, lon: 121.6, accuracyM: 100 })).toEqual({
      flag: 'ok',
      distanceM: 300,
    });
    expect(placeFlag(site, { lat: 31.2027, lon: 121.6, accuracyM: 50 })).toEqual({
      flag: 'beyondRadius',
      distanceM: 300,
    });
  });

  it('widens the radius by at most 500 m however poor the fix', () => {
    expect(placeFlag(site, { lat: 31.208, lon: 121.6, accuracyM: 5000 }).flag).toBe('beyondRadius');
  });

  it('flags a check-in without a fix', () => {
    expect(placeFlag(site, null)).toEqual({ flag: 'noPosition', distanceM: null });
  });
});

describe('mapLinks', () => {
  it('gives a geo: URI for the phone’s map app and an https link', () => {
    const links = mapLinks({ ...site, name: '一号机房', address: '张江路 1 号' });
    expect(links.geo).toBe(`geo:31.2,121.6?q=31.2,121.6(${encodeURIComponent('一号机房')})`);
    expect(links.web).toMatch(/^https:\/\/uri\.amap\.com\/marker\?position=121\.6,31\.2&/);
  });
});
