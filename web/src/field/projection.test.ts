import { describe, expect, it } from 'vitest';
import type { FieldAction } from '../../../shared/field/schemas.ts';
import type { DraftAnswer, QueuedItem } from './db';
import { snapshot, template, ticket } from './fixtures/snapshot';
import {
  allowedActions,
  checkOutNeedsReason,
  failsCheck,
  missingRequired,
  projectTicket,
  projectVisit,
} from './projection';

let n = 0;
const queued = (action: FieldAction, recordedAt = '2026-11-25T03:10:00.000Z'): QueuedItem => {
  n += 1;
  return { seq: n, clientId: `id-${n}`, recordedAt, clockOffsetMs: 0, action };
};
const onSiteFix = { lat: 31.2005, lon: 121.6, accuracyM: 20, fixedAt: '2026-11-25T03:09:50.000Z' };

describe('projectTicket', () => {
  it('shows queued actions at once: accepted, on the way, on site with the distance, then resolved', () => {
    const view = projectTicket(ticket, [
      queued({ kind: 'accept', ticketId: 'tkt-1' }),
      queued({ kind: 'depart', ticketId: 'tkt-1' }),
      queued({ kind: 'checkIn', ticketId: 'tkt-1', position: onSiteFix }, '2026-11-25T03:30:00.000Z'),
      queued({ kind: 'note', ticketId: 'tkt-1', text: '更换电源' }),
      queued({ kind: 'resolve', ticketId: 'tkt-1' }),
    ]);
    expect(view.state).toBe('resolved');
    expect(view.accepted).toBe(true);
    expect(view.checkIn).toEqual({
      at: '2026-11-25T03:30:00.000Z',
      flag: 'ok',
      distanceM: 56,
      pending: true,
    });
    expect(view.pending.map((entry) => entry.kind)).toEqual([
      'accept',
      'depart',
      'checkIn',
      'note',
      'resolve',
    ]);
    expect(view.pending[3]?.text).toBe('更换电源');
  });

  it('leaves out an action the life cycle does not allow in the projected state', () => {
    const view = projectTicket(ticket, [
      queued({ kind: 'confirm', ticketId: 'tkt-1', method: 'code', code: '123456' }),
    ]);
    expect(view.state).toBe('assigned');
    expect(view.confirmed).toBeNull();
    expect(view.pending).toEqual([]);
  });

  it('ignores other tickets’ actions', () => {
    const view = projectTicket(ticket, [queued({ kind: 'depart', ticketId: 'tkt-2' })]);
    expect(view.state).toBe('assigned');
  });

  it('flags a check-in beyond the site radius and one without a position', () => {
    const far = projectTicket(ticket, [
      queued({ kind: 'checkIn', ticketId: 'tkt-1', position: { ...onSiteFix, lat: 31.25 } }),
    ]);
    expect(far.checkIn?.flag).toBe('beyondRadius');
    const none = projectTicket(ticket, [
      queued({ kind: 'checkIn', ticketId: 'tkt-1', position: null, positionError: 'denied' }),
    ]);
    expect(none.checkIn).toMatchObject({ flag: 'noPosition', distanceM: null });
  });
});

