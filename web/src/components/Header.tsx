import { useI18n } from '../i18n/I18nProvider';
import { AccountStatus } from './AccountStatus';
import { LanguageSwitch } from './LanguageSwitch';
import { Logo } from './Logo';

export function Header() {
  const { t } = useI18n();
  return (
    <header class="app-header">
      <a class="brand" href="/">
        <Logo />
        <span class="brand-text">
          <span class="brand-name" data-testid="app-title">
            {t('app.name')}
          </span>
          <span class="brand-tagline">{t('app.tagline')}</span>
        </span>
      </a>
      <div class="header-end">
        <LanguageSwitch />
        <AccountStatus />
      </div>
    </header>
  );
}
