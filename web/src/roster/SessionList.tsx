import { useEffect, useState } from 'preact/hooks';
import type { SessionView, StaffView } from '../../../shared/auth/schemas.ts';
import { ApiError } from '../api/client';
import type { AreaCatalogue } from '../audit/catalogue';
import type { RosterApi } from './api';
import { ConfirmDialog } from './ConfirmDialog';
import type { RosterKey } from './i18n.zh-CN';
import {
  deviceOf,
  failureMessage,
  failureOf,
  formatTime,
  lastUsed,
  sessionStatus,
  sortSessions,
} from './model';

type Load =
  | { status: 'loading' }
  | { status: 'failed'; offline: boolean }
  | { status: 'loaded'; sessions: SessionView[] };

/** A member's sessions, live ones first, each live one with a revoke button behind a confirmation. */
export function SessionList({
  api,
  catalogue,
  member,
  refreshKey,
  onRevoked,
}: {
  api: RosterApi;
  catalogue: AreaCatalogue<RosterKey>;
  member: StaffView;
  refreshKey: unknown;
  onRevoked: () => void;
}) {
  const { t, locale } = catalogue;
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [pending, setPending] = useState<SessionView | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    setLoad((previous) => (previous.status === 'loaded' ? previous : { status: 'loading' }));
    api
      .sessions(member.staffId, { signal: controller.signal, lang: locale })
      .then((sessions) => {
        if (!controller.signal.aborted) setLoad({ status: 'loaded', sessions });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) {
          setLoad({ status: 'failed', offline: error instanceof ApiError && error.kind === 'network' });
        }
      });
    return () => controller.abort();
  }, [api, member.staffId, refreshKey, attempt, locale]);

  const device = (session: SessionView) => deviceOf(session.userAgent) ?? t('roster.session.unknownDevice');

  const revoke = async () => {
    if (pending === null) return;
    setBusy(true);
    try {
      await api.revoke(pending.sessionId, { lang: locale });
      setMessage({ ok: true, text: t('roster.revoked') });
      onRevoked();
    } catch (error) {
      const key = failureMessage(failureOf(error));
      setMessage({ ok: false, text: t(key ?? 'roster.error.server') });
    } finally {
      setBusy(false);
      setPending(null);
      setAttempt((n) => n + 1);
    }
  };

  const now = Date.now();
  return (
    <section class="roster-sessions" aria-labelledby="roster-sessions-title" data-testid="roster-sessions">
      <h3 id="roster-sessions-title" class="roster-subtitle">
        {t('roster.sessions')}
      </h3>
      {message !== null && (
        <p class={message.ok ? 'notice' : 'form-error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      {load.status === 'loading' && (
        <p class="roster-status" role="status">
          <span class="spinner" aria-hidden="true" /> {t('roster.sessionsLoading')}
        </p>
      )}
      {load.status === 'failed' && (
        <div class="form-error" role="alert">
          <p>{load.offline ? t('roster.error.offline') : t('roster.sessionsError')}</p>
          <button type="button" class="button button--quiet" onClick={() => setAttempt((n) => n + 1)}>
            {t('roster.retry')}
          </button>
        </div>
      )}
      {load.status === 'loaded' && load.sessions.length === 0 && (
        <p class="lead">{t('roster.sessionsEmpty')}</p>
      )}
      {load.status === 'loaded' && load.sessions.length > 0 && (
        <table class="roster-table roster-table--sessions">
          <thead>
            <tr>
              <th scope="col">{t('roster.session.device')}</th>
              <th scope="col">{t('roster.session.started')}</th>
              <th scope="col">{t('roster.session.lastActive')}</th>
              <th scope="col">{t('roster.session.status')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('roster.col.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sortSessions(load.sessions, now).map((session) => {
              const status = sessionStatus(session, now);
              const reason = session.revokedReason ?? 'unknown';
              const reasonKey = `roster.session.reason.${reason}`;
              return (
                <tr key={session.sessionId} data-testid="session-row" data-status={status}>
                  <td data-label={t('roster.session.device')}>{device(session)}</td>
                  <td data-label={t('roster.session.started')}>{formatTime(session.createdAt, locale)}</td>
                  <td data-label={t('roster.session.lastActive')}>{formatTime(lastUsed(session), locale)}</td>
                  <td data-label={t('roster.session.status')}>
                    <span class={`roster-badge roster-badge--${status}`}>
                      {status === 'live'
                        ? t('roster.session.live')
                        : status === 'expired'
                          ? t('roster.session.expired')
                          : t('roster.session.revoked', {
                              reason: catalogue.has(reasonKey)
                                ? t(reasonKey)
                                : t('roster.session.reason.unknown'),
                            })}
                    </span>
                  </td>
                  <td class="roster-cell-action">
                    {status === 'live' && (
                      <button
                        type="button"
                        class="button button--quiet button--small"
                        onClick={() => {
                          setMessage(null);
                          setPending(session);
                        }}
                        data-testid="session-revoke"
                      >
                        {t('roster.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {load.status === 'loaded' && load.sessions.length > 0 && <p class="field-hint">{t('roster.times')}</p>}
      <ConfirmDialog
        open={pending !== null}
        title={t('roster.confirmRevokeTitle')}
        body={
          pending === null
            ? ''
            : t('roster.confirmRevokeBody', { name: member.name, device: device(pending) })
        }
        confirm={t('roster.confirmRevoke')}
        busyLabel={t('roster.revoking')}
        cancel={t('roster.cancel')}
        busy={busy}
        onConfirm={() => void revoke()}
        onCancel={() => setPending(null)}
        testId="confirm-revoke"
      />
    </section>
  );
}
