import './intake.css';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import type { StatusView } from '../../../shared/tickets/schemas.ts';
import type { Locale } from '../i18n/locale';
import { type AreaTranslate, useCatalogue } from './catalogue';
import { Due, type DueWords } from './Due';
import { LoadFailed } from './IntakePage';
import { intakeEn } from './i18n.en';
import { type IntakeKey, intakeZhCN } from './i18n.zh-CN';
import { latestRaise, raiseEntryText, raiseText } from './raises';
import { type ConfirmOutcome, useStatus } from './status';
import { categoryName, dueStatus, eventText, levelName, levelRaised, stateName } from './terms';
import { useNow } from './ticker';
import { formatInstant } from './time';

type T = AreaTranslate<IntakeKey>;

/** The customer's private status page (`/s/:token`). */
export default function StatusPage() {
  const { t, locale } = useCatalogue(intakeZhCN, intakeEn);
  const { params } = useRoute();
  const status = useStatus(params.token ?? '', locale);
  const { load } = status;

  if (load.status === 'loading') {
    return (
      <div class="page intake">
        <p class="lead" role="status" data-testid="status-loading">
          {t('status.loading')}
        </p>
      </div>
    );
  }
  if (load.status === 'failed') {
    if (load.failure.kind === 'notFound') {
      return (
        <div class="page intake" data-testid="link-not-found">
          <div class="intro">
            <h1>{t('fail.notFoundTitle')}</h1>
            <p class="lead">{t('status.notFound')}</p>
          </div>
        </div>
      );
    }
    return <LoadFailed t={t} failure={load.failure} onRetry={status.refresh} />;
  }
  return (
    <Ticket
      t={t}
      locale={locale}
      view={load.view}
      loadedAt={load.loadedAt}
      refreshFailed={load.refreshFailed}
      refreshing={status.refreshing}
      changes={status.changes}
      onRefresh={status.refresh}
      onConfirm={status.confirm}
    />
  );
}

function Ticket({
  t,
  locale,
  view,
  loadedAt,
  refreshFailed,
  refreshing,
  changes,
  onRefresh,
  onConfirm,
}: {
  t: T;
  locale: Locale;
  view: StatusView;
  loadedAt: number;
  refreshFailed: boolean;
  refreshing: boolean;
  changes: number;
  onRefresh: () => void;
  onConfirm: (note: string) => Promise<ConfirmOutcome>;
}) {
  const now = useNow();
  const zone = view.timeZone;
  const raised = levelRaised(view.level, view.timeline);
  const raise = latestRaise(view);
  const words: DueWords = {
    left: (time) => t('status.left', { time }),
    overdue: (time) => t('status.overdue', { time }),
    met: t('status.met'),
    none: t('status.dueNone'),
    paused: t('status.paused'),
  };
  const timeline = [...view.timeline].reverse();
  return (
    <div class="page intake" data-testid="status-page">
      <div class="intro">
        <h1 data-testid="status-number">{t('status.title', { number: view.number })}</h1>
        <p class="lead">{t('status.bookmark')}</p>
      </div>

      <p class="visually-hidden" aria-live="polite" data-testid="status-announce">
        {changes > 0 ? t('status.changed', { state: stateName(t, view.state) }) : ''}
      </p>

      <section class="card">
        <div
          class={`state-banner state-banner--${view.state}`}
          data-testid="status-state"
          data-state={view.state}
        >
          <span class="card-title">{t('status.state')}</span>
          <span class="state-name">{stateName(t, view.state)}</span>
          {view.paused && <span class="badge badge--warn">{t('status.paused')}</span>}
        </div>
        <dl class="facts">
          <div>
            <dt>{t('status.level')}</dt>
            <dd data-testid="status-level" data-level={view.level}>
              <span class={`level level--${view.level}`}>{levelName(t, view.level)}</span>
              {raised && <span class="badge badge--error">{t('status.levelRaised')}</span>}
              {raise !== null && (
                <p class="field-hint" data-testid="status-raise">
                  {raiseText(t, raise, zone, locale, now)}
                </p>
              )}
            </dd>
          </div>
          <div>
            <dt>{t('status.engineer')}</dt>
            <dd data-testid="status-engineer">{view.engineerName ?? t('status.engineerNone')}</dd>
          </div>
          <div>
            <dt>{t('status.device')}</dt>
            <dd>
              {categoryName(t, view.device.category)} · {view.device.model}
              {view.device.serial === null ? '' : ` · ${view.device.serial}`}
            </dd>
          </div>
          <div>
            <dt>{t('status.reported')}</dt>
            <dd>{formatInstant(view.reportedAt, zone, locale, now)}</dd>
          </div>
          <div>
            <dt>{t('status.arrivalDue')}</dt>
            <dd>
              <Due
                status={dueStatus('arrival', view)}
                now={now}
                timeZone={zone}
                locale={locale}
                words={words}
                testId="status-arrival"
              />
            </dd>
          </div>
          <div>
            <dt>{t('status.resolutionDue')}</dt>
            <dd>
              <Due
                status={dueStatus('resolution', view)}
                now={now}
                timeZone={zone}
                locale={locale}
                words={words}
                testId="status-resolution"
              />
            </dd>
          </div>
        </dl>
        <div class="description">
          <p class="card-title">{t('status.description')}</p>
          <p class="description-text">{view.description}</p>
        </div>
      </section>

      {view.canConfirm && <ConfirmRepair t={t} onConfirm={onConfirm} />}

      {view.confirmationCode !== null && (
        <section class="card" aria-labelledby="status-code-title" data-testid="confirmation-code">
          <h2 id="status-code-title" class="section-title">
            {t('confirm.codeTitle')}
          </h2>
          <p>{t('confirm.codeLead')}</p>
          <p class="confirmation-code" lang="en" translate={false}>
            <strong>{view.confirmationCode}</strong>
          </p>
        </section>
      )}

      <section class="card" aria-labelledby="status-timeline-title">
        <h2 id="status-timeline-title" class="section-title">
          {t('status.timeline')}
        </h2>
        <ol class="timeline" data-testid="status-timeline">
          {timeline.map((entry, index) => (
            <li key={`${entry.at}-${entry.type}-${index}`} class="timeline-entry" data-type={entry.type}>
              <time class="timeline-at" dateTime={entry.at}>
                {formatInstant(entry.at, zone, locale, now, { zone: false })}
              </time>
              <span class="timeline-text">
                {raiseEntryText(t, entry) ?? eventText(t, entry.type, entry.faultLevel)}
              </span>
              {entry.reason !== undefined && (
                <span class="timeline-reason">{t('event.reason', { reason: entry.reason })}</span>
              )}
            </li>
          ))}
        </ol>
      </section>

      <div class="refresh-row">
        <p class="field-hint">
          {refreshFailed
            ? t('status.refreshFailed')
            : t('status.updatedAt', {
                time: formatInstant(new Date(loadedAt).toISOString(), zone, locale, now),
              })}
        </p>
        <button type="button" class="button button--quiet" onClick={onRefresh} disabled={refreshing}>
          {refreshing ? t('status.refreshing') : t('status.refresh')}
        </button>
      </div>
    </div>
  );
}

