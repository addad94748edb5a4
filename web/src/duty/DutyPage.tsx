import './duty.css';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { DESK_ROLES } from '../../../shared/auth/roles.ts';
import type { ContractView } from '../../../shared/contracts/schemas.ts';
import type { DutyView } from '../../../shared/duty/schemas.ts';
import { type AreaCatalogue, useAreaCatalogue } from '../audit/catalogue';
import { StaffGate } from '../audit/gate';
import { TableHead } from '../register/table';
import { ConfirmDialog } from '../roster/ConfirmDialog';
import { dutyApi, type StaffChoice } from './api';
import { dutyEn } from './i18n.en';
import { type DutyKey, dutyZhCN } from './i18n.zh-CN';
import {
  bodyOf,
  checkDraft,
  type Draft,
  type DraftField,
  datesOf,
  defaultRange,
  draftFieldOf,
  draftOf,
  emptyDraft,
  failureMessage,
  failureOf,
  sortEntries,
  todayInChina,
} from './model';

const api = dutyApi();

type Load =
  | { status: 'loading' }
  | { status: 'failed'; message: DutyKey }
  | { status: 'loaded'; entries: DutyView[] };

/** `/desk/duty`: the duty roster (值班) for holidays and key events, for the desk roles. */
export default function DutyPage() {
  const catalogue = useAreaCatalogue(dutyZhCN, dutyEn);
  const { t } = catalogue;
  return (
    <StaffGate roles={DESK_ROLES} checking={t('duty.checking')} forbidden={t('duty.forbidden')}>
      <Duty catalogue={catalogue} />
    </StaffGate>
  );
}

type Editing = { kind: 'new' } | { kind: 'edit'; entry: DutyView } | null;

