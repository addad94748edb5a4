/**
 * The ticket timer execution armed last, per ticket (AWS only; functions/timers/sfn-port.ts): each
 * arming records its execution, conditioned on its ticket version being newer than the one recorded,
 * and learns the one it replaces — which the port then stops, so a re-armed ticket has one running
 * execution instead of the old ones running on until the ticket closes.
 */
import { documents, tableName } from '../lib/store.ts';
import { isConditionFailure } from './conditions.ts';
import { Entity } from './electrodb.ts';
import { primary, SERVICE } from './keys.ts';

export const ticketTimerExecution = new Entity({
  model: { entity: 'ticketTimerExecution', version: '1', service: SERVICE },
  attributes: {
    ticketId: { type: 'string', required: true, readOnly: true },
    /** The ticket's version the arming was for. */
    version: { type: 'number', required: true },
    /** The execution started; absent when the arming ended the timer (`wakeAt: null`). */
    executionArn: { type: 'string' },
    at: { type: 'string', required: true },
  },
  indexes: {
    byTicket: primary(['ticketId'], []),
  },
});
ticketTimerExecution.setTableName(tableName);
ticketTimerExecution.setClient(documents);

/**
 * Records the execution of an arming at `version` (null: none). `recorded: false` when an arming of a
 * newer version is recorded already (this one is stale); otherwise the execution it replaces, if any.
 */
export async function recordArmedExecution(
  ticketId: string,
  version: number,
  executionArn: string | null,
  at: string,
): Promise<{ recorded: false } | { recorded: true; replaced: string | undefined }> {
  try {
    const { data } = await ticketTimerExecution
      .put({ ticketId, version, at, ...(executionArn === null ? {} : { executionArn }) })
      .where((attr, { notExists, lt }) => `${notExists(attr.version)} OR ${lt(attr.version, version)}`)
      .go({ response: 'all_old' });
    const old = data as { executionArn?: string } | null | undefined;
    return { recorded: true, replaced: old?.executionArn ?? undefined };
  } catch (error) {
    if (isConditionFailure(error)) return { recorded: false };
    throw error;
  }
}
