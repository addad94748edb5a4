import { useI18n } from '../i18n/I18nProvider';

export default function NotFound() {
  const { t } = useI18n();
  return (
    <div class="page">
      <section class="card">
        <h1>{t('notFound.title')}</h1>
        <p>{t('notFound.body')}</p>
        <a class="button" href="/">
          {t('notFound.home')}
        </a>
      </section>
    </div>
  );
}
