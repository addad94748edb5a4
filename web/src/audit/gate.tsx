import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { StaffRole } from '../../../shared/auth/roles.ts';
import { signInPath } from '../state/navigation';
import { useSession } from '../state/session';

/**
 * A staff page for some roles. Signed out (or the session ended), it sends the person to sign in and
 * back here; a signed-in member without one of `roles` is told the page is not theirs. The server
 * decides anyway: this only spares people a page of errors.
 */
export function StaffGate({
  roles,
  checking,
  forbidden,
  children,
}: {
  roles: readonly StaffRole[];
  checking: string;
  forbidden: string;
  children: ComponentChildren;
}) {
  const session = useSession();
  const { url, route } = useLocation();

  useEffect(() => {
    if (session.status === 'signedOut') route(signInPath(url), true);
  }, [session.status, url, route]);

  if (session.status !== 'signedIn') {
    return (
      <div class="page">
        <p class="lead" role="status">
          {session.status === 'loading' ? checking : ''}
        </p>
      </div>
    );
  }
  if (!session.staff.roles.some((role) => roles.includes(role))) {
    return (
      <div class="page">
        <p class="notice notice--warn" data-testid="staff-gate-forbidden">
          {forbidden}
        </p>
      </div>
    );
  }
  return <>{children}</>;
}
