import '../desk/desk.css';
import './register.css';
import { useRoute } from 'preact-iso';
import type { ContractView, SiteView } from '../../../shared/contracts/schemas.ts';
import type { DeviceView } from '../../../shared/devices/schemas.ts';
import type { DeskVisit, DeviceHistory } from '../../../shared/field/schemas.ts';
import type { TicketView } from '../../../shared/tickets/schemas.ts';
import { DeskGate } from '../desk/gate';
import type { Locale } from '../i18n/locale';
import { type AreaTranslate, useCatalogue } from '../intake/catalogue';
import { intakeEn } from '../intake/i18n.en';
import { type IntakeKey, intakeZhCN } from '../intake/i18n.zh-CN';
import { categoryName, levelName, stateName } from '../intake/terms';
import { formatInstant } from '../intake/time';
import type { StaffMember } from './api';
import { ContractHead } from './ContractHead';
import { type HistoryForm, historyForms } from './inspections';
import { LoadedPage } from './sections';
import { register, useLoad } from './store';
import { period, type RT, useRegisterCatalogue } from './ui';

type IT = AreaTranslate<IntakeKey>;

/** The desk page of a ticket. */
export function ticketHref(ticketId: string): string {
  return `/desk/tickets/${encodeURIComponent(ticketId)}`;
}

/**
 * `/desk/contracts/:id/devices/:deviceId`: a device's history (设备档案), its submitted inspection forms
 * and its fault tickets. The address names the contract: the history does not, and the device, its site
 * and the visits' quarters are read from the contract's register.
 */
export default function DeviceHistoryPage() {
  return (
    <DeskGate>
      <History />
    </DeskGate>
  );
}

interface Data {
  contract: ContractView;
  device: DeviceView | null;
  sites: SiteView[];
  visits: DeskVisit[];
  staff: StaffMember[];
  history: DeviceHistory;
}

function History() {
  const { t, locale } = useRegisterCatalogue();
  const { t: it } = useCatalogue(intakeZhCN, intakeEn);
  const { params } = useRoute();
  const contractId = params.id ?? '';
  const deviceId = params.deviceId ?? '';
  const data = useLoad(async (signal): Promise<Data> => {
    const options = { signal, lang: locale };
    const [contract, devices, sites, visits, staff, history] = await Promise.all([
      register.contract(contractId, options),
      register.devices(contractId, options),
      register.sites(contractId, options),
      register.visits(contractId, options),
      register.roster(options),
      register.deviceHistory(deviceId, options),
    ]);
    return {
      contract,
      device: devices.find((d) => d.deviceId === deviceId) ?? null,
      sites,
      visits,
      staff,
      history,
    };
  }, `${contractId}/${deviceId}`);

  return (
    <LoadedPage
      pageTestId="device-history-page"
      testId="history"
      data={data}
      loadingText={t('history.loading')}
      failedText={t('history.failed')}
      notFoundText={t('history.notFound')}
    >
      {(d) =>
        d.device === null ? (
          <p class="form-error" role="alert" data-testid="history-not-found">
            {t('history.notFound')}
          </p>
        ) : (
          <>
            <ContractHead t={t} contract={d.contract} tab="devices" />
            <Body t={t} it={it} locale={locale} data={d} device={d.device} />
          </>
        )
      }
    </LoadedPage>
  );
}

