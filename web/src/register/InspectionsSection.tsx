import { useState } from 'preact/hooks';
import type { ContractView, SiteView } from '../../../shared/contracts/schemas.ts';
import type { DeviceView } from '../../../shared/devices/schemas.ts';
import type { DeskVisit } from '../../../shared/field/schemas.ts';
import { ConfirmDialog } from '../desk/ConfirmDialog';
import type { Locale } from '../i18n/locale';
import type { StaffMember } from './api';
import { todayIn } from './forms';
import {
  defaultDueDate,
  devicesDone,
  dueDateProblem,
  groupByQuarter,
  messageForField,
  nextQuarter,
  quarterBounds,
  quarterChoices,
  roundPreview,
} from './inspections';
import { register, useChange, useLoad } from './store';
import { failureMessage, Loaded, type Message, MessageLine, type RT } from './ui';

interface Data {
  visits: DeskVisit[];
  sites: SiteView[];
  devices: DeviceView[];
  staff: StaffMember[];
}

/** Devices are read with the visits: the confirmation says how many visits a round makes. */
export function InspectionsSection({
  t,
  locale,
  contract,
}: {
  t: RT;
  locale: Locale;
  contract: ContractView;
}) {
  const contractId = contract.contractId;
  const data = useLoad(async (signal): Promise<Data> => {
    const options = { signal, lang: locale };
    const [visits, sites, devices, staff] = await Promise.all([
      register.visits(contractId, options),
      register.sites(contractId, options),
      register.devices(contractId, options),
      register.roster(options),
    ]);
    return { visits, sites, devices, staff };
  }, contractId);

  return (
    <Loaded
      load={data.load}
      loadingText={t('inspection.loading')}
      failedText={t('inspection.failed')}
      retry={data.reload}
      testId="inspections"
    >
      {(d) => (
        <>
          <RoundForm
            t={t}
            locale={locale}
            contract={contract}
            data={d}
            onMade={(visits) => data.set({ ...d, visits })}
          />
          <VisitList t={t} data={d} />
        </>
      )}
    </Loaded>
  );
}

type RoundField = 'quarter' | 'dueDate' | 'engineerId';