describe('allowedActions', () => {
  it('offers accept, depart and check-in to an assigned ticket, and resolve (a remote fix)', () => {
    expect(allowedActions(projectTicket(ticket, []))).toEqual([
      'accept',
      'depart',
      'checkIn',
      'resolve',
      'note',
    ]);
  });

  it('offers the on-site work once checked in, and nothing of the life cycle while paused', () => {
    const onSite = projectTicket(ticket, [
      queued({ kind: 'accept', ticketId: 'tkt-1' }),
      queued({ kind: 'checkIn', ticketId: 'tkt-1', position: onSiteFix }),
    ]);
    expect(allowedActions(onSite)).toEqual(['resolve', 'note', 'part', 'standby']);
    const paused = projectTicket(
      { ...ticket, paused: true, engineerAcceptedAt: '2026-11-25T02:10:00.000Z' },
      [],
    );
    expect(allowedActions(paused)).toEqual(['note']);
    expect(allowedActions(projectTicket({ ...ticket, state: 'closed' }, []))).toEqual([]);
  });

  it('asks for the confirmation once resolved, and a reason to check out without it', () => {
    const resolved = projectTicket(ticket, [
      queued({ kind: 'accept', ticketId: 'tkt-1' }),
      queued({ kind: 'checkIn', ticketId: 'tkt-1', position: onSiteFix }),
      queued({ kind: 'resolve', ticketId: 'tkt-1' }),
    ]);
    expect(allowedActions(resolved)).toEqual(['confirm', 'checkOut', 'note', 'part', 'standby']);
    expect(checkOutNeedsReason(resolved)).toBe(true);
    const confirmed = projectTicket(ticket, [
      ...[
        queued({ kind: 'accept', ticketId: 'tkt-1' }),
        queued({ kind: 'checkIn', ticketId: 'tkt-1', position: onSiteFix }),
        queued({ kind: 'resolve', ticketId: 'tkt-1' }),
      ],
      queued({ kind: 'confirm', ticketId: 'tkt-1', method: 'code', code: '123456' }),
    ]);
    expect(confirmed.state).toBe('confirmed');
    expect(checkOutNeedsReason(confirmed)).toBe(false);
    const left = projectTicket(ticket, [
      queued({ kind: 'checkIn', ticketId: 'tkt-1', position: onSiteFix }),
      queued({ kind: 'resolve', ticketId: 'tkt-1' }),
      queued({ kind: 'checkOut', ticketId: 'tkt-1', reason: '客户不在' }),
    ]);
    expect(left.checkOut).toMatchObject({ flagged: true, pending: true });
    expect(allowedActions(left)).toEqual(['confirm', 'note', 'part', 'standby']);
  });
});

describe('projectVisit', () => {
  const templates = new Map([[template.id, template]]);
  const visit = snapshot.visits[0] as (typeof snapshot.visits)[number];
  const draft = (itemId: string, value: DraftAnswer['value']): DraftAnswer => ({
    key: `vis-1/dev-1/${itemId}`,
    visitId: 'vis-1',
    deviceId: 'dev-1',
    itemId,
    value,
    savedAt: '2026-11-25T03:00:00.000Z',
  });

  it('lays the typed answers over the server’s and counts a queued submit as submitted', () => {
    const view = projectVisit(
      { ...visit, devices: visit.devices.map((d) => ({ ...d, answers: { ha: false, sessions: 5 } })) },
      templates,
      [draft('ha', true)],
      [queued({ kind: 'submitInspection', visitId: 'vis-1', deviceId: 'dev-1' })],
    );
    const form = view.devices[0];
    expect(form?.answers).toEqual({ ha: true, sessions: 5 });
    expect(form?.submitted).toBe(true);
    expect(form?.submitPending).toBe(true);
    expect(view.submitted).toBe(true);
  });

  it('lists the required items still unanswered, in the template’s order', () => {
    const view = projectVisit(visit, templates, [draft('sessions', 12), draft('remarks', '')], []);
    expect(view.devices[0] && missingRequired(view.devices[0])).toEqual(['ha', 'fans']);
  });
});

describe('failsCheck', () => {
  const [ha, sessions, remarks, fans] = template.items as [
    (typeof template.items)[number],
    (typeof template.items)[number],
    (typeof template.items)[number],
    (typeof template.items)[number],
  ];
  it('fails "fail", a number out of range and a failing choice; nothing unanswered', () => {
    expect(failsCheck(ha, false)).toBe(true);
    expect(failsCheck(ha, true)).toBe(false);
    expect(failsCheck(sessions, 101)).toBe(true);
    expect(failsCheck(sessions, -1)).toBe(true);
    expect(failsCheck(sessions, 100)).toBe(false);
    expect(failsCheck(fans, 'noisy')).toBe(true);
    expect(failsCheck(fans, 'ok')).toBe(false);
    expect(failsCheck(remarks, 'anything')).toBe(false);
    expect(failsCheck(sessions, null)).toBe(false);
  });
});