function ConfirmRepair({ t, onConfirm }: { t: T; onConfirm: (note: string) => Promise<ConfirmOutcome> }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ConfirmOutcome | null>(null);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => () => dialog.current?.close(), []);

  const confirm = async () => {
    setBusy(true);
    const result = await onConfirm(note);
    setBusy(false);
    dialog.current?.close();
    setOutcome(result);
  };

  return (
    <section class="card confirm-card" data-testid="confirm-card">
      <p>{t('confirm.lead')}</p>
      <button
        type="button"
        class="button button--block button--large"
        onClick={() => {
          setOutcome(null);
          dialog.current?.showModal();
        }}
        data-testid="confirm-open"
      >
        {t('confirm.button')}
      </button>
      <p role="status" class={outcome === 'failed' ? 'field-error' : 'field-hint'}>
        {outcome === 'conflict' ? t('confirm.conflict') : outcome === 'failed' ? t('confirm.failed') : ''}
      </p>
      <dialog ref={dialog} class="dialog" aria-labelledby={titleId} aria-describedby={bodyId}>
        <h2 id={titleId} class="dialog-title">
          {t('confirm.title')}
        </h2>
        <p id={bodyId}>{t('confirm.body')}</p>
        <div class="field">
          <label for="confirm-note">{t('confirm.note')}</label>
          <textarea
            id="confirm-note"
            class="input textarea"
            rows={2}
            maxLength={500}
            value={note}
            onInput={(event) => setNote(event.currentTarget.value)}
          />
        </div>
        <div class="dialog-actions">
          <button
            type="button"
            class="button button--quiet"
            disabled={busy}
            onClick={() => dialog.current?.close()}
          >
            {t('confirm.cancel')}
          </button>
          <button
            type="button"
            class="button"
            aria-busy={busy}
            disabled={busy}
            onClick={() => void confirm()}
            data-testid="confirm-ok"
          >
            {busy ? t('confirm.sending') : t('confirm.ok')}
          </button>
        </div>
      </dialog>
    </section>
  );
}
