/**
 * Generated bad bodies against every public endpoint, through the real app and DynamoDB Local: never a
 * 5xx, and nothing written (the items of the contract's partitions and the company's tickets are
 * counted before and after). 1,000 bodies per endpoint in CI, fewer locally.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { IntakeBodySchema } from '../../shared/tickets/schemas.ts';
import {
  call,
  type IntakeSystem,
  intakeBody,
  linkAuth,
  loadIntakeSystem,
  postIntake,
  reportFault,
  type Seeded,
  seedContract,
} from './intake-fixtures.ts';

const RUNS = process.env.CI ? 1000 : 60;

/** Whether a text is a body the shared schema refuses (the generators below can hit a valid one). */
function refused(text: string): boolean {
  try {
    return !IntakeBodySchema.safeParse(JSON.parse(text)).success;
  } catch {
    return true;
  }
}

/** Bodies that must fail: wrong types, missing or extra fields, bad values, not JSON at all. */
function badBodies(deviceId: string) {
  return anyBodies(deviceId).filter(refused);
}

function anyBodies(deviceId: string) {
  const valid = intakeBody(deviceId);
  const field = fc.constantFrom(...Object.keys(valid));
  const junk = fc.oneof(
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.anything(), { maxLength: 3 }),
    fc.dictionary(fc.string(), fc.anything(), { maxKeys: 3 }),
  );
  return fc.oneof(
    // one field replaced by junk (a honeypot text or a junk phone among them)
    fc.tuple(field, junk).map(([k, v]) => JSON.stringify({ ...valid, [k]: v })),
    // one field missing
    field
      .filter((k) => k !== 'deviceId')
      .map((k) => {
        const { [k as keyof typeof valid]: _gone, ...rest } = valid;
        return JSON.stringify(rest);
      }),
    // an unknown field
    fc
      .string({ minLength: 1 })
      .filter((k) => !(k in valid))
      .map((k) => JSON.stringify({ ...valid, [k]: 1 })),
    // bad answers, bad phone, filled honeypot, bad key
    fc.anything().map((a) => JSON.stringify({ ...valid, answers: a })),
    fc
      .string()
      .filter((p) => !/^\+?\d{11,13}$/.test(p))
      .map((p) => JSON.stringify({ ...valid, contactPhone: p })),
    fc.string({ minLength: 1 }).map((w) => JSON.stringify({ ...valid, website: w })),
    fc.string().map((k) => JSON.stringify({ ...valid, idempotencyKey: k })),
    fc
      .string({ maxLength: 3000 })
      .filter((d) => d.trim().length === 0 || d.trim().length > 2000)
      .map((d) => JSON.stringify({ ...valid, description: d })),
    // not a JSON object at all
    fc.anything().map((v) => JSON.stringify(v)),
    fc.string().filter((s) => {
      try {
        JSON.parse(s);
        return false;
      } catch {
        return true;
      }
    }),
  );
}

describe('bad bodies on the public endpoints', () => {
  let s: IntakeSystem;
  let k: Seeded;
  let statusToken: string;
  let ticketId: string;

  beforeAll(async () => {
    s = await loadIntakeSystem();
    k = await seedContract(s, 'A');
    const report = await reportFault(s, k);
    statusToken = report.json.statusToken;
    ticketId = (await k.desk('GET', '/api/desk/board')).json.tickets[0].ticketId;
  });

  /** What a write would change: the company's tickets and board, the ticket's timeline, the audit trail. */
  async function footprint() {
    const [board, detail, audit] = await Promise.all([
      k.desk('GET', '/api/desk/board'),
      k.desk('GET', `/api/desk/tickets/${ticketId}`),
      k.desk('GET', `/api/desk/audit?contractId=${k.contractId}`),
    ]);
    return JSON.stringify([board.json, detail.json, audit.json.records.length]);
  }

  it(`POST /api/public/intake: ${RUNS} bad bodies, no 5xx, nothing written`, async () => {
    const before = await footprint();
    await fc.assert(
      fc.asyncProperty(badBodies(k.deviceIds[0] ?? ''), async (body) => {
        const res = await postIntake(
          s,
          { ...linkAuth(k.linkToken), 'content-type': 'application/json' },
          body,
        );
        expect(res.status).toBe(400);
        expect(res.json.error.code).toBe('bad_request');
        expect(typeof res.json.error.field).toBe('string');
      }),
      { numRuns: RUNS },
    );
    expect(await footprint()).toBe(before);
  });

  it(`POST /api/public/status/confirm: ${RUNS} bad bodies, no 5xx, nothing written`, async () => {
    const before = await footprint();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc
            .anything()
            .filter(
              (v) =>
                v !== undefined &&
                !(
                  typeof v === 'object' &&
                  v !== null &&
                  !Array.isArray(v) &&
                  Object.keys(v).every((key) => key === 'note')
                ),
            )
            .map((v) => JSON.stringify(v)),
          fc.string({ minLength: 501 }).map((note) => JSON.stringify({ note })),
          fc.string({ minLength: 1 }).filter((x) => x.trim() !== '' && !/^\s*[[{"\d-tfn]/.test(x)),
        ),
        async (body) => {
          const res = await call(
            s.publicApp,
            'POST',
            '/api/public/status/confirm',
            { ...linkAuth(statusToken), 'content-type': 'application/json' },
            body,
          );
          expect(res.status).toBeLessThan(500);
          expect([400, 409]).toContain(res.status);
        },
      ),
      { numRuns: RUNS },
    );
    expect(await footprint()).toBe(before);
  });

  it(`GET endpoints and bad credentials: ${RUNS} generated Authorization headers, no 5xx, nothing written`, async () => {
    const before = await footprint();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.string().map((t) => `Link ${t}`),
          fc.stringMatching(/^[A-Za-z0-9_-]{43}$/).map((t) => `Link ${t}`),
        ),
        fc.constantFrom('/api/public/intake', '/api/public/status'),
        async (authorization, path) => {
          const res = await s.publicApp.request(path, {
            headers: { authorization, 'accept-language': 'en' },
          });
          expect(res.status).toBe(404);
        },
      ),
      { numRuns: RUNS },
    );
    expect(await footprint()).toBe(before);
  });
});
