import { useState } from 'preact/hooks';
import type { FieldAction } from '../../../shared/field/schemas.ts';
import type { TicketEventView } from '../../../shared/tickets/schemas.ts';
import { ConfirmDialog } from '../desk/ConfirmDialog';
import { categoryName, dueStatus, eventText, levelName } from '../intake/terms';
import { useNow } from '../intake/ticker';
import { formatInstant } from '../intake/time';
import { ActionSheet } from './ActionSheets';
import { Countdown } from './Countdown';
import { type FT, type IT, useFieldCatalogue, useTermsCatalogue } from './catalogue';
import { mapLinks } from './geo';
import { allowedActions, type FieldActionKind, type TicketProjection } from './projection';
import { act } from './store';
import { useProjected } from './views';

const CONFIRM_ONLY: ReadonlySet<FieldActionKind> = new Set(['accept', 'depart']);

/** `/field/tickets/:id`: the ticket, its site, contacts and device, its history, and what can be done now. */
export function TicketDetail({ ticketId }: { ticketId: string }) {
  const { t, locale } = useFieldCatalogue();
  const { t: it } = useTermsCatalogue();
  const { data, tickets } = useProjected();
  const now = useNow();
  const [open, setOpen] = useState<FieldActionKind | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const view = tickets.find((each) => each.ticket.id === ticketId);
  if (data === null) {
    return (
      <p class="lead" role="status">
        {t('field.loading')}
      </p>
    );
  }
  if (view === undefined) {
    return (
      <div class="page field-page">
        <a href="/field">{t('ticket.back')}</a>
        <p class="notice notice--warn">{t('ticket.notFound')}</p>
      </div>
    );
  }
  const { ticket } = view;
  const clocks = { ...ticket, state: view.state, paused: view.paused };
  const actions = allowedActions(view);
  const at = (iso: string) => formatInstant(iso, ticket.timeZone, locale, now);

  const queue = async (action: FieldAction) => {
    setOpen(null);
    setMessage(null);
    try {
      await act(action);
      setMessage({ ok: true, text: t('action.saved') });
    } catch {
      setMessage({ ok: false, text: t('action.failed') });
    }
  };

  return (
    <div class="page field-page" data-testid="field-ticket">
      <a href="/field">{t('ticket.back')}</a>
      <div class="intro">
        <h1>
          {ticket.number}{' '}
          <span class={`level level--${ticket.faultLevel}`}>{levelName(it, ticket.faultLevel)}</span>
        </h1>
        <p class="field-state" data-testid="ticket-state">
          {t(`state.${view.state}`)}
        </p>
      </div>
      <div class="field-clocks">
        <Countdown
          label={t('tickets.arrival')}
          status={dueStatus('arrival', clocks)}
          now={now}
          t={t}
          locale={locale}
          testId="arrival-clock"
        />
        <Countdown
          label={t('tickets.resolution')}
          status={dueStatus('resolution', clocks)}
          now={now}
          t={t}
          locale={locale}
          testId="resolution-clock"
        />
      </div>
      <Marks view={view} t={t} at={at} />

      <section class="card">
        <h2 class="card-title">{t('ticket.description')}</h2>
        <p class="field-text">{ticket.description}</p>
      </section>

      <section class="card" data-testid="ticket-site">
        <h2 class="card-title">{t('ticket.site')}</h2>
        {ticket.site === null ? (
          <p>{t('ticket.noSite')}</p>
        ) : (
          <>
            <p>
              <strong>{ticket.site.name}</strong>
              <br />
              {ticket.site.address}
            </p>
            <p class="field-links">
              <a class="button button--quiet" href={mapLinks(ticket.site).geo} data-testid="map-geo">
                {t('ticket.mapApp')}
              </a>
              <a
                class="button button--quiet"
                href={mapLinks(ticket.site).web}
                target="_blank"
                rel="noopener noreferrer"
                data-testid="map-web"
              >
                {t('ticket.mapWeb')}
              </a>
            </p>
          </>
        )}
      </section>

      <section class="card">
        <h2 class="card-title">{t('ticket.contacts')}</h2>
        {ticket.contacts.length === 0 ? (
          <p>{t('ticket.noContacts')}</p>
        ) : (
          <ul class="field-contacts">
            {ticket.contacts.map((contact) => (
              <li key={`${contact.name}-${contact.phone}`}>
                <span>
                  {contact.name} · {contact.role}
                </span>
                <a
                  class="button button--quiet"
                  href={`tel:${contact.phone.replace(/[^\d+]/g, '')}`}
                  aria-label={t('ticket.call', { name: contact.name, phone: contact.phone })}
                >
                  {contact.phone}
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>

      {ticket.device !== null && (
        <section class="card">
          <h2 class="card-title">{t('ticket.device')}</h2>
          <p>
            {categoryName(it, ticket.device.category)} · {ticket.device.model}
            {ticket.device.serial !== null && (
              <>
                <br />
                {t('ticket.serial', { serial: ticket.device.serial })}
              </>
            )}
          </p>
        </section>
      )}

      <section class="card">
        <h2 class="card-title">{t('ticket.timeline')}</h2>
        <ol class="field-timeline" data-testid="ticket-timeline">
          {ticket.timeline.map((event) => (
            <li key={event.seq}>
              <time dateTime={event.at}>{at(event.at)}</time> {timelineText(t, it, event)}
              {event.reason !== null && <span class="field-hint"> · {event.reason}</span>}
            </li>
          ))}
          {view.pending.map((entry) => (
            <li key={entry.clientId} class="field-timeline-pending" data-testid="timeline-pending">
              <time dateTime={entry.recordedAt}>{at(entry.recordedAt)}</time> {t(kindKey(entry.kind))}
              {entry.text !== null && <span> · {entry.text}</span>}{' '}
              <span class="badge">{t('ticket.pending')}</span>
            </li>
          ))}
        </ol>
      </section>

      {message !== null && (
        <p class={message.ok ? 'notice' : 'notice notice--warn'} role="status" data-testid="action-message">
          {message.text}
        </p>
      )}

      {actions.length === 0 ? (
        <p class="field-hint">{t('action.none')}</p>
      ) : (
        <>
          {actions.length > 1 && (
            <section class="field-actions" aria-label={t('action.title')}>
              {actions.slice(1).map((kind) => (
                <button
                  key={kind}
                  type="button"
                  class="button button--quiet button--block"
                  onClick={() => setOpen(kind)}
                  data-testid={`action-${kind}`}
                >
                  {t(kindKey(kind))}
                </button>
              ))}
            </section>
          )}
          {/* The next step of the life cycle stays at the bottom of the screen, under the thumb. */}
          <div class="field-actions-main">
            <button
              type="button"
              class="button button--block"
              onClick={() => setOpen(actions[0] ?? null)}
              data-testid={`action-${actions[0]}`}
            >
              {actions[0] === undefined ? '' : t(kindKey(actions[0]))}
            </button>
          </div>
        </>
      )}

      {open !== null && CONFIRM_ONLY.has(open) && (
        <ConfirmDialog
          open
          title={t(open === 'accept' ? 'action.confirmTitle.accept' : 'action.confirmTitle.depart')}
          body={t(open === 'accept' ? 'action.confirmBody.accept' : 'action.confirmBody.depart')}
          confirmLabel={t(kindKey(open))}
          cancelLabel={t('action.cancel')}
          onConfirm={() => void queue({ kind: open === 'accept' ? 'accept' : 'depart', ticketId: ticket.id })}
          onCancel={() => setOpen(null)}
        />
      )}
      {open !== null && !CONFIRM_ONLY.has(open) && (
        <ActionSheet
          kind={open}
          view={view}
          onQueue={(action) => void queue(action)}
          onClose={() => setOpen(null)}
        />
      )}
    </div>
  );
}

function kindKey(kind: string) {
  switch (kind) {
    case 'accept':
    case 'depart':
    case 'checkIn':
    case 'note':
    case 'part':
    case 'standby':
    case 'resolve':
    case 'confirm':
    case 'checkOut':
      return `action.${kind}` as const;
    default:
      return 'action.answer' as const;
  }
}

function Marks({ view, t, at }: { view: TicketProjection; t: FT; at: (iso: string) => string }) {
  const marks: string[] = [];
  if (view.checkIn !== null) {
    marks.push(t('ticket.checkedIn', { time: at(view.checkIn.at) }));
    if (view.checkIn.distanceM !== null)
      marks.push(t('ticket.distance', { distance: view.checkIn.distanceM }));
    if (view.checkIn.flag === 'beyondRadius') marks.push(t('ticket.beyondRadius'));
    if (view.checkIn.flag === 'noPosition') marks.push(t('ticket.noPosition'));
  }
  if (view.checkOut !== null) {
    marks.push(t('ticket.checkedOut', { time: at(view.checkOut.at) }));
    if (view.checkOut.flagged) marks.push(t('ticket.flagged'));
  }
  if (marks.length === 0) return null;
  return (
    <p class="field-marks" data-testid="ticket-marks">
      {marks.join(' · ')}
    </p>
  );
}

/** One line of the history: the field's own events in the field's words, the rest as the desk words them. */
function timelineText(t: FT, it: IT, event: TicketEventView): string {
  const data = event.data;
  const str = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : '');
  let text: string;
  if (event.type === 'engineerAccepted') text = t('event.engineerAccepted');
  else if (event.type === 'workNote') text = t('event.workNote', { text: str('text') });
  else if (event.type === 'partReplaced')
    text = t('event.partReplaced', {
      description: str('description'),
      serialOut: str('serialOut'),
      serialIn: str('serialIn'),
    });
  else if (event.type === 'standbyLent')
    text = t('event.standbyLent', { description: str('description'), serial: str('serial') });
  else text = eventText(it, event.type, typeof data.faultLevel === 'number' ? data.faultLevel : undefined);
  const corrected =
    event.timing?.corrected === true || (Array.isArray(data.corrections) && data.corrections.length > 0);
  if (corrected) text = `${text} ${t('event.corrected')}`;
  // A timer firing the SLA engine no longer counts (the fault was in fact met in time): kept, marked void.
  if (event.void !== undefined) text = `${text} ${t('event.void')}`;
  return text;
}
