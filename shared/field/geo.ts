/**
 * Distance of a check-in's GPS fix to the site, and how it is judged. The fix's own accuracy radius is
 * granted on top of the site's check-in radius, but at most ACCURACY_ALLOWANCE_MAX_M of it: a fix that
 * only knows the phone is somewhere in town does not prove an arrival.
 */
import type { CheckInFlag, Position } from './schemas.ts';

const EARTH_RADIUS_M = 6_371_008.8;
export const ACCURACY_ALLOWANCE_MAX_M = 500;

/** Great-circle distance in metres (haversine). */
export function haversineM(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface CheckInPlace {
  distanceM: number | null;
  flag: CheckInFlag;
}

export function judgeCheckIn(
  site: { lat: number; lon: number; radiusM: number } | null,
  position: Position | null,
): CheckInPlace {
  if (position === null) return { distanceM: null, flag: 'noPosition' };
  if (site === null) return { distanceM: null, flag: 'noPosition' };
  const distanceM = Math.round(haversineM(site, position));
  const allowance = site.radiusM + Math.min(position.accuracyM, ACCURACY_ALLOWANCE_MAX_M);
  return { distanceM, flag: distanceM > allowance ? 'beyondRadius' : 'ok' };
}