function RoundForm({
  t,
  locale,
  contract,
  data,
  onMade,
}: {
  t: RT;
  locale: Locale;
  contract: ContractView;
  data: Data;
  onMade: (visits: DeskVisit[]) => void;
}) {
  const today = todayIn(contract.timeZone, Date.now());
  const quarters = quarterChoices(today);
  const [quarter, setQuarter] = useState(() => nextQuarter(today));
  const [dueDate, setDueDate] = useState(() => defaultDueDate(nextQuarter(today)));
  const [engineerId, setEngineerId] = useState('');
  const [errors, setErrors] = useState<Partial<Record<RoundField, string>>>({});
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const { busy, run } = useChange();
  const engineers = data.staff
    .filter((s) => s.active && s.roles.includes('engineer'))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
  const preview = roundPreview(quarter, data.sites, data.devices, data.visits);
  const bounds = quarterBounds(quarter);

  const check = (event: Event) => {
    event.preventDefault();
    setMessage(null);
    const found: Partial<Record<RoundField, string>> = {};
    const problem = dueDateProblem(quarter, dueDate, today);
    if (problem !== null && bounds !== null) {
      found.dueDate = t(`inspection.due.${problem}`, { first: bounds.first, last: bounds.last, today });
    }
    if (engineerId === '') found.engineerId = t('inspection.engineer.missing');
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setMessage({ tone: 'error', text: t('inspection.form.invalid') });
      return;
    }
    setConfirming(true);
  };

  const create = async () => {
    const before = data.visits.filter((v) => v.quarter === quarter).length;
    const outcome = await run(() =>
      register.createVisits(contract.contractId, { quarter, dueDate, engineerId }, { lang: locale }),
    );
    setConfirming(false);
    if (outcome.ok) {
      const made = outcome.value.length - before;
      onMade([...data.visits.filter((v) => v.quarter !== quarter), ...outcome.value]);
      setMessage(
        made > 0
          ? { tone: 'ok', text: t('inspection.created', { count: made, quarter }) }
          : { tone: 'warn', text: t('inspection.nothingNew', { quarter }) },
      );
      return;
    }
    const failure = outcome.failure;
    if (failure.kind === 'rejected' && failure.field !== null && isRoundField(failure.field)) {
      setErrors({ [failure.field]: messageForField(failure.field, failure.message) });
      setMessage({ tone: 'error', text: t('inspection.form.invalid') });
      return;
    }
    setMessage(failureMessage(t, failure));
  };

  const confirmBody =
    preview.sites === 0
      ? t('inspection.confirm.noSites')
      : preview.toCreate === 0
        ? t('inspection.confirm.none', { quarter, existing: preview.existing })
        : t('inspection.confirm.body', {
            count: preview.toCreate,
            quarter,
            dueDate,
            engineer: engineers.find((e) => e.staffId === engineerId)?.name ?? '',
          }) +
          (preview.existing > 0
            ? ` ${t('inspection.confirm.existing', { existing: preview.existing })}`
            : '');

  return (
    <form class="card form reg-form" onSubmit={check} noValidate data-testid="inspection-form">
      <h2 class="form-title">{t('inspection.new')}</h2>
      <p class="field-hint">{t('inspection.lead')}</p>
      <div class="reg-grid">
        <div class="field">
          <label for="round-quarter">{t('inspection.quarter')}</label>
          <select
            id="round-quarter"
            class="input reg-input"
            value={quarter}
            onChange={(e) => {
              const next = e.currentTarget.value;
              setQuarter(next);
              setDueDate(defaultDueDate(next));
              setErrors((f) => ({ ...f, dueDate: undefined }));
            }}
            data-testid="inspection-quarter"
          >
            {quarters.map((q) => (
              <option key={q} value={q}>
                {q}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="round-due">{t('inspection.dueDate')}</label>
          <input
            id="round-due"
            class="input reg-input"
            type="date"
            value={dueDate}
            min={bounds?.first}
            max={bounds?.last}
            required
            aria-invalid={errors.dueDate !== undefined}
            aria-describedby="round-due-hint"
            onInput={(e) => {
              setDueDate(e.currentTarget.value);
              setErrors((f) => ({ ...f, dueDate: undefined }));
            }}
            data-testid="inspection-due"
          />
          <p id="round-due-hint" class={errors.dueDate === undefined ? 'field-hint' : 'reg-field-error'}>
            {errors.dueDate ?? (bounds === null ? '' : t('inspection.due.hint', bounds))}
          </p>
        </div>
        <div class="field">
          <label for="round-engineer">{t('inspection.engineer')}</label>
          <select
            id="round-engineer"
            class="input reg-input"
            value={engineerId}
            required
            aria-invalid={errors.engineerId !== undefined}
            aria-describedby="round-engineer-hint"
            onChange={(e) => {
              setEngineerId(e.currentTarget.value);
              setErrors((f) => ({ ...f, engineerId: undefined }));
            }}
            data-testid="inspection-engineer"
          >
            <option value="">{t('inspection.engineer.choose')}</option>
            {engineers.map((e) => (
              <option key={e.staffId} value={e.staffId}>
                {e.name}
              </option>
            ))}
          </select>
          <p
            id="round-engineer-hint"
            class={errors.engineerId === undefined ? 'field-hint' : 'reg-field-error'}
          >
            {errors.engineerId ??
              (engineers.length === 0 ? t('inspection.engineer.none') : t('inspection.engineer.hint'))}
          </p>
        </div>
      </div>
      {errors.quarter !== undefined && <p class="reg-field-error">{errors.quarter}</p>}
      <MessageLine message={message} testId="inspection-message" />
      <div class="reg-actions">
        <button type="submit" class="button" disabled={busy} aria-busy={busy} data-testid="inspection-create">
          {busy ? t('inspection.creating') : t('inspection.create')}
        </button>
      </div>
      <ConfirmDialog
        open={confirming}
        title={t('inspection.confirm.title', { quarter })}
        body={confirmBody}
        confirmLabel={t('inspection.confirm.yes')}
        cancelLabel={t('common.cancel')}
        busy={busy}
        onConfirm={() => void create()}
        onCancel={() => setConfirming(false)}
      />
    </form>
  );
}

function isRoundField(field: string): field is RoundField {
  return field === 'quarter' || field === 'dueDate' || field === 'engineerId';
}

function VisitList({ t, data }: { t: RT; data: Data }) {
  const groups = groupByQuarter(data.visits);
  const names = new Map(data.staff.map((s) => [s.staffId, s.name]));
  return (
    <section class="card" aria-labelledby="visits-title" data-testid="section-inspections">
      <h2 id="visits-title" class="section-title">
        {t('inspection.title')}
      </h2>
      {groups.length === 0 ? (
        <p class="lead" data-testid="inspections-empty">
          {t('inspection.empty')}
        </p>
      ) : (
        groups.map((group) => (
          <div key={group.quarter} class="reg-quarter" data-testid="inspection-quarter-group">
            <h3 class="reg-quarter-title">
              {group.quarter}{' '}
              <span class="reg-muted">
                {t('inspection.groupSummary', { count: group.visits.length, submitted: group.submitted })}
              </span>
            </h3>
            <div class="board-scroll reg-flat">
              <table class="board reg-table">
                <caption class="visually-hidden">
                  {t('inspection.caption', { quarter: group.quarter })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('inspection.col.site')}</th>
                    <th scope="col">{t('inspection.col.engineer')}</th>
                    <th scope="col">{t('inspection.col.due')}</th>
                    <th scope="col">{t('inspection.col.state')}</th>
                    <th scope="col">{t('inspection.col.devices')}</th>
                  </tr>
                </thead>
                <tbody>
                  {group.visits.map((v) => {
                    const { done, total } = devicesDone(v);
                    return (
                      <tr key={v.id} data-testid="inspection-row">
                        <td class="reg-strong">{v.site.name}</td>
                        <td>{names.get(v.engineerId) ?? t('inspection.engineer.unknown')}</td>
                        <td class="reg-nowrap">{v.dueDate}</td>
                        <td>
                          <span class={v.state === 'submitted' ? 'badge badge--ok' : 'badge'}>
                            {t(`inspection.state.${v.state}`)}
                          </span>
                        </td>
                        <td class="reg-num">{t('inspection.devicesDone', { done, total })}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </div>
        ))
      )}
    </section>
  );
}
