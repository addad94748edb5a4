import './desk.css';
import '../intake/intake.css';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { SignatureListSchema } from '../../../shared/field/schemas.ts';
import type { FaultLevel } from '../../../shared/sla/index.ts';
import { INTAKE_QUESTIONS } from '../../../shared/tickets/levels.ts';
import {
  AssignBodySchema,
  LevelBodySchema,
  ReasonBodySchema,
  type TicketDetail,
  type TicketEventView,
  type TicketNotificationView,
  type TicketView,
} from '../../../shared/tickets/schemas.ts';
import { ApiError, authJson } from '../api/client';
import { useI18n } from '../i18n/I18nProvider';
import type { Locale } from '../i18n/locale';
import { type AreaTranslate, useCatalogue } from '../intake/catalogue';
import { Due, type DueWords } from '../intake/Due';
import { intakeEn } from '../intake/i18n.en';
import { type IntakeKey, intakeZhCN } from '../intake/i18n.zh-CN';
import { categoryName, dueStatus, eventText, levelName, stateName } from '../intake/terms';
import { useNow } from '../intake/ticker';
import { formatInstant } from '../intake/time';
import { type ActionFailure, takes } from './actions';
import type { StaffMember, TicketAction } from './api';
import { boardMarks } from './board';
import { ConfirmDialog } from './ConfirmDialog';
import { DeskGate } from './gate';
import { deskEn } from './i18n.en';
import { type DeskKey, deskZhCN } from './i18n.zh-CN';
import { type ActionResult, useDeskChoices, useTicket } from './store';
import {
  type FieldEntry,
  fieldEntry,
  firingText,
  isFiring,
  missedTargetText,
  type SignatureRef,
  smsDetailText,
  smsOfFiring,
  smsRecipientText,
  type TimelineWords,
  voidText,
} from './timeline';

type DT = AreaTranslate<DeskKey>;
type IT = AreaTranslate<IntakeKey>;

/** `/desk/tickets/:id`: one ticket, its history and the desk's actions on it. */
export default function TicketPage() {
  return (
    <DeskGate>
      <TicketScreen />
    </DeskGate>
  );
}

type Message = { tone: 'ok' | 'warn' | 'error'; text: string } | null;

function failureText(t: DT, failure: ActionFailure): string {
  switch (failure.kind) {
    case 'conflict':
      return t('action.conflict');
    case 'offline':
      return t('action.offline');
    case 'rejected':
      return t('action.rejected', { message: failure.message });
    case 'signedOut':
    case 'failed':
      return t('action.failed');
  }
}

function TicketScreen() {
  const { t, locale } = useCatalogue(deskZhCN, deskEn);
  const { t: it } = useCatalogue(intakeZhCN, intakeEn);
  const { params } = useRoute();
  const ticket = useTicket(params.id ?? '', locale);
  const { staff, engineers } = useDeskChoices(locale);
  const [message, setMessage] = useState<Message>(null);
  const { load } = ticket;

  const run = async (action: TicketAction): Promise<boolean> => {
    setMessage(null);
    const result: ActionResult = await ticket.act(action);
    if (result.ok) setMessage({ tone: 'ok', text: t('action.done') });
    else
      setMessage({
        tone: result.failure.kind === 'conflict' ? 'warn' : 'error',
        text: failureText(t, result.failure),
      });
    return result.ok;
  };

  return (
    <div class="page desk-wide" data-testid="desk-ticket">
      <a class="back-link" href="/desk/board">
        ← {t('ticket.back')}
      </a>
      {load.status === 'loading' && (
        <p class="lead" role="status">
          {t('ticket.loading')}
        </p>
      )}
      {load.status === 'failed' &&
        (load.notFound ? (
          <p class="notice notice--warn" data-testid="ticket-not-found">
            {t('ticket.notFound')}
          </p>
        ) : (
          <div class="form-error" role="alert">
            {load.offline ? t('action.offline') : t('ticket.failed')}{' '}
            <button type="button" class="link-button" onClick={ticket.reload}>
              {t('ticket.retry')}
            </button>
          </div>
        ))}
      {load.status === 'ready' && (
        <Detail
          t={t}
          it={it}
          locale={locale}
          detail={load.data}
          staff={staff}
          engineers={engineers}
          busy={ticket.busy}
          message={message}
          run={run}
        />
      )}
    </div>
  );
}

