import type { Position } from '../../../shared/field/schemas.ts';

export type Fix =
  | { status: 'locating' }
  | { status: 'fix'; position: Position; takenAt: number }
  | { status: 'error'; error: 'denied' | 'unavailable' | 'timeout' };

/** One GPS fix from the browser: the most accurate it can give within 15 s, at most a minute old. */
export function locate(onFix: (fix: Fix) => void): void {
  const geolocation = typeof navigator === 'undefined' ? undefined : navigator.geolocation;
  if (geolocation === undefined) {
    onFix({ status: 'error', error: 'unavailable' });
    return;
  }
  geolocation.getCurrentPosition(
    (found) =>
      onFix({
        status: 'fix',
        takenAt: found.timestamp,
        position: {
          lat: found.coords.latitude,
          lon: found.coords.longitude,
          accuracyM: Math.min(100_000, Math.round(found.coords.accuracy)),
          fixedAt: new Date(found.timestamp).toISOString(),
        },
      }),
    (failure) =>
      onFix({
        status: 'error',
        error: failure.code === 1 ? 'denied' : failure.code === 3 ? 'timeout' : 'unavailable',
      }),
    { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
  );
}
