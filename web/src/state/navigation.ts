import { DESK_ROLES, type StaffRole } from '../../../shared/auth/roles.ts';

export const SIGN_IN_PATH = '/signin';

// Any origin will do: only paths that stay on it survive, and the origin is dropped again.
const probeOrigin = 'https://sitecall.invalid';

/**
 * The `?next=` of the sign-in page as a path of this app, or null. Only same-origin paths count: no
 * `//host`, no `/\host` (browsers read a backslash as a slash), no scheme, no control characters; the
 * sign-in page itself and server-only paths (/api, /dev) are refused too.
 */
export function safeNextPath(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2000) return null;
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw, probeOrigin);
  } catch {
    return null;
  }
  if (url.origin !== probeOrigin) return null;
  const path = url.pathname;
  if (path === SIGN_IN_PATH || path.startsWith(`${SIGN_IN_PATH}/`)) return null;
  if (/^\/(api|dev)(\/|$)/.test(path)) return null;
  return `${path}${url.search}${url.hash}`;
}

/** Where a staff member starts: the desk for desk roles, the field app for engineers. */
export function roleHome(roles: readonly StaffRole[]): string {
  if (roles.some((role) => DESK_ROLES.includes(role))) return '/desk';
  if (roles.includes('engineer')) return '/field';
  return '/';
}

/** After sign-in: back where the person came from, else their role's home. */
export function afterSignIn(next: string | null | undefined, roles: readonly StaffRole[]): string {
  return safeNextPath(next) ?? roleHome(roles);
}

/** The sign-in page, coming back to `from` afterwards. */
export function signInPath(from?: string): string {
  const next = safeNextPath(from);
  return next === null || next === '/' ? SIGN_IN_PATH : `${SIGN_IN_PATH}?next=${encodeURIComponent(next)}`;
}
