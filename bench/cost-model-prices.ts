/**
 * The prices the cost model multiplies its counted operations by: documented inputs, not measured.
 * AWS list prices of us-east-1 (the pricing page of each service, on-demand, no free tier, no
 * volume tiers beyond the first), as published in 2025 and still listed when this file was written
 * (2026-11). Change a figure here and rerun `npm run bench -- cost-model`.
 *
 * The SMS price is NOT an AWS list price: texts to mainland China numbers go through the carrier or
 * provider the company contracts with, and their per-part price is a quote. The figure below is an
 * assumption to be replaced by that quote; the model reports SMS parts apart so the cost can be
 * recomputed without a rerun.
 */
export const PRICES = {
  region: 'us-east-1',
  stepFunctions: {
    /** Standard workflows, per state transition ($0.025 per 1,000). */
    perStateTransitionUsd: 0.025 / 1000,
    source: 'aws.amazon.com/step-functions/pricing — Standard workflows, $0.025 per 1,000 state transitions',
  },
  lambda: {
    /** arm64, per GB-second (first 7.5 billion GB-s a month). */
    perGbSecondUsd: 0.0000133334,
    /** Per request ($0.20 per million). */
    perRequestUsd: 0.2 / 1_000_000,
    /** Billed duration rounds up to the millisecond. */
    billingIncrementMs: 1,
    /** Every Sitecall function's memory (infra/constructs/function.ts default). */
    memoryMb: 512,
    source: 'aws.amazon.com/lambda/pricing — Arm price, $0.0000133334 per GB-s, $0.20 per 1M requests',
  },
  dynamodb: {
    /** On-demand, Standard table class, per write request unit ($0.625 per million since 1 Nov 2024). */
    perWriteRequestUnitUsd: 0.625 / 1_000_000,
    /** Per read request unit ($0.125 per million since 1 Nov 2024). */
    perReadRequestUnitUsd: 0.125 / 1_000_000,
    source:
      'aws.amazon.com/dynamodb/pricing/on-demand — $0.625 per million WRU, $0.125 per million RRU (after the 1 Nov 2024 reduction)',
  },
  apiGateway: {
    /** HTTP APIs, per request (first 300 million a month: $1.00 per million). */
    perRequestUsd: 1 / 1_000_000,
    source: 'aws.amazon.com/api-gateway/pricing — HTTP APIs, $1.00 per million requests',
  },
  sms: {
    /** One part of a text to a mainland China number. ASSUMPTION, replace with the provider's quote. */
    perPartUsd: 0.04,
    /** Characters of one part of a UCS-2 (Chinese) text. */
    ucs2CharsPerPart: 70,
    /** Characters of one part when a long text is split (each part carries a 3-character header). */
    ucs2CharsPerConcatenatedPart: 67,
    source: 'assumption (no list price): confirm with the SMS provider for mainland China numbers',
  },
} as const;

/** The target of issue 6: infrastructure per 1,000 tickets, SMS apart. */
export const TARGET_USD_PER_1000_TICKETS = 0.5;
