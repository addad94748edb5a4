import { useI18n } from '../i18n/I18nProvider';

/** Shown instead of a lazy page whose code could not be fetched (offline before it was ever cached). */
export function RouteLoadFailed() {
  const { t } = useI18n();
  return (
    <div class="page">
      <section class="card" role="alert">
        <p>{t('route.loadError')}</p>
        <button type="button" class="button" onClick={() => window.location.reload()}>
          {t('health.retry')}
        </button>
      </section>
    </div>
  );
}
