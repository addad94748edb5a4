import { categoryName, dueStatus, levelName } from '../intake/terms';
import { useNow } from '../intake/ticker';
import { Countdown } from './Countdown';
import { useFieldCatalogue, useTermsCatalogue } from './catalogue';
import { useProjected } from './views';

/** `/field`: my tickets, the soonest breach first, with live SLA countdowns. */
export function TicketsList() {
  const { t, locale } = useFieldCatalogue();
  const { t: it } = useTermsCatalogue();
  const { data, storageFailed, tickets } = useProjected();
  const now = useNow();

  return (
    <div class="page field-page" data-testid="field-tickets">
      <h1>{t('tickets.title')}</h1>
      {storageFailed && <p class="notice notice--warn">{t('field.storageFailed')}</p>}
      {data === null && !storageFailed && (
        <p class="lead" role="status">
          {t('field.loading')}
        </p>
      )}
      {data !== null && data.meta.lastSyncAt === null && tickets.length === 0 && (
        <p class="notice">{t('field.neverSynced')}</p>
      )}
      {data !== null && data.meta.lastSyncAt !== null && tickets.length === 0 && (
        <p class="lead" data-testid="tickets-empty">
          {t('tickets.empty')}
        </p>
      )}
      <ul class="field-list">
        {tickets.map((view) => {
          const { ticket } = view;
          const clocks = { ...ticket, state: view.state, paused: view.paused };
          return (
            <li key={ticket.id}>
              <a
                class="field-card"
                href={`/field/tickets/${encodeURIComponent(ticket.id)}`}
                data-testid="ticket-card"
              >
                <span class="field-card-head">
                  <span class="field-number">{ticket.number}</span>
                  <span class={`level level--${ticket.faultLevel}`}>{levelName(it, ticket.faultLevel)}</span>
                </span>
                <span class="field-card-line">
                  <span class="field-state" data-testid="ticket-state">
                    {t(`state.${view.state}`)}
                  </span>
                  {view.pending.length > 0 && (
                    <span class="badge">{t('tickets.pendingBadge', { count: view.pending.length })}</span>
                  )}
                </span>
                <span class="field-card-line">
                  {ticket.device
                    ? `${categoryName(it, ticket.device.category)} · ${ticket.device.model}`
                    : ''}
                  {ticket.site ? ` · ${ticket.site.name}` : ''}
                </span>
                <span class="field-clocks">
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
                </span>
              </a>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
