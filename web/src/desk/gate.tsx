import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { DESK_ROLES } from '../../../shared/auth/roles.ts';
import { authJson } from '../api/client';
import { useCatalogue } from '../intake/catalogue';
import { signInPath } from '../state/navigation';
import { useSession } from '../state/session';
import { deskApi } from './api';
import { deskEn } from './i18n.en';
import { deskZhCN } from './i18n.zh-CN';

/** The desk's API with the signed-in staff member's credentials. */
export const desk = deskApi(authJson);

/**
 * Desk pages only for desk roles. Signed out (or the session ended), it sends the person to sign in
 * and back to this page; a signed-in engineer is told the page is not theirs.
 */
export function DeskGate({ children }: { children: ComponentChildren }) {
  const { t } = useCatalogue(deskZhCN, deskEn);
  const session = useSession();
  const { url, route } = useLocation();

  // Once only: while the sign-in page's lazy chunk loads, this gate stays rendered under the new URL,
  // and sending that URL on as `next` again would lose the page the person came for.
  const sent = useRef(false);
  useEffect(() => {
    if (session.status !== 'signedOut' || sent.current) return;
    sent.current = true;
    route(signInPath(url), true);
  }, [session.status, url, route]);

  if (session.status !== 'signedIn') {
    return (
      <div class="page">
        <p class="lead" role="status">
          {session.status === 'loading' ? t('desk.checking') : ''}
        </p>
      </div>
    );
  }
  if (!session.staff.roles.some((role) => DESK_ROLES.includes(role))) {
    return (
      <div class="page">
        <p class="notice notice--warn" data-testid="desk-forbidden">
          {t('desk.forbidden')}
        </p>
      </div>
    );
  }
  return <>{children}</>;
}
