import { useLocation } from 'preact-iso';
import { signInPath } from '../state/navigation';
import { useFieldCatalogue } from './catalogue';
import { dismissRejected, syncNow, useField } from './store';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The phone's time of day as both languages write it, `14:05`. Not with Intl: a page's first Intl date
 * format loads the locale's calendar data, 30-60 ms in one go on a desktop (×4 on a phone), and this bar is
 * on every first screen of the area.
 */
const time = (at: number) => {
  const date = new Date(at);
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
};

/** The sync state, always in view: what waits to be sent, the last sync, the last problem with a retry. */
export function SyncBar() {
  const { t } = useFieldCatalogue();
  const { url } = useLocation();
  const { data, syncing, last } = useField();
  const pending = data?.queued.length ?? 0;
  const lastSyncAt = data?.meta.lastSyncAt ?? null;
  const problem = last?.problem ?? null;
  const actionName = (kind: string) => (kind in KINDS ? t(KINDS[kind as keyof typeof KINDS]) : kind);

  return (
    <section class="sync-bar" aria-label={t('sync.title')} data-testid="sync-bar">
      <div class="sync-line">
        <span
          class={pending > 0 ? 'sync-count sync-count--waiting' : 'sync-count'}
          data-testid="sync-pending"
        >
          {pending > 0 ? t('sync.pending', { count: pending }) : t('sync.allSent')}
        </span>
        <span class="sync-last" data-testid="sync-last">
          {syncing
            ? t('sync.syncing')
            : lastSyncAt === null
              ? t('sync.never')
              : t('sync.lastSync', { time: time(lastSyncAt) })}
        </span>
        <button
          type="button"
          class="button button--quiet sync-button"
          disabled={syncing}
          onClick={() => void syncNow()}
          data-testid="sync-now"
        >
          {problem !== null && problem !== 'auth' ? t('sync.retry') : t('sync.now')}
        </button>
      </div>
      {problem !== null && (
        <p class={problem === 'offline' ? 'sync-problem' : 'sync-problem sync-problem--error'} role="status">
          <span data-testid="sync-problem" data-problem={problem}>
            {t(`sync.problem.${problem}`)}
          </span>
          {last?.retryAt != null && problem !== 'offline' && (
            <span> {t('sync.retryAt', { time: time(last.retryAt) })}</span>
          )}
          {problem === 'auth' && (
            <>
              {' '}
              <a href={signInPath(url)}>{t('sync.signInAgain')}</a>
            </>
          )}
        </p>
      )}
      {(data?.rejected ?? []).map((entry) => (
        <div class="sync-rejected" role="alert" key={entry.clientId} data-testid="sync-rejected">
          <p>{t('sync.rejected', { action: actionName(entry.action.kind) })}</p>
          {entry.message !== null && <p>{t('sync.rejectedMessage', { message: entry.message })}</p>}
          <button
            type="button"
            class="button button--quiet"
            onClick={() => void dismissRejected(entry.clientId)}
          >
            {t('sync.dismiss')}
          </button>
        </div>
      ))}
    </section>
  );
}

const KINDS = {
  accept: 'action.accept',
  depart: 'action.depart',
  checkIn: 'action.checkIn',
  note: 'action.note',
  part: 'action.part',
  standby: 'action.standby',
  resolve: 'action.resolve',
  confirm: 'action.confirm',
  checkOut: 'action.checkOut',
  answer: 'action.answer',
  submitInspection: 'action.submitInspection',
} as const;
