import { useLocation } from 'preact-iso';
import { useI18n } from '../i18n/I18nProvider';
import { useSession } from '../state/session';
import { SignOutButton } from './SignOutButton';

/** In the header: who is signed in, with sign-out; or a sign-in link. Nothing while the device is read. */
export function AccountStatus() {
  const { t } = useI18n();
  const session = useSession();
  const { path } = useLocation();
  if (session.status === 'loading') return null;
  if (session.status === 'signedOut') {
    // On the sign-in page itself the link would lead nowhere.
    if (path === '/signin') return null;
    return (
      <a class="header-action" href="/signin" data-testid="header-sign-in">
        {t('account.signIn')}
      </a>
    );
  }
  return (
    <div class="account">
      <span class="account-name" data-testid="header-account-name">
        <span class="visually-hidden">{t('account.label')}: </span>
        {session.staff.name}
      </span>
      <SignOutButton compact testId="header-sign-out" />
    </div>
  );
}
