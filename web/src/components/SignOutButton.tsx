import { useId, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { signOutRefusal } from '../field/sign-out-guard';
import { useI18n } from '../i18n/I18nProvider';
import { browserSessionStore } from '../state/session';

/**
 * Sign-out behind a confirmation (a modal <dialog>: focus stays inside, Escape cancels). Signing out
 * while offline is allowed; the dialog says that the server learns of it later.
 */
export function SignOutButton({ compact = false, testId }: { compact?: boolean; testId?: string }) {
  const { t, locale } = useI18n();
  const { route } = useLocation();
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [offline, setOffline] = useState(false);
  // Actions of the field app still waiting in its outbox: sign-out is refused until they are sent.
  const [refusal, setRefusal] = useState<string | null>(null);
  const titleId = useId();
  const bodyId = useId();

  const open = async () => {
    setOffline(navigator.onLine === false);
    setRefusal(await signOutRefusal(locale));
    dialog.current?.showModal();
  };
  const confirm = async () => {
    setBusy(true);
    try {
      await browserSessionStore().signOut();
    } finally {
      setBusy(false);
      dialog.current?.close();
    }
    route('/signin');
  };

  return (
    <>
      <button
        type="button"
        class={compact ? 'header-action' : 'button button--quiet'}
        onClick={() => void open()}
        data-testid={testId}
      >
        {t('account.signOut')}
      </button>
      <dialog ref={dialog} class="dialog" aria-labelledby={titleId} aria-describedby={bodyId}>
        <h2 id={titleId} class="dialog-title">
          {t('account.confirmTitle')}
        </h2>
        <p id={bodyId} data-testid={refusal === null ? undefined : 'sign-out-refused'}>
          {refusal ?? (offline ? t('account.confirmOffline') : t('account.confirmBody'))}
        </p>
        <div class="dialog-actions">
          <button
            type="button"
            class="button button--quiet"
            disabled={busy}
            onClick={() => dialog.current?.close()}
          >
            {t('account.cancel')}
          </button>
          <button
            type="button"
            class="button button--danger"
            aria-busy={busy}
            disabled={busy || refusal !== null}
            onClick={() => void confirm()}
            data-testid="confirm-sign-out"
          >
            {busy ? t('account.signingOut') : t('account.confirm')}
          </button>
        </div>
      </dialog>
    </>
  );
}
