import { useEffect } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/zh-CN';
import { signInPath } from '../state/navigation';
import { useSession } from '../state/session';
import { SignOutButton } from './SignOutButton';

/**
 * A staff area that later work fills in. Signed out, it sends the person to sign in and back here.
 * Offline it keeps showing the session kept on the device.
 */
export function StaffPlaceholder({ title, body }: { title: MessageKey; body: MessageKey }) {
  const { t } = useI18n();
  const session = useSession();
  const { url, route } = useLocation();

  useEffect(() => {
    if (session.status === 'signedOut') route(signInPath(url), true);
  }, [session.status, url, route]);

  if (session.status !== 'signedIn') {
    return (
      <div class="page">
        <p class="lead" role="status">
          {session.status === 'loading' ? t('account.checking') : ''}
        </p>
      </div>
    );
  }
  const { name, roles } = session.staff;
  const roleNames = roles.map((role) => t(`role.${role}`)).join(t('role.separator'));
  return (
    <div class="page">
      <div class="intro">
        <h1>{t(title)}</h1>
        <p class="lead">{t(body)}</p>
      </div>
      <section class="card" data-testid="signed-in-card">
        <p data-testid="signed-in-as">{t('account.signedInAs', { name, roles: roleNames })}</p>
        <SignOutButton testId="page-sign-out" />
      </section>
    </div>
  );
}
