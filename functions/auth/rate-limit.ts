/**
 * Fixed-window counters in the table (HTTP APIs cannot have AWS WAF, so limits live here). One
 * atomic ADD per hit; the item carries its window's end as TTL, so old windows clean themselves up.
 */
import { countHit } from '../store/counters.ts';

export interface Window {
  /** What is limited and for whom, e.g. `code-ip:203.0.113.9`. */
  subject: string;
  /** Window number (e.g. the hour or the China day) and its end in epoch seconds. */
  index: number;
  endsAt: number;
}

export function hourWindow(subject: string, now: Date): Window {
  const index = Math.floor(now.getTime() / 3_600_000);
  return { subject, index, endsAt: (index + 1) * 3600 };
}

/** Counts one hit; answers whether the count is still within `limit`. */
export async function hit(window: Window, limit: number): Promise<boolean> {
  return (await countHit(`${window.subject}#${window.index}`, window.endsAt)) <= limit;
}
