import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario, runScenario, ScenarioError } from './sla.ts';

const root = join(import.meta.dirname, '..', '..');
const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

/** Runs the command the way people do: `npm run --silent sla < scenario.json`. */
function sla(input: string) {
  const result = spawnSync('npm', ['run', '--silent', 'sla'], {
    cwd: root,
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function errorOf(text: string): string {
  try {
    parseScenario(text);
  } catch (error) {
    if (error instanceof ScenarioError) return error.message;
    throw error;
  }
  return 'no error';
}

describe('npm run sla', () => {
  it('prints the worked escalation example as JSON with the zone offset', () => {
    const run = sla(fixture('worked-example.json'));
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.acceptedAt).toBe('2026-03-11T10:00:00+08:00');
    expect(out.resolutionDueAt).toBe('2026-03-14T16:00:00+08:00');
    expect(out.escalations).toEqual([
      { at: '2026-03-13T10:00:00+08:00', faultLevel: 2, tier: 2 },
      { at: '2026-03-14T10:00:00+08:00', faultLevel: 1, tier: 3 },
      { at: '2026-03-14T12:00:00+08:00', faultLevel: 1, tier: 3 },
      { at: '2026-03-14T14:00:00+08:00', faultLevel: 1, tier: 3 },
    ]);
    expect(out.explain.resolutionDueAt.zh).toContain('自动升级起算');
  }, 60_000);

  it('exits 2 with one line naming the field on bad input', () => {
    const run = sla(fixture('bad-instant.json'));
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('events[2].at: expected an ISO-8601 instant\n');
  }, 60_000);

  it('exits 2 on text that is not JSON, without a stack trace', () => {
    const run = sla('{ not json');
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^input: not valid JSON/);
  }, 60_000);
});

describe('scenarios', () => {
  it('skip the National Day week on C, count the pause, and start the report clock at departure', () => {
    const out = runScenario(parseScenario(fixture('national-day-c.json')));
    expect(out.acceptedAt).toBe('2026-09-30T16:30:00+08:00');
    expect(out.arrivalDueAt).toBe('2026-10-08T17:00:00+08:00');
    // 72 h from Wed 16:30 ends Mon 10-19 16:30 (National Day off, Saturday 10-10 worked); the 1 h pause
    // pushes the last hour past closing, to Tuesday 09:30.
    expect(out.resolutionDueAt).toBe('2026-10-20T09:30:00+08:00');
    expect(out.reportDueAt).toBe('2026-10-14T15:00:00+08:00');
    const explain = out.explain.resolutionDueAt as { zh: string; en: string };
    expect(explain.zh).toContain('国庆节 10-01 至 10-07 不计');
    expect(explain.zh).toContain('10-10 调休上班');
    expect(explain.zh).toContain('暂停 1 次共 1 小时 不计');
  });

  it('replace the shipped holidays with the given lists', () => {
    const out = runScenario(
      parseScenario(
        JSON.stringify({
          serviceLevel: 'C',
          holidays: ['2026-03-16'],
          makeUpWorkdays: ['2026-03-14'],
          events: [{ type: 'reported', at: '2026-03-13T17:00:00+08:00', faultLevel: 1 }],
        }),
      ),
    );
    expect(out.acceptedAt).toBe('2026-03-14T09:00:00+08:00');
    expect(out.arrivalDueAt).toBe('2026-03-17T17:00:00+08:00');
  });

  it('work in a zone with daylight saving', () => {
    const out = runScenario(
      parseScenario(
        JSON.stringify({
          serviceLevel: 'A',
          timeZone: 'America/New_York',
          events: [{ type: 'reported', at: '2026-03-08T01:30:00-05:00', faultLevel: 1 }],
        }),
      ),
    );
    expect(out.resolutionDueAt).toBe('2026-03-08T04:30:00-04:00');
  });

  it('recompute the level from acceptance at a level change, and escalate once when already past', () => {
    const out = runScenario(
      parseScenario(
        JSON.stringify({
          serviceLevel: 'A',
          events: [
            { type: 'reported', at: '2026-03-09T10:00:00+08:00', faultLevel: 3 },
            { type: 'levelChanged', at: '2026-03-09T13:00:00+08:00', faultLevel: 1 },
          ],
        }),
      ),
    );
    expect(out.escalations).toEqual([{ at: '2026-03-09T13:00:00+08:00', faultLevel: 1, tier: 2 }]);
    expect(out.resolutionDueAt).toBe('2026-03-09T15:00:00+08:00');
  });
});

describe('bad input names the field', () => {
  const base = {
    serviceLevel: 'A',
    events: [{ type: 'reported', at: '2026-03-09T10:00:00+08:00', faultLevel: 1 }],
  };
  const cases: [string, unknown, string][] = [
    ['a missing service level', { events: base.events }, 'serviceLevel: expected one of "A", "B", "C"'],
    [
      'an unknown service level',
      { ...base, serviceLevel: 'D' },
      'serviceLevel: expected one of "A", "B", "C"',
    ],
    ['an unknown zone', { ...base, timeZone: 'Mars/Olympus' }, 'timeZone: expected an IANA time zone'],
    ['a bad holiday', { ...base, holidays: ['2026-02-30'] }, 'holidays[0]: expected a date YYYY-MM-DD'],
    ['no events', { ...base, events: [] }, 'events: expected at least one event'],
    ['events that are not a list', { ...base, events: 'x' }, 'events: expected a list'],
    [
      'an unknown event type',
      { ...base, events: [{ type: 'exploded', at: '2026-03-09T10:00:00Z' }] },
      'events[0].type: expected one of',
    ],
    [
      'a bad fault level',
      { ...base, events: [{ type: 'reported', at: '2026-03-09T10:00:00Z', faultLevel: 4 }] },
      'events[0].faultLevel: expected 1, 2 or 3',
    ],
    ['a missing time', { ...base, events: [{ type: 'reported', faultLevel: 1 }] }, 'events[0].at: required'],
    [
      'an instant without offset',
      { ...base, until: '2026-03-09T10:00:00' },
      'until: expected an ISO-8601 instant',
    ],
    [
      'no report',
      { ...base, events: [{ type: 'paused', at: '2026-03-09T10:00:00Z' }] },
      'events: expected a "reported" event',
    ],
    ['not an object', [1, 2], 'input: expected an object'],
  ];
  for (const [what, input, message] of cases) {
    it(`for ${what}`, () => {
      expect(errorOf(JSON.stringify(input))).toContain(message);
    });
  }
});