function Duty({ catalogue }: { catalogue: AreaCatalogue<DutyKey> }) {
  const { t, locale } = catalogue;
  const today = useMemo(() => todayInChina(), []);
  const [range, setRange] = useState(() => defaultRange(today));
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [staff, setStaff] = useState<StaffChoice[]>([]);
  const [contracts, setContracts] = useState<ContractView[]>([]);
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<DutyView | null>(null);
  const [deleteBusy, setDeleteBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    setLoad({ status: 'loading' });
    api
      .list(range, { signal: controller.signal, lang: locale })
      .then((entries) => {
        if (!controller.signal.aborted) setLoad({ status: 'loaded', entries: sortEntries(entries) });
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setLoad({ status: 'failed', message: failureMessage(failureOf(error)) ?? 'duty.error.server' });
      });
    return () => controller.abort();
  }, [range.from, range.to, attempt]);

  useEffect(() => {
    const controller = new AbortController();
    const options = { signal: controller.signal, lang: locale };
    // The choices of the form; the list works without them (a failure shows when saving).
    api.staff(options).then(setStaff, () => undefined);
    api.contracts(options).then(setContracts, () => undefined);
    return () => controller.abort();
  }, []);

  const activeStaff = useMemo(
    () => staff.filter((m) => m.active).sort((a, b) => a.name.localeCompare(b.name, locale)),
    [staff, locale],
  );

  const confirmDelete = async () => {
    if (deleting === null) return;
    setDeleteBusy(true);
    try {
      await api.remove(deleting.dutyId, deleting.version, { lang: locale });
      setNotice(t('duty.deleted'));
    } catch (error) {
      setNotice(t(failureMessage(failureOf(error)) ?? 'duty.error.server'));
    } finally {
      setDeleteBusy(false);
      setDeleting(null);
      setAttempt((n) => n + 1);
    }
  };

  return (
    <div class="page duty-page">
      <div class="intro">
        <h1>{t('duty.title')}</h1>
        <p class="lead">{t('duty.lead')}</p>
      </div>

      <div class="duty-bar">
        <fieldset class="duty-range">
          <legend>{t('duty.range')}</legend>
          <label>
            {t('duty.rangeFrom')}{' '}
            <input
              class="input"
              type="date"
              value={range.from}
              data-testid="duty-range-from"
              onChange={(e) => {
                const from = (e.currentTarget as HTMLInputElement).value;
                if (from !== '') setRange((r) => ({ ...r, from }));
              }}
            />
          </label>
          <label>
            {t('duty.rangeTo')}{' '}
            <input
              class="input"
              type="date"
              value={range.to}
              data-testid="duty-range-to"
              onChange={(e) => {
                const to = (e.currentTarget as HTMLInputElement).value;
                if (to !== '') setRange((r) => ({ ...r, to }));
              }}
            />
          </label>
        </fieldset>
        {editing === null ? (
          <button
            type="button"
            class="button"
            data-testid="duty-add"
            onClick={() => setEditing({ kind: 'new' })}
          >
            {t('duty.add')}
          </button>
        ) : null}
      </div>

      {notice === null ? null : (
        <p class="notice" role="status" data-testid="duty-notice">
          {notice}
        </p>
      )}

      {editing === null ? null : (
        <DutyForm
          key={editing.kind === 'edit' ? editing.entry.dutyId : 'new'}
          catalogue={catalogue}
          initial={editing.kind === 'edit' ? draftOf(editing.entry) : emptyDraft(today)}
          entry={editing.kind === 'edit' ? editing.entry : null}
          staff={activeStaff}
          contracts={contracts}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            setNotice(t('duty.saved'));
            setAttempt((n) => n + 1);
          }}
          onStale={() => setAttempt((n) => n + 1)}
        />
      )}

      {load.status === 'loading' ? (
        <p class="lead" role="status" data-testid="duty-loading">
          <span class="spinner" aria-hidden="true" /> {t('duty.loading')}
        </p>
      ) : load.status === 'failed' ? (
        <div class="form-error" role="alert" data-testid="duty-error">
          <p>{t(load.message)}</p>
          <button type="button" class="button button--quiet" onClick={() => setAttempt((n) => n + 1)}>
            {t('duty.retry')}
          </button>
        </div>
      ) : load.entries.length === 0 ? (
        <p class="notice" data-testid="duty-empty">
          {t('duty.empty')}
        </p>
      ) : (
        <div class="card">
          <table class="duty-table" data-testid="duty-table">
            <TableHead
              columns={[
                t('duty.col.dates'),
                t('duty.col.scope'),
                t('duty.col.engineer'),
                t('duty.col.manager'),
                t('duty.col.note'),
              ]}
              actions={t('duty.col.actions')}
            />
            <tbody>
              {load.entries.map((entry) => (
                <tr key={entry.dutyId} data-testid="duty-row">
                  <td class="duty-dates">{datesOf(entry)}</td>
                  <td>
                    {entry.contractName ??
                      (entry.contractId === null ? t('duty.allContracts') : entry.contractId)}
                  </td>
                  <td>{entry.engineerName ?? t('duty.unknownPerson')}</td>
                  <td>{entry.managerName ?? t('duty.unknownPerson')}</td>
                  <td>{entry.note}</td>
                  <td class="duty-actions">
                    <button
                      type="button"
                      class="button button--quiet button--small"
                      onClick={() => setEditing({ kind: 'edit', entry })}
                    >
                      {t('duty.edit')}
                    </button>
                    <button
                      type="button"
                      class="button button--quiet button--small"
                      data-testid="duty-delete"
                      onClick={() => setDeleting(entry)}
                    >
                      {t('duty.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <ConfirmDialog
        open={deleting !== null}
        title={t('duty.confirm.title')}
        body={t('duty.confirm.body', { dates: deleting === null ? '' : datesOf(deleting) })}
        confirm={t('duty.confirm.yes')}
        busyLabel={t('duty.confirm.busy')}
        cancel={t('duty.confirm.no')}
        busy={deleteBusy}
        onConfirm={() => void confirmDelete()}
        onCancel={() => setDeleting(null)}
        testId="duty-confirm"
      />
    </div>
  );
}

function DutyForm(props: {
  catalogue: AreaCatalogue<DutyKey>;
  initial: Draft;
  entry: DutyView | null;
  staff: StaffChoice[];
  contracts: ContractView[];
  onCancel: () => void;
  onSaved: () => void;
  onStale: () => void;
}) {
  const { t, locale } = props.catalogue;
  const [draft, setDraft] = useState<Draft>(props.initial);
  const [errors, setErrors] = useState<Partial<Record<DraftField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const set = (field: DraftField) => (e: Event) => {
    const value = (e.currentTarget as HTMLInputElement | HTMLSelectElement).value;
    setDraft((d) => ({ ...d, [field]: value }));
    setErrors((x) => ({ ...x, [field]: undefined }));
  };

  const save = async (event: Event) => {
    event.preventDefault();
    const local = checkDraft(draft);
    if (Object.keys(local).length > 0) {
      setErrors(Object.fromEntries(Object.entries(local).map(([k, v]) => [k, t(v)])));
      return;
    }
    setBusy(true);
    setFormError(null);
    try {
      const body = bodyOf(draft);
      if (props.entry === null) await dutyApi().create(body, { lang: locale });
      else await dutyApi().update(props.entry.dutyId, body, props.entry.version, { lang: locale });
      props.onSaved();
    } catch (error) {
      const failure = failureOf(error);
      if (failure.kind === 'field') {
        const field = draftFieldOf(failure.field);
        if (field === null) setFormError(failure.message);
        else setErrors((x) => ({ ...x, [field]: failure.message }));
      } else {
        setFormError(t(failureMessage(failure) ?? 'duty.error.server'));
        if (failure.kind === 'stale') props.onStale();
      }
    } finally {
      setBusy(false);
    }
  };

  const field = (name: DraftField, label: string, input: preact.JSX.Element) => (
    <div class="field">
      <label for={`duty-${name}`}>{label}</label>
      {input}
      {errors[name] === undefined ? null : (
        <p class="form-error" id={`duty-${name}-error`} data-testid={`duty-${name}-error`}>
          {errors[name]}
        </p>
      )}
    </div>
  );
  const invalid = (name: DraftField) => ({
    'aria-invalid': errors[name] === undefined ? undefined : ('true' as const),
    'aria-describedby': errors[name] === undefined ? undefined : `duty-${name}-error`,
  });
  const people = (name: 'engineerId' | 'managerId') => (
    <select id={`duty-${name}`} class="input" value={draft[name]} onChange={set(name)} {...invalid(name)}>
      <option value="">{t('duty.form.choose')}</option>
      {props.staff.map((m) => (
        <option key={m.staffId} value={m.staffId}>
          {m.name}
        </option>
      ))}
    </select>
  );

  return (
    <form class="card form duty-form" onSubmit={(e) => void save(e)} data-testid="duty-form" noValidate>
      <h2 class="form-title">{props.entry === null ? t('duty.form.new') : t('duty.form.edit')}</h2>
      <div class="duty-form-row">
        {field(
          'from',
          t('duty.form.from'),
          <input
            id="duty-from"
            class="input"
            type="date"
            value={draft.from}
            onInput={set('from')}
            {...invalid('from')}
          />,
        )}
        {field(
          'to',
          t('duty.form.to'),
          <input
            id="duty-to"
            class="input"
            type="date"
            value={draft.to}
            onInput={set('to')}
            {...invalid('to')}
          />,
        )}
      </div>
      {field(
        'contractId',
        t('duty.form.contract'),
        <select
          id="duty-contractId"
          class="input"
          value={draft.contractId}
          onChange={set('contractId')}
          {...invalid('contractId')}
        >
          <option value="">{t('duty.allContracts')}</option>
          {props.contracts.map((c) => (
            <option key={c.contractId} value={c.contractId}>
              {c.name}
            </option>
          ))}
        </select>,
      )}
      <div class="duty-form-row">
        {field('engineerId', t('duty.form.engineer'), people('engineerId'))}
        {field('managerId', t('duty.form.manager'), people('managerId'))}
      </div>
      {field(
        'note',
        t('duty.form.note'),
        <input
          id="duty-note"
          class="input"
          maxLength={200}
          value={draft.note}
          onInput={set('note')}
          {...invalid('note')}
        />,
      )}
      {formError === null ? null : (
        <p class="form-error" role="alert" data-testid="duty-form-error">
          {formError}
        </p>
      )}
      <div class="duty-form-actions">
        <button type="button" class="button button--quiet" disabled={busy} onClick={props.onCancel}>
          {t('duty.form.cancel')}
        </button>
        <button type="submit" class="button" aria-busy={busy} disabled={busy} data-testid="duty-save">
          {busy ? t('duty.form.saving') : t('duty.form.save')}
        </button>
      </div>
    </form>
  );
}
