/**
 * Marks objects that were read from the table, so code that must act only on stored records (the SMS
 * recipient rule, functions/sms/recipient.ts) can tell them from objects built out of a request.
 * A WeakSet holds the marks: nothing is added to the records, and nothing outlives them.
 */
declare const fromStore: unique symbol;

/** A record as the store returned it. Only functions/store/ produces this type. */
export type Stored<T> = T & { readonly [fromStore]: true };

const marked = new WeakSet<object>();

export function markStored<T extends object>(record: T): Stored<T> {
  marked.add(record);
  return record as Stored<T>;
}

export function isStored(record: object): boolean {
  return marked.has(record);
}