function Detail({
  t,
  it,
  locale,
  detail,
  staff,
  engineers,
  busy,
  message,
  run,
}: {
  t: DT;
  it: IT;
  locale: Locale;
  detail: TicketDetail;
  staff: StaffMember[];
  engineers: StaffMember[];
  busy: TicketAction['command'] | null;
  message: Message;
  run: (action: TicketAction) => Promise<boolean>;
}) {
  const now = useNow();
  const { t: tApp } = useI18n();
  const { ticket, timeline, notifications } = detail;
  const zone = ticket.timeZone;
  const timelineWords: TimelineWords = { t, it, locale, timeZone: zone, now };
  const words: DueWords = {
    left: (time) => it('status.left', { time }),
    overdue: (time) => it('status.overdue', { time }),
    met: it('status.met'),
    none: it('status.dueNone'),
    paused: it('status.paused'),
  };
  const names = new Map(staff.map((s) => [s.staffId, s.name]));
  const actor = (event: TicketEventView) =>
    event.actor.kind === 'system'
      ? t('ticket.actor.system')
      : event.actor.kind === 'link'
        ? t('ticket.actor.link')
        : (names.get(event.actor.id) ?? t('ticket.actor.staff', { id: event.actor.id }));
  const yesNo = (value: boolean | undefined) =>
    value === true ? t('ticket.answer.yes') : t('ticket.answer.no');

  return (
    <>
      <div class="desk-head">
        <div class="intro">
          <h1 data-testid="ticket-number">{ticket.number}</h1>
          <p class="ticket-badges">
            <span class={`level-chip level-chip--${ticket.level}`}>{levelName(it, ticket.level)}</span>
            <span class="badge" data-testid="ticket-state">
              {stateName(it, ticket.state)}
            </span>
            {ticket.paused && <span class="badge badge--warn">{t('board.paused')}</span>}
            {boardMarks(t, ticket).map((mark) => (
              <span
                key={mark.kind}
                class={`badge ${mark.kind === 'tier' || mark.kind === 'checkIn' ? 'badge--warn' : 'badge--error'}`}
                data-testid={`ticket-mark-${mark.kind}`}
              >
                {mark.text}
              </span>
            ))}
          </p>
        </div>
        <div class="desk-head-side">
          <a
            class="button button--quiet"
            href={`/desk/audit?entity=ticket&id=${encodeURIComponent(ticket.ticketId)}`}
            data-testid="ticket-audit-link"
          >
            {tApp('nav.audit')}
          </a>
        </div>
      </div>
      <p
        class={message === null ? 'visually-hidden' : `action-message action-message--${message.tone}`}
        role={message?.tone === 'ok' || message === null ? 'status' : 'alert'}
        data-testid="action-message"
      >
        {message?.text ?? ''}
      </p>
      <div class="ticket-grid">
        <div class="ticket-main">
          <section class="card">
            <dl class="facts facts--two">
              <div>
                <dt>{t('ticket.contract')}</dt>
                <dd>
                  {ticket.contractName} · {t('ticket.serviceLevel', { level: ticket.serviceLevel })}
                </dd>
              </div>
              <div>
                <dt>{t('ticket.device')}</dt>
                <dd>
                  {categoryName(it, ticket.device.category)} · {ticket.device.model}
                  {ticket.device.serial === null ? '' : ` · ${ticket.device.serial}`}
                </dd>
              </div>
              <div>
                <dt>{t('ticket.reporter')}</dt>
                <dd>
                  {ticket.reporter.name} ·{' '}
                  <a href={`tel:${ticket.reporter.phone}`}>{ticket.reporter.phone}</a>
                </dd>
              </div>
              <div>
                <dt>{t('ticket.engineer')}</dt>
                <dd data-testid="ticket-engineer">{ticket.assignedEngineerName ?? t('board.unassigned')}</dd>
              </div>
              <div>
                <dt>{t('ticket.reported')}</dt>
                <dd>{formatInstant(ticket.reportedAt, zone, locale, now)}</dd>
              </div>
              <div>
                <dt>{t('ticket.accepted')}</dt>
                <dd>{formatInstant(ticket.acceptedAt, zone, locale, now)}</dd>
              </div>
              <div>
                <dt>{t('ticket.arrivalDue')}</dt>
                <dd>
                  <Due
                    status={dueStatus('arrival', ticket)}
                    now={now}
                    timeZone={zone}
                    locale={locale}
                    words={words}
                  />
                </dd>
              </div>
              <div>
                <dt>{t('ticket.resolutionDue')}</dt>
                <dd>
                  <Due
                    status={dueStatus('resolution', ticket)}
                    now={now}
                    timeZone={zone}
                    locale={locale}
                    words={words}
                  />
                </dd>
              </div>
            </dl>
            <div class="description">
              <p class="card-title">{t('ticket.description')}</p>
              <p class="description-text">{ticket.description}</p>
            </div>
            <div class="description">
              <p class="card-title">{t('ticket.answers')}</p>
              <ul class="answers">
                {(['serviceDown', 'businessInterrupted', 'dataLost', 'degraded'] as const)
                  .filter((id) => ticket.answers[id] !== undefined)
                  .map((id) => (
                    <li key={id}>
                      {QUESTIONS[id][locale]} <strong>{yesNo(ticket.answers[id])}</strong>
                    </li>
                  ))}
              </ul>
              <p class="field-hint">{t('ticket.proposed', { level: levelName(it, ticket.proposedLevel) })}</p>
            </div>
          </section>
          <section class="card" aria-labelledby="ticket-timeline-title">
            <h2 id="ticket-timeline-title" class="section-title">
              {t('ticket.timeline')}
            </h2>
            <ol class="timeline" data-testid="ticket-timeline">
              {[...timeline].reverse().map((event) => {
                const field = fieldEntry(timelineWords, event);
                return field !== null ? (
                  <FieldEntryView
                    key={event.seq}
                    words={timelineWords}
                    ticketId={ticket.ticketId}
                    event={event}
                    entry={field}
                    actor={actor(event)}
                  />
                ) : isFiring(event) ? (
                  <FiringEntry
                    key={event.seq}
                    words={timelineWords}
                    event={event}
                    actor={actor(event)}
                    sms={smsOfFiring(notifications, event)}
                  />
                ) : (
                  <li key={event.seq} class="timeline-entry" data-type={event.type}>
                    <time class="timeline-at" dateTime={event.at}>
                      {formatInstant(event.at, zone, locale, now, { zone: false })} · {actor(event)}
                    </time>
                    <span class="timeline-text">
                      {eventText(it, event.type, levelOf(event))}
                      {event.type === 'assigned' && typeof event.data.engineerName === 'string'
                        ? `: ${event.data.engineerName}`
                        : ''}
                    </span>
                    {event.reason !== null && (
                      <span class="timeline-reason">{it('event.reason', { reason: event.reason })}</span>
                    )}
                  </li>
                );
              })}
            </ol>
          </section>
        </div>
        <div class="ticket-side">
          <Actions t={t} it={it} ticket={ticket} engineers={engineers} busy={busy} run={run} />
        </div>
      </div>
    </>
  );
}

