import './desk.css';
import { useLocation } from 'preact-iso';
import type { ContractView } from '../../../shared/contracts/schemas.ts';
import { OPEN_STATES } from '../../../shared/tickets/lifecycle.ts';
import type { TicketView } from '../../../shared/tickets/schemas.ts';
import type { Locale } from '../i18n/locale';
import { type AreaTranslate, useCatalogue } from '../intake/catalogue';
import { intakeEn } from '../intake/i18n.en';
import { type IntakeKey, intakeZhCN } from '../intake/i18n.zh-CN';
import { categoryName, stateName } from '../intake/terms';
import { useNow } from '../intake/ticker';
import { formatCountdown, formatInstant, urgencyOf } from '../intake/time';
import type { StaffMember } from './api';
import {
  type BoardFilters,
  boardMarks,
  breachClock,
  type FilterKey,
  filtersToSearch,
  hasFilters,
  parseFilters,
  withFilter,
} from './board';
import { DeskGate } from './gate';
import { deskEn } from './i18n.en';
import { type DeskKey, deskZhCN } from './i18n.zh-CN';
import { useBoard, useDeskChoices } from './store';

type DT = AreaTranslate<DeskKey>;
type IT = AreaTranslate<IntakeKey>;

/** `/desk/board`: open tickets, soonest breach first, with live countdowns and filters in the URL. */
export default function BoardPage() {
  return (
    <DeskGate>
      <Board />
    </DeskGate>
  );
}

function Board() {
  const { t, locale } = useCatalogue(deskZhCN, deskEn);
  const { t: it } = useCatalogue(intakeZhCN, intakeEn);
  const { query, route, path } = useLocation();
  const filters = parseFilters(query);
  const { load, refresh } = useBoard(filters, locale);
  const { contracts, engineers } = useDeskChoices(locale);
  const now = useNow();

  const setFilter = (key: FilterKey, value: string) =>
    route(`${path}${filtersToSearch(withFilter(filters, key, value))}`, true);

  return (
    <div class="page desk-wide" data-testid="desk-board">
      <div class="desk-head">
        <div class="intro">
          <h1>{t('board.title')}</h1>
          <p class="lead">{t('board.lead')}</p>
        </div>
        <div class="desk-head-side">
          {load.status === 'ready' && (
            <p class="field-hint" data-testid="board-count">
              {t('board.count', { count: load.data.length })} ·{' '}
              {t('board.updatedAt', {
                time: new Date(load.loadedAt).toLocaleTimeString(locale, { hourCycle: 'h23' }),
              })}
            </p>
          )}
          <button type="button" class="button button--quiet" onClick={refresh}>
            {t('board.refresh')}
          </button>
        </div>
      </div>

      <Filters
        t={t}
        it={it}
        filters={filters}
        contracts={contracts}
        engineers={engineers}
        onChange={setFilter}
        onClear={() => route(path, true)}
      />

      {load.status === 'loading' && (
        <p class="lead" role="status" data-testid="board-loading">
          {t('board.loading')}
        </p>
      )}
      {load.status === 'failed' && (
        <div class="form-error" role="alert" data-testid="board-failed">
          {load.offline ? t('action.offline') : t('board.failed')}{' '}
          <button type="button" class="link-button" onClick={refresh}>
            {t('ticket.retry')}
          </button>
        </div>
      )}
      {load.status === 'ready' && (
        <>
          {load.staleFailed && (
            <p class="notice notice--warn" role="status">
              {t('board.staleFailed')}
            </p>
          )}
          {load.data.length === 0 ? (
            <div class="card empty" data-testid="board-empty">
              <p>{hasFilters(filters) ? t('board.emptyFiltered') : t('board.empty')}</p>
              {hasFilters(filters) && (
                <button type="button" class="button button--quiet" onClick={() => route(path, true)}>
                  {t('board.clearFilters')}
                </button>
              )}
            </div>
          ) : (
            <BoardTable t={t} it={it} locale={locale} tickets={load.data} now={now} />
          )}
        </>
      )}
    </div>
  );
}