function Body({
  t,
  it,
  locale,
  data,
  device,
}: {
  t: RT;
  it: IT;
  locale: Locale;
  data: Data;
  device: DeviceView;
}) {
  const now = Date.now();
  const zone = data.contract.timeZone;
  const site = data.sites.find((s) => s.siteId === device.siteId);
  const names = new Map(data.staff.map((s) => [s.staffId, s.name]));
  const forms = historyForms(data.history, data.visits, locale, {
    pass: t('history.pass'),
    fail: t('history.fail'),
    none: t('history.noAnswer'),
  });
  const tickets = [...data.history.tickets].sort((a, b) => b.reportedAt.localeCompare(a.reportedAt));
  return (
    <>
      <section class="card" aria-labelledby="device-title" data-testid="history-device">
        <a class="back-link" href={`/desk/contracts/${encodeURIComponent(data.contract.contractId)}/devices`}>
          {t('history.back')}
        </a>
        <h2 id="device-title" class="section-title" data-testid="history-title">
          {t('history.title', { model: device.model })}
        </h2>
        <dl class="reg-facts-grid">
          <div>
            <dt>{t('device.category')}</dt>
            <dd>{categoryName(it, device.category)}</dd>
          </div>
          <div>
            <dt>{t('device.serial')}</dt>
            <dd class="reg-mono">{device.serial ?? t('device.noSerial')}</dd>
          </div>
          <div>
            <dt>{t('device.site')}</dt>
            <dd>{site?.name ?? device.siteId}</dd>
          </div>
          <div>
            <dt>{t('device.period')}</dt>
            <dd>{period(device.serviceStart, device.serviceEnd)}</dd>
          </div>
        </dl>
      </section>

      <section class="card" aria-labelledby="history-inspections-title" data-testid="history-inspections">
        <h2 id="history-inspections-title" class="section-title">
          {t('history.inspections')}
        </h2>
        {forms.length === 0 ? (
          <p class="lead" data-testid="history-inspections-empty">
            {t('history.inspectionsEmpty')}
          </p>
        ) : (
          forms.map((form) => (
            <FormCard
              key={form.visitId}
              t={t}
              form={form}
              submitted={
                form.submittedAt === null
                  ? t('history.noAnswer')
                  : formatInstant(form.submittedAt, zone, locale, now)
              }
              engineer={names.get(form.engineerId) ?? t('inspection.engineer.unknown')}
            />
          ))
        )}
      </section>

      <section class="card" aria-labelledby="history-tickets-title" data-testid="history-tickets">
        <h2 id="history-tickets-title" class="section-title">
          {t('history.tickets')}
        </h2>
        {tickets.length === 0 ? (
          <p class="lead" data-testid="history-tickets-empty">
            {t('history.ticketsEmpty')}
          </p>
        ) : (
          <TicketTable t={t} it={it} tickets={tickets} zone={zone} locale={locale} now={now} />
        )}
      </section>
    </>
  );
}

function FormCard({
  t,
  form,
  submitted,
  engineer,
}: {
  t: RT;
  form: HistoryForm;
  submitted: string;
  engineer: string;
}) {
  const headingId = `form-${form.visitId}`;
  return (
    <article class="reg-history-form" aria-labelledby={headingId} data-testid="history-form">
      <h3 id={headingId} class="reg-quarter-title">
        {form.quarter ?? t('history.quarterUnknown')} · {form.title}
      </h3>
      <p class="reg-facts">
        <span>{t('history.submittedAt', { at: submitted })}</span>
        <span>{t('history.engineer', { name: engineer })}</span>
        <span class={form.failed > 0 ? 'badge badge--warn' : 'badge badge--ok'}>
          {form.failed > 0 ? t('history.failedCount', { count: form.failed }) : t('history.allPassed')}
        </span>
      </p>
      <div class="board-scroll reg-flat">
        <table class="board reg-table">
          <caption class="visually-hidden">{t('history.formCaption', { title: form.title })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('history.col.item')}</th>
              <th scope="col">{t('history.col.answer')}</th>
              <th scope="col">{t('history.col.result')}</th>
            </tr>
          </thead>
          <tbody>
            {form.lines.map((line) => (
              <tr
                key={line.itemId}
                class={line.failed ? 'reg-line-failed' : undefined}
                data-testid="history-line"
                data-failed={line.failed ? 'true' : 'false'}
              >
                <th scope="row" class="reg-cell-label">
                  {line.label}
                </th>
                <td>{line.answer}</td>
                <td>
                  {line.failed ? (
                    <strong class="reg-danger">
                      {t('history.failedMark')}
                      {line.ticket !== null && (
                        <>
                          {' '}
                          <a href={ticketHref(line.ticket.ticketId)}>
                            {t('history.ticketOpened', { number: line.ticket.number })}
                          </a>
                        </>
                      )}
                    </strong>
                  ) : line.judged ? (
                    <span class="reg-muted">{t('history.okMark')}</span>
                  ) : (
                    <span class="reg-muted">{t('history.notJudged')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </article>
  );
}

function TicketTable({
  t,
  it,
  tickets,
  zone,
  locale,
  now,
}: {
  t: RT;
  it: IT;
  tickets: TicketView[];
  zone: string;
  locale: Locale;
  now: number;
}) {
  return (
    <div class="board-scroll reg-flat">
      <table class="board reg-table">
        <caption class="visually-hidden">{t('history.tickets')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('history.col.number')}</th>
            <th scope="col">{t('history.col.reported')}</th>
            <th scope="col">{t('history.col.state')}</th>
            <th scope="col">{t('history.col.level')}</th>
          </tr>
        </thead>
        <tbody>
          {tickets.map((ticket) => (
            <tr key={ticket.ticketId} data-testid="history-ticket">
              <td class="reg-strong">
                <a href={ticketHref(ticket.ticketId)}>{ticket.number}</a>
              </td>
              <td class="reg-nowrap">{formatInstant(ticket.reportedAt, zone, locale, now)}</td>
              <td>{stateName(it, ticket.state)}</td>
              <td>{levelName(it, ticket.level)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
