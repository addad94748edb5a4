/**
 * The phone's clock against the server's. At each sync the phone notes its own time when it sent the request
 * and when the answer came; the server's `serverTime` was read somewhere in between, on average halfway. So
 *
 *   offset = (sentAt + receivedAt) / 2 − serverTime      (phone minus server, ms)
 *
 * Every queued action carries the offset of the last sync; the server corrects the phone's time by it when
 * it is larger than the threshold of the SLA rules (sla-rules.md, "Offline events and time").
 */

/** Phone minus server (ms), corrected for half the round trip; null when `serverTime` is unreadable. */
export function measureOffset(sentAt: number, receivedAt: number, serverTime: string): number | null {
  const server = Date.parse(serverTime);
  if (Number.isNaN(server) || receivedAt < sentAt) return null;
  return Math.round((sentAt + receivedAt) / 2 - server);
}

/** The server's time now, by the phone's clock and the last offset. */
export function serverNow(phoneNow: number, offsetMs: number | null): number {
  return phoneNow - (offsetMs ?? 0);
}
