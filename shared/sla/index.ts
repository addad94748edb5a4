/**
 * The SLA engine's public surface: calendars, holiday data, contract policy, the clock engine and its
 * explanations. See docs/sla-engine.md.
 */
export * from './calendar.ts';
export * from './engine.ts';
export * from './events.ts';
export * from './explain.ts';
export * from './holidays-cn.ts';
export * from './ics.ts';
export * from './policy.ts';
export * from './time.ts';
