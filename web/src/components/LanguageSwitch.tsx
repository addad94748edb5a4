import { useI18n } from '../i18n/I18nProvider';
import { localeNames, locales } from '../i18n/locale';

/** One button per language, each labelled in its own language so anyone can find theirs. */
export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <fieldset class="lang-switch" data-testid="lang-switch">
      <legend class="visually-hidden">{t('lang.label')}</legend>
      {locales.map((option) => (
        <button
          key={option}
          type="button"
          lang={option}
          aria-pressed={option === locale}
          onClick={() => setLocale(option)}
        >
          {localeNames[option]}
        </button>
      ))}
    </fieldset>
  );
}
