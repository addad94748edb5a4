/**
 * Whether a failed single-item write failed on its condition: ElectroDB wraps the SDK's error, so the
 * chain of causes is searched for the SDK's name or, where only the text survives, DynamoDB's message.
 */
export function isConditionFailure(error: unknown): boolean {
  for (let e: unknown = error; e !== undefined && e !== null; e = (e as { cause?: unknown }).cause) {
    const name = (e as { name?: unknown }).name;
    const message = (e as { message?: unknown }).message;
    if (name === 'ConditionalCheckFailedException') return true;
    if (typeof message === 'string' && message.includes('conditional request failed')) return true;
    if (e === (e as { cause?: unknown }).cause) break;
  }
  return false;
}
