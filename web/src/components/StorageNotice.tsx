import { useI18n } from '../i18n/I18nProvider';
import { useSession } from '../state/session';

/** Says so when the device cannot keep the session: the person would otherwise be signed out by surprise. */
export function StorageNotice() {
  const { t } = useI18n();
  const { storage } = useSession();
  if (storage === null) return null;
  return (
    <p class="notice notice--warn" role="alert" data-testid="storage-notice">
      {storage === 'quota' ? t('storage.quota') : t('storage.unavailable')}
    </p>
  );
}
