/** Distance on the Earth and the check-in's place judgement, as the server judges it (shared/field/schemas.ts). */

const EARTH_RADIUS_M = 6_371_008.8;
/** A fix less accurate than this widens the site's radius by this much at most. */
export const MAX_ACCURACY_ALLOWANCE_M = 500;

const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance (m) by the haversine formula. */
export function distanceM(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export type PlaceFlag = 'ok' | 'beyondRadius' | 'noPosition';

/** Within the site's radius plus the fix's accuracy (capped) is on site. */
export function placeFlag(
  site: { lat: number; lon: number; radiusM: number } | null,
  fix: { lat: number; lon: number; accuracyM: number } | null,
): { flag: PlaceFlag; distanceM: number | null } {
  if (fix === null) return { flag: 'noPosition', distanceM: null };
  if (site === null) return { flag: 'ok', distanceM: null };
  const distance = Math.round(distanceM(site, fix));
  const allowed = site.radiusM + Math.min(fix.accuracyM, MAX_ACCURACY_ALLOWANCE_M);
  return { flag: distance > allowed ? 'beyondRadius' : 'ok', distanceM: distance };
}

/** A map link for the site: a `geo:` URI (the phone's map app) and an https link for browsers without one. */
export function mapLinks(site: { lat: number; lon: number; name: string; address: string }): {
  geo: string;
  web: string;
} {
  const q = encodeURIComponent(site.address || site.name);
  return {
    geo: `geo:${site.lat},${site.lon}?q=${site.lat},${site.lon}(${encodeURIComponent(site.name)})`,
    web: `https://uri.amap.com/marker?position=${site.lon},${site.lat}&name=${q}&coordinate=wgs84`,
  };
}
