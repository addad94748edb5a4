/**
 * Object-level checks, beside the guard: after a route knows who calls, these decide whether the
 * caller may reach the object (shared/auth/policy.ts). A denied object is answered exactly like a
 * missing one — the same 404, the same body — so a caller cannot probe which objects exist.
 */
import { mayReach, type ObjectScope } from '../../shared/auth/policy.ts';
import type { Principal } from '../../shared/auth/roles.ts';
import { AppError } from '../lib/errors.ts';

/** The object if it exists and the caller may reach it; otherwise the same 404 in both cases. */
export function reachableOr404<T>(
  principal: Principal,
  object: T | undefined,
  scopeOf: (o: T) => ObjectScope,
): T {
  if (object === undefined || !mayReach(principal, scopeOf(object))) {
    throw new AppError('not_found', 'not found');
  }
  return object;
}

/** The objects of a list the caller may reach; the others are left out as if they did not exist. */
export function reachableOnly<T>(
  principal: Principal,
  objects: readonly T[],
  scopeOf: (o: T) => ObjectScope,
): T[] {
  return objects.filter((object) => mayReach(principal, scopeOf(object)));
}