/**
 * A timer firing: what fell due (an escalation with its missed target), struck through with the reason
 * when the SLA engine no longer counts it, and each SMS it sent with its status.
 */
function FiringEntry({
  words,
  event,
  actor,
  sms,
}: {
  words: TimelineWords;
  event: TicketEventView;
  actor: string;
  sms: TicketNotificationView[];
}) {
  const { t, locale, timeZone, now } = words;
  const text = firingText(words, event) ?? eventText(words.it, event.type, levelOf(event));
  const missed = missedTargetText(words, event);
  const voided = voidText(t, event);
  return (
    <li
      class={`timeline-entry timeline-entry--firing${voided === null ? '' : ' timeline-entry--void'}`}
      data-type={event.type}
      data-testid="timeline-firing"
      data-void={voided === null ? undefined : 'true'}
    >
      <time class="timeline-at" dateTime={event.at}>
        {formatInstant(event.at, timeZone, locale, now, { zone: false })} · {actor}
      </time>
      {voided === null ? (
        <span class="timeline-text">{text}</span>
      ) : (
        <span class="timeline-text">
          <del>{text}</del> <strong class="badge badge--warn">{voided}</strong>
        </span>
      )}
      {missed !== null && (
        <span class="timeline-reason" data-testid="firing-missed-target">
          {voided === null ? missed : <del>{missed}</del>}
        </span>
      )}
      {sms.length > 0 && (
        <ul class="sms-list">
          {sms.map((n) => (
            <li
              key={`${n.firing}|${n.recipient.kind}:${n.recipient.id}`}
              class={`sms sms--${n.status}`}
              data-testid="timeline-sms"
              data-status={n.status}
            >
              <span class="sms-to">{smsRecipientText(t, n)}</span>
              <span class="sms-detail">{smsDetailText(words, n)}</span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

/**
 * What the engineer recorded on the phone: the line, its flag in words (a check-in beyond the site's
 * radius or without a position, a check-out without the customer's confirmation), the GPS accuracy, the
 * phone's time against the server's receipt and any correction, and a customer's signature.
 */
function FieldEntryView({
  words,
  ticketId,
  event,
  entry,
  actor,
}: {
  words: TimelineWords;
  ticketId: string;
  event: TicketEventView;
  entry: FieldEntry;
  actor: string;
}) {
  const { it, locale, timeZone, now } = words;
  return (
    <li
      class={`timeline-entry timeline-entry--field${entry.flag === null ? '' : ' timeline-entry--flagged'}`}
      data-type={event.type}
      data-testid="timeline-field"
      data-flagged={entry.flag === null ? undefined : 'true'}
    >
      <time class="timeline-at" dateTime={event.at}>
        {formatInstant(event.at, timeZone, locale, now, { zone: false })} · {actor}
      </time>
      <span class="timeline-text">{entry.text}</span>
      {entry.flag !== null && (
        <span class="timeline-flag" data-testid="field-flag">
          <strong class="badge badge--warn">⚠ {entry.flag}</strong>
        </span>
      )}
      {event.reason !== null && entry.flag === null && (
        <span class="timeline-reason">{it('event.reason', { reason: event.reason })}</span>
      )}
      {entry.details.map((line) => (
        <span key={line} class="timeline-reason" data-testid="field-detail">
          {line}
        </span>
      ))}
      {entry.signature !== null && (
        <SignatureImage t={words.t} locale={locale} ticketId={ticketId} signature={entry.signature} />
      )}
    </li>
  );
}

type SignatureLoad = { status: 'loading' } | { status: 'failed' } | { status: 'ready'; png: string | null };

/** A ticket's signatures, read once per ticket and page view (only when a signature is on screen). */
const signatureReads = new Map<string, Promise<Map<string, string>>>();

function signaturesOf(ticketId: string, locale: Locale): Promise<Map<string, string>> {
  let read = signatureReads.get(ticketId);
  if (read === undefined) {
    read = authJson(
      `/desk/tickets/${encodeURIComponent(ticketId)}/signatures`,
      (body) => SignatureListSchema.parse(body),
      { lang: locale },
    ).then((list) => new Map(list.signatures.map((s) => [s.signatureId, s.png])));
    read.catch(() => signatureReads.delete(ticketId));
    signatureReads.set(ticketId, read);
  }
  return read;
}

/** One signature's image; a ticket's list read before that signature arrived is read again, once. */
async function signatureOf(ticketId: string, signatureId: string, locale: Locale): Promise<string | null> {
  const first = await signaturesOf(ticketId, locale);
  if (first.has(signatureId)) return first.get(signatureId) ?? null;
  signatureReads.delete(ticketId);
  return (await signaturesOf(ticketId, locale)).get(signatureId) ?? null;
}

/** The customer's signature image, fetched from the signatures route when the entry is shown. */
function SignatureImage({
  t,
  locale,
  ticketId,
  signature,
}: {
  t: DT;
  locale: Locale;
  ticketId: string;
  signature: SignatureRef;
}) {
  const [load, setLoad] = useState<SignatureLoad>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    signatureOf(ticketId, signature.signatureId, locale).then(
      (png) => {
        if (live) setLoad({ status: 'ready', png });
      },
      (error: unknown) => {
        if (live && !(error instanceof ApiError && error.kind === 'aborted')) setLoad({ status: 'failed' });
      },
    );
    return () => {
      live = false;
    };
  }, [ticketId, signature.signatureId]);
  if (load.status === 'loading') {
    return <span class="timeline-reason">{t('field.signature.loading')}</span>;
  }
  if (load.status === 'failed') return <span class="timeline-reason">{t('field.signature.failed')}</span>;
  if (load.png === null) return <span class="timeline-reason">{t('field.signature.missing')}</span>;
  return (
    <img
      class="signature-image"
      src={load.png}
      alt={t('field.signature.alt', { name: signature.signerName })}
      loading="lazy"
      data-testid="field-signature"
    />
  );
}

function levelOf(event: TicketEventView): number | undefined {
  const level = event.data.faultLevel;
  return typeof level === 'number' ? level : undefined;
}

// The question texts live with the form (shared/tickets/levels.ts); the desk shows the same words.
const QUESTIONS = Object.fromEntries(INTAKE_QUESTIONS.map((q) => [q.id, q.text])) as Record<
  (typeof INTAKE_QUESTIONS)[number]['id'],
  { 'zh-CN': string; en: string }
>;

function ReasonField({
  id,
  label,
  value,
  error,
  onInput,
}: {
  id: string;
  label: string;
  value: string;
  error: string | null;
  onInput: (value: string) => void;
}) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <textarea
        id={id}
        class="input textarea textarea--short"
        rows={2}
        maxLength={500}
        value={value}
        aria-invalid={error !== null}
        aria-describedby={error === null ? undefined : `${id}-error`}
        onInput={(event) => onInput(event.currentTarget.value)}
      />
      {error !== null && (
        <p id={`${id}-error`} class="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

function Actions({
  t,
  it,
  ticket,
  engineers,
  busy,
  run,
}: {
  t: DT;
  it: IT;
  ticket: TicketView;
  engineers: StaffMember[];
  busy: TicketAction['command'] | null;
  run: (action: TicketAction) => Promise<boolean>;
}) {
  const version = ticket.version;
  const canAssign = takes(ticket, 'assign');
  const canTriage = takes(ticket, 'triage');
  const canPause = takes(ticket, 'pause');
  const canResume = takes(ticket, 'resume');
  const canClose = takes(ticket, 'close');
  const none = !canAssign && !canTriage && !canPause && !canResume && !canClose;
  return (
    <section class="card actions-card" aria-labelledby="actions-title">
      <h2 id="actions-title" class="section-title">
        {t('action.title')}
      </h2>
      {none && <p class="field-hint">{t('action.none')}</p>}
      {canAssign && <AssignForm t={t} ticket={ticket} engineers={engineers} busy={busy} run={run} />}
      {canTriage && <LevelForm t={t} it={it} ticket={ticket} busy={busy} run={run} />}
      {(canPause || canResume) && (
        <ReasonAction
          t={t}
          key={`pause-${version}`}
          command={canPause ? 'pause' : 'resume'}
          title={canPause ? t('action.pause') : t('action.resume')}
          hint={canPause ? t('action.pause.hint') : undefined}
          submit={canPause ? t('action.pause.submit') : t('action.resume.submit')}
          version={version}
          busy={busy}
          run={run}
        />
      )}
      {canClose && (
        <ReasonAction
          t={t}
          command="close"
          title={t('action.close')}
          submit={t('action.close.submit')}
          confirm={{ title: t('action.close.confirmTitle'), body: t('action.close.confirmBody') }}
          version={version}
          busy={busy}
          run={run}
        />
      )}
    </section>
  );
}

function AssignForm({
  t,
  ticket,
  engineers,
  busy,
  run,
}: {
  t: DT;
  ticket: TicketView;
  engineers: StaffMember[];
  busy: TicketAction['command'] | null;
  run: (action: TicketAction) => Promise<boolean>;
}) {
  const [engineerId, setEngineerId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const chosen = engineers.find((e) => e.staffId === engineerId);
  const reassign = ticket.assignedEngineerId !== null && ticket.assignedEngineerId !== engineerId;

  const send = async () => {
    const body = AssignBodySchema.safeParse({ engineerId, expectedVersion: ticket.version });
    if (!body.success) {
      setError(t('action.assign.choose'));
      return;
    }
    const ok = await run({ command: 'assign', body: body.data });
    setConfirming(false);
    if (ok) setEngineerId('');
  };

  return (
    <form
      class="action"
      data-testid="action-assign"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (engineerId === '') {
          setError(t('action.assign.choose'));
          return;
        }
        if (reassign) setConfirming(true);
        else void send();
      }}
    >
      <h3 class="action-title">{t('action.assign')}</h3>
      {engineers.length === 0 ? (
        <p class="field-hint">{t('action.assign.noEngineers')}</p>
      ) : (
        <div class="field">
          <label for="assign-engineer">{t('action.assign.engineer')}</label>
          <select
            id="assign-engineer"
            class="input select"
            value={engineerId}
            aria-invalid={error !== null}
            onChange={(event) => {
              setEngineerId(event.currentTarget.value);
              setError(null);
            }}
          >
            <option value="">{t('action.assign.choose')}</option>
            {engineers.map((engineer) => (
              <option
                key={engineer.staffId}
                value={engineer.staffId}
                disabled={engineer.staffId === ticket.assignedEngineerId}
              >
                {engineer.name}
              </option>
            ))}
          </select>
          {error !== null && <p class="field-error">{error}</p>}
        </div>
      )}
      <button
        type="submit"
        class="button"
        disabled={busy !== null || engineers.length === 0}
        aria-busy={busy === 'assign'}
      >
        {busy === 'assign' ? t('action.sending') : t('action.assign.submit')}
      </button>
      <ConfirmDialog
        open={confirming}
        title={t('action.assign.confirmTitle')}
        body={t('action.assign.confirmBody', {
          current: ticket.assignedEngineerName ?? '',
          next: chosen?.name ?? '',
        })}
        confirmLabel={t('action.assign.submit')}
        cancelLabel={t('action.cancel')}
        busy={busy === 'assign'}
        onConfirm={() => void send()}
        onCancel={() => setConfirming(false)}
      />
    </form>
  );
}

function LevelForm({
  t,
  it,
  ticket,
  busy,
  run,
}: {
  t: DT;
  it: IT;
  ticket: TicketView;
  busy: TicketAction['command'] | null;
  run: (action: TicketAction) => Promise<boolean>;
}) {
  const [level, setLevel] = useState<FaultLevel>(ticket.level);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const changes = level !== ticket.level;
  // A reload (someone else changed it) shows the level as it is now.
  const seen = useRef(ticket.version);
  useEffect(() => {
    if (seen.current === ticket.version) return;
    seen.current = ticket.version;
    setLevel(ticket.level);
  }, [ticket.version, ticket.level]);

  const send = async () => {
    const body = LevelBodySchema.safeParse({ faultLevel: level, reason, expectedVersion: ticket.version });
    if (!body.success) {
      setConfirming(false);
      setError(t('action.reasonRequired'));
      return;
    }
    const ok = await run({ command: 'level', body: body.data });
    setConfirming(false);
    if (ok) setReason('');
  };

  return (
    <form
      class="action"
      data-testid="action-level"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (reason.trim() === '') {
          setError(t('action.reasonRequired'));
          return;
        }
        if (changes) setConfirming(true);
        else void send();
      }}
    >
      <h3 class="action-title">{t('action.level')}</h3>
      <fieldset class="level-choice">
        <legend class="visually-hidden">{t('action.level.level')}</legend>
        {([1, 2, 3] as const).map((value) => (
          <label class="choice" key={value}>
            <input
              type="radio"
              class="choice-input"
              name="fault-level"
              checked={level === value}
              onChange={() => setLevel(value)}
            />
            <span class="choice-face choice-face--small">{t(`level.short.${value}`)}</span>
          </label>
        ))}
      </fieldset>
      <ReasonField
        id="level-reason"
        label={t('action.reason')}
        value={reason}
        error={error}
        onInput={(value) => {
          setReason(value);
          setError(null);
        }}
      />
      <button type="submit" class="button" disabled={busy !== null} aria-busy={busy === 'level'}>
        {busy === 'level'
          ? t('action.sending')
          : changes
            ? t('action.level.change')
            : t('action.level.confirm')}
      </button>
      <ConfirmDialog
        open={confirming}
        title={t('action.level.confirmTitle')}
        body={t('action.level.confirmBody', { from: levelName(it, ticket.level), to: levelName(it, level) })}
        confirmLabel={t('action.level.change')}
        cancelLabel={t('action.cancel')}
        busy={busy === 'level'}
        onConfirm={() => void send()}
        onCancel={() => setConfirming(false)}
      />
    </form>
  );
}

function ReasonAction({
  t,
  command,
  title,
  hint,
  submit,
  confirm,
  version,
  busy,
  run,
}: {
  t: DT;
  command: 'pause' | 'resume' | 'close';
  title: string;
  hint?: string | undefined;
  submit: string;
  confirm?: { title: string; body: string };
  version: number;
  busy: TicketAction['command'] | null;
  run: (action: TicketAction) => Promise<boolean>;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  const send = async () => {
    const body = ReasonBodySchema.safeParse({ reason, expectedVersion: version });
    if (!body.success) {
      setConfirming(false);
      setError(t('action.reasonRequired'));
      return;
    }
    const ok = await run({ command, body: body.data });
    setConfirming(false);
    if (ok) setReason('');
  };

  return (
    <form
      class="action"
      data-testid={`action-${command}`}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (reason.trim() === '') {
          setError(t('action.reasonRequired'));
          return;
        }
        if (confirm !== undefined) setConfirming(true);
        else void send();
      }}
    >
      <h3 class="action-title">{title}</h3>
      {hint !== undefined && <p class="field-hint">{hint}</p>}
      <ReasonField
        id={`${command}-reason`}
        label={t('action.reason')}
        value={reason}
        error={error}
        onInput={(value) => {
          setReason(value);
          setError(null);
        }}
      />
      <button
        type="submit"
        class={command === 'close' ? 'button button--danger' : 'button button--quiet'}
        disabled={busy !== null}
        aria-busy={busy === command}
      >
        {busy === command ? t('action.sending') : submit}
      </button>
      {confirm !== undefined && (
        <ConfirmDialog
          open={confirming}
          title={confirm.title}
          body={confirm.body}
          confirmLabel={submit}
          cancelLabel={t('action.cancel')}
          danger
          busy={busy === command}
          onConfirm={() => void send()}
          onCancel={() => setConfirming(false)}
        />
      )}
    </form>
  );
}
