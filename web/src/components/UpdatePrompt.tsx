import { useRegisterSW } from 'virtual:pwa-register/preact';
import { useEffect } from 'preact/hooks';
import { useI18n } from '../i18n/I18nProvider';

// Engineers keep the app open for days: look for a new version now and then, not only on navigation.
const updateCheckMs = 60 * 60 * 1000;
// "Ready offline" is news, not a question: it goes away by itself.
const offlineReadyMs = 6000;

/**
 * Registers the service worker (from app code, so the page needs no inline script) and tells the user
 * when a new version is waiting. The new worker takes over only when they choose to reload: a form half
 * filled in is never lost to an update.
 */
export function UpdatePrompt() {
  const { t } = useI18n();
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    offlineReady: [offlineReady, setOfflineReady],
    updateServiceWorker,
  } = useRegisterSW({
    onRegisteredSW(_url, registration) {
      if (!registration) return;
      setInterval(() => {
        if (navigator.onLine && !registration.installing) void registration.update();
      }, updateCheckMs);
    },
  });

  useEffect(() => {
    if (!offlineReady || needRefresh) return;
    const timer = setTimeout(() => setOfflineReady(false), offlineReadyMs);
    return () => clearTimeout(timer);
  }, [offlineReady, needRefresh, setOfflineReady]);

  if (!needRefresh && !offlineReady) return null;

  const dismiss = () => {
    setNeedRefresh(false);
    setOfflineReady(false);
  };

  return (
    <div class="toast" role={needRefresh ? 'alert' : 'status'} data-testid="update-prompt">
      <p class="toast-text">{needRefresh ? t('update.available') : t('update.offlineReady')}</p>
      <div class="toast-actions">
        {needRefresh && (
          <button type="button" class="button" onClick={() => void updateServiceWorker(true)}>
            {t('update.reload')}
          </button>
        )}
        <button type="button" class="button button--quiet" onClick={dismiss}>
          {t('update.dismiss')}
        </button>
      </div>
    </div>
  );
}
