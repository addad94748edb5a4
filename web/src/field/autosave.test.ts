import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AnswerValue } from '../../../shared/field/schemas.ts';
import { createAutosave } from './autosave';
import { openFieldDb } from './db';
import { fieldRepository } from './repository';

let dbs = 0;

/** A form's autosave wired to a real (in-memory) IndexedDB, as the form wires it to the store. */
function form() {
  dbs += 1;
  const name = `field-autosave-${dbs}`;
  const repo = fieldRepository(() => openFieldDb(name));
  const autosave = createAutosave<AnswerValue>({
    save: async (itemId, value) => {
      await repo.saveAnswer({ visitId: 'vis-1', deviceId: 'dev-1', itemId }, value, { now: Date.now() });
    },
  });
  // The app killed and opened again: a new connection reads what is on disk.
  const reopened = () => fieldRepository(() => openFieldDb(name)).load();
  return { repo, autosave, reopened };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('form autosave', () => {
  it('saves the last value 300 ms after the last keystroke, once', async () => {
    const { autosave, reopened } = form();
    autosave.change('sessions', 1);
    await vi.advanceTimersByTimeAsync(200);
    autosave.change('sessions', 12);
    await vi.advanceTimersByTimeAsync(200);
    autosave.change('sessions', 123);
    await vi.advanceTimersByTimeAsync(299);
    expect((await reopened()).queued).toEqual([]);

    await vi.advanceTimersByTimeAsync(1);
    await autosave.flushAll();

    const data = await reopened();
    expect(data.drafts.map((d) => [d.itemId, d.value])).toEqual([['sessions', 123]]);
    expect(data.queued.map((q) => q.action)).toEqual([
      { kind: 'answer', visitId: 'vis-1', deviceId: 'dev-1', itemId: 'sessions', value: 123 },
    ]);
  });

  it('saves at once when the field loses focus, and not again for the same value', async () => {
    const { autosave, reopened } = form();
    autosave.change('remarks', '风扇积灰');
    await autosave.blur('remarks');
    expect((await reopened()).drafts.map((d) => d.value)).toEqual(['风扇积灰']);

    await vi.advanceTimersByTimeAsync(1_000);
    autosave.change('remarks', '风扇积灰');
    await autosave.blur('remarks');
    expect((await reopened()).queued).toHaveLength(1);
  });

  it('loses nothing typed when the page is hidden and killed before the 300 ms', async () => {
    const { autosave, reopened } = form();
    for (let i = 1; i <= 20; i += 1) autosave.change(`item${i}`, i);
    // visibilitychange → hidden: the form flushes everything, then the app dies (no timer ever fires).
    await autosave.flushAll();

    const data = await reopened();
    expect(data.drafts).toHaveLength(20);
    expect(data.queued.map((q) => (q.action.kind === 'answer' ? q.action.itemId : ''))).toEqual(
      Array.from({ length: 20 }, (_, i) => `item${i + 1}`),
    );
  });

  it('does not save the value a field was loaded with', async () => {
    const { autosave, reopened } = form();
    autosave.known('ha', true);
    autosave.change('ha', true);
    await autosave.blur('ha');
    expect((await reopened()).queued).toEqual([]);
  });

  it('tries again after a failed save', async () => {
    const save = vi.fn<(key: string, value: AnswerValue) => Promise<void>>();
    save.mockRejectedValueOnce(new DOMException('full', 'QuotaExceededError')).mockResolvedValue();
    const errors: unknown[] = [];
    const autosave = createAutosave<AnswerValue>({ save, onError: (e) => errors.push(e) });
    autosave.change('ha', false);
    await autosave.blur('ha');
    autosave.change('ha', false);
    await autosave.blur('ha');
    expect(save).toHaveBeenCalledTimes(2);
    expect(errors).toHaveLength(1);
  });

  it('knows the latest value of every field, saved or still waiting for its 300 ms', async () => {
    const { autosave } = form();
    autosave.known('ha', true);
    autosave.change('sessions', 5);
    await autosave.blur('sessions');
    autosave.change('cpu', 99);
    expect(autosave.values()).toEqual({ ha: true, sessions: 5, cpu: 99 });
    expect(autosave.dirty()).toBe(true);
    await autosave.flushAll();
    expect(autosave.dirty()).toBe(false);
  });
});
