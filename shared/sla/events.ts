/**
 * A ticket's events as the clock engine reads them. Desk events (reported, level changes, pauses,
 * assignment) carry server time. Field events come from the engineer's phone, often recorded offline:
 * `at` is the phone's time, `receivedAt` the server's receipt, `clockOffsetMs` the phone-minus-server
 * offset measured when the phone last synced.
 */
import * as z from 'zod';
import { FaultLevelSchema } from './policy.ts';
import { InstantSchema } from './time.ts';

const timing = {
  /** When it happened, by the recording device's clock. */
  at: InstantSchema,
  /** When the server received it (offline events arrive later). */
  receivedAt: InstantSchema.optional(),
  /** Phone clock minus server clock at the phone's last sync, in ms. */
  clockOffsetMs: z.number().finite().optional(),
};

export const TicketEventSchema = z.discriminatedUnion('type', [
  /** 报障: the customer reports; the intake answers propose the fault level. */
  z.object({ type: z.literal('reported'), faultLevel: FaultLevelSchema, ...timing }),
  /** The desk confirms the proposed level (a different level here counts as a change). */
  z.object({
    type: z.literal('levelConfirmed'),
    faultLevel: FaultLevelSchema,
    reason: z.string().optional(),
    ...timing,
  }),
  /** Triage: the desk changes the fault level, with a reason. */
  z.object({
    type: z.literal('levelChanged'),
    faultLevel: FaultLevelSchema,
    reason: z.string().min(1),
    ...timing,
  }),
  /** The resolution clock stops while the ticket waits for the customer. */
  z.object({ type: z.literal('paused'), reason: z.string().min(1), ...timing }),
  z.object({ type: z.literal('resumed'), reason: z.string().optional(), ...timing }),
  /** An engineer is assigned: tier 1 becomes that engineer instead of the dispatcher on duty. */
  z.object({ type: z.literal('assigned'), engineerId: z.string().optional(), ...timing }),
  /** 出发: the engineer starts travelling to the site. */
  z.object({ type: z.literal('departed'), ...timing }),
  /** 到场: meets the arrival target. */
  z.object({ type: z.literal('checkedIn'), ...timing }),
  /** 解决: service restored; meets the resolution target. */
  z.object({ type: z.literal('resolved'), ...timing }),
  /** 确认: the customer confirms the work. */
  z.object({ type: z.literal('customerConfirmed'), ...timing }),
  /** 离场: the engineer leaves the site; starts the service report clock. A reason is needed without
   * the customer's confirmation. */
  z.object({ type: z.literal('checkedOut'), reason: z.string().optional(), ...timing }),
  /** 现场服务文档 handed in: meets every report clock started before it. */
  z.object({ type: z.literal('reportSubmitted'), ...timing }),
]);
export type TicketEvent = z.infer<typeof TicketEventSchema>;
export type TicketEventType = TicketEvent['type'];

/** Events whose time comes from the engineer's phone. */
export const FIELD_EVENT_TYPES: ReadonlySet<TicketEventType> = new Set([
  'departed',
  'checkedIn',
  'resolved',
  'customerConfirmed',
  'checkedOut',
  'reportSubmitted',
]);
