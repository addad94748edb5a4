import { useEffect, useState } from 'preact/hooks';

/** Whole seconds until `until` (epoch ms), rounded up so that "1 s" shows until the moment has come. */
export function secondsLeft(until: number | null, now: number): number {
  if (until === null) return 0;
  return Math.max(0, Math.ceil((until - now) / 1000));
}

/** Seconds left until `until`, re-rendered every second while there are any. */
export function useCountdown(until: number | null, now: () => number = Date.now): number {
  const [left, setLeft] = useState(() => secondsLeft(until, now()));
  useEffect(() => {
    const tick = () => setLeft(secondsLeft(until, now()));
    tick();
    if (until === null) return;
    const timer = setInterval(() => {
      tick();
      if (secondsLeft(until, now()) === 0) clearInterval(timer);
    }, 250);
    return () => clearInterval(timer);
  }, [until, now]);
  return left;
}
