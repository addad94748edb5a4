/**
 * One clock for every countdown on the screen: a single 1 s interval, shared by all subscribers and
 * stopped when the last one leaves. A board of fifty rows re-renders once a second, not fifty times.
 */
import { useEffect, useState } from 'preact/hooks';

const listeners = new Set<(now: number) => void>();
let timer: ReturnType<typeof setInterval> | undefined;

export function subscribeTick(listener: (now: number) => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    timer = setInterval(() => {
      const now = Date.now();
      for (const each of listeners) each(now);
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The current time, updated every second from the shared clock. */
export function useNow(): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => subscribeTick(setNow), []);
  return now;
}