function Filters({
  t,
  it,
  filters,
  contracts,
  engineers,
  onChange,
  onClear,
}: {
  t: DT;
  it: IT;
  filters: BoardFilters;
  contracts: ContractView[];
  engineers: StaffMember[];
  onChange: (key: FilterKey, value: string) => void;
  onClear: () => void;
}) {
  const select = (key: FilterKey, label: string, options: { value: string; label: string }[]) => (
    <div class="filter">
      <label for={`filter-${key}`}>{label}</label>
      <select
        id={`filter-${key}`}
        class="input select"
        value={filters[key] ?? ''}
        onChange={(event) => onChange(key, event.currentTarget.value)}
        data-testid={`filter-${key}`}
      >
        <option value="">{t('board.filter.any')}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
  // A filter from the URL whose contract or engineer is not in the list still shows as chosen.
  const withCurrent = (options: { value: string; label: string }[], current: string | undefined) =>
    current === undefined || options.some((o) => o.value === current)
      ? options
      : [...options, { value: current, label: current }];
  return (
    <fieldset class="filters" aria-label={t('board.filters')}>
      {select(
        'contractId',
        t('board.filter.contract'),
        withCurrent(
          contracts.map((c) => ({ value: c.contractId, label: `${c.customerName} · ${c.name}` })),
          filters.contractId,
        ),
      )}
      {select(
        'level',
        t('board.filter.level'),
        (['1', '2', '3'] as const).map((level) => ({ value: level, label: t(`level.short.${level}`) })),
      )}
      {select(
        'state',
        t('board.filter.state'),
        [...OPEN_STATES].map((state) => ({ value: state, label: stateName(it, state) })),
      )}
      {select(
        'engineerId',
        t('board.filter.engineer'),
        withCurrent(
          engineers.map((e) => ({ value: e.staffId, label: e.name })),
          filters.engineerId,
        ),
      )}
      {hasFilters(filters) && (
        <button type="button" class="link-button filters-clear" onClick={onClear}>
          {t('board.clearFilters')}
        </button>
      )}
    </fieldset>
  );
}

function BoardTable({
  t,
  it,
  locale,
  tickets,
  now,
}: {
  t: DT;
  it: IT;
  locale: Locale;
  tickets: TicketView[];
  now: number;
}) {
  return (
    <div class="board-scroll">
      <table class="board" data-testid="board-table">
        <thead>
          <tr>
            <th scope="col">{t('board.col.due')}</th>
            <th scope="col">{t('board.col.number')}</th>
            <th scope="col">{t('board.col.level')}</th>
            <th scope="col">{t('board.col.state')}</th>
            <th scope="col">{t('board.col.device')}</th>
            <th scope="col">{t('board.col.contract')}</th>
            <th scope="col">{t('board.col.engineer')}</th>
            <th scope="col">{t('board.col.reported')}</th>
          </tr>
        </thead>
        <tbody>
          {tickets.map((ticket) => (
            <Row key={ticket.ticketId} t={t} it={it} locale={locale} ticket={ticket} now={now} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Row({
  t,
  it,
  locale,
  ticket,
  now,
}: {
  t: DT;
  it: IT;
  locale: Locale;
  ticket: TicketView;
  now: number;
}) {
  const urgency = urgencyOf(ticket.breachAt, now);
  const clock = breachClock(ticket);
  const left = ticket.breachAt === null ? 0 : Date.parse(ticket.breachAt) - now;
  return (
    <tr
      class={`board-row board-row--${urgency ?? 'none'}`}
      data-testid="board-row"
      data-number={ticket.number}
      data-urgency={urgency ?? 'none'}
    >
      <td class="board-due">
        {ticket.breachAt === null || clock === null ? (
          <span class="due--quiet">{t('board.noDeadline')}</span>
        ) : (
          <>
            <span class="board-countdown">
              {urgency === 'overdue'
                ? t('board.overdue', { time: formatCountdown(left, locale) })
                : t('board.left', { time: formatCountdown(left, locale) })}
            </span>
            <span class="board-clock">
              {t(clock === 'arrival' ? 'board.clock.arrival' : 'board.clock.resolution')} ·{' '}
              {formatInstant(ticket.breachAt, ticket.timeZone, locale, now, { zone: false })}
            </span>
          </>
        )}
      </td>
      <th scope="row" class="board-number">
        <a href={`/desk/tickets/${encodeURIComponent(ticket.ticketId)}`}>{ticket.number}</a>
        <span class="board-flags">
          {boardMarks(t, ticket).map((mark) => (
            <span
              key={mark.kind}
              class={`badge ${mark.kind === 'tier' || mark.kind === 'checkIn' ? 'badge--warn' : 'badge--error'}`}
              data-testid={`board-mark-${mark.kind}`}
            >
              {(mark.kind === 'smsFailed' || mark.kind === 'checkIn') && <span aria-hidden="true">⚠ </span>}
              {mark.text}
            </span>
          ))}
          {ticket.paused && <span class="badge badge--warn">{t('board.paused')}</span>}
        </span>
      </th>
      <td>
        <span class={`level-chip level-chip--${ticket.level}`}>{t(`level.short.${ticket.level}`)}</span>
      </td>
      <td>{stateName(it, ticket.state)}</td>
      <td>
        {categoryName(it, ticket.device.category)} · {ticket.device.model}
        {ticket.device.serial === null ? '' : <span class="board-serial"> {ticket.device.serial}</span>}
      </td>
      <td>{ticket.contractName}</td>
      <td>{ticket.assignedEngineerName ?? <span class="due--quiet">{t('board.unassigned')}</span>}</td>
      <td class="board-reported">
        {formatInstant(ticket.reportedAt, ticket.timeZone, locale, now, { zone: false })}
      </td>
    </tr>
  );
}
