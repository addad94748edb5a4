import '../desk/desk.css';
import './register.css';
import { useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import type { ContractView, SiteView } from '../../../shared/contracts/schemas.ts';
import { DEVICE_CATEGORIES, type DeviceView, type ImportError } from '../../../shared/devices/schemas.ts';
import { ConfirmDialog } from '../desk/ConfirmDialog';
import { DeskGate } from '../desk/gate';
import type { Locale } from '../i18n/locale';
import { type AreaTranslate, useCatalogue } from '../intake/catalogue';
import { intakeEn } from '../intake/i18n.en';
import { type IntakeKey, intakeZhCN } from '../intake/i18n.zh-CN';
import { categoryName } from '../intake/terms';
import { ContractHead, deviceHistoryHref } from './ContractHead';
import { exportFileName, previewCsv } from './csv';
import { type DeviceForm, deviceBody, todayIn, toggle } from './forms';
import { inRegisterOrder } from './labels';
import { type Done, EditCell, LoadedPage, SaveCancel, useEditing, useRegisterForm } from './sections';
import { importCsv, keepSheet, register, useChange, useLoad } from './store';
import { TableHead } from './table';
import {
  failureMessage,
  type Message,
  MessageLine,
  period,
  type RT,
  TextField,
  useFocusFirst,
  useRegisterCatalogue,
} from './ui';

type IT = AreaTranslate<IntakeKey>;

/** `/desk/contracts/:id/devices`: the device register of a contract, its CSV and its QR labels. */
export default function DevicesPage() {
  return (
    <DeskGate>
      <Devices />
    </DeskGate>
  );
}

interface RegisterData {
  contract: ContractView;
  sites: SiteView[];
  devices: DeviceView[];
}

function Devices() {
  const { t, locale } = useRegisterCatalogue();
  const { params } = useRoute();
  const contractId = params.id ?? '';
  const data = useLoad(async (signal): Promise<RegisterData> => {
    const options = { signal, lang: locale };
    const [contract, sites, devices] = await Promise.all([
      register.contract(contractId, options),
      register.sites(contractId, options),
      register.devices(contractId, options),
    ]);
    return { contract, sites, devices };
  }, contractId);

  return (
    <LoadedPage
      pageTestId="devices-page"
      testId="devices"
      data={data}
      loadingText={t('device.loading')}
      failedText={t('device.failed')}
      notFoundText={t('contract.notFound')}
    >
      {(d) => (
        <>
          <ContractHead t={t} contract={d.contract} tab="devices" />
          <DeviceRegister t={t} locale={locale} data={d} reload={data.reload} />
        </>
      )}
    </LoadedPage>
  );
}

function DeviceRegister({
  t,
  locale,
  data,
  reload,
}: {
  t: RT;
  locale: Locale;
  data: RegisterData;
  reload: () => Promise<void>;
}) {
  const { t: it } = useCatalogue(intakeZhCN, intakeEn);
  const { route } = useLocation();
  const { contract, sites } = data;
  const devices = inRegisterOrder(data.devices);
  // The device form, or the import panel in its place.
  const { editing, message, setMessage, open, close, done } = useEditing<DeviceView, { kind: 'import' }>(
    reload,
  );
  const [selected, setSelected] = useState<string[]>([]);
  const [printing, setPrinting] = useState(false);
  const { busy, run } = useChange();
  const siteNames = new Map(sites.map((s) => [s.siteId, s.name]));
  const chosen = selected.filter((id) => devices.some((d) => d.deviceId === id));
  const allChosen = devices.length > 0 && chosen.length === devices.length;

  const exportCsv = async () => {
    setMessage(null);
    const outcome = await run(() => register.exportDevices(contract.contractId, { lang: locale }));
    if (!outcome.ok) {
      setMessage(failureMessage(t, outcome.failure));
      return;
    }
    download(outcome.value, exportFileName(contract.name, todayIn(contract.timeZone, Date.now())));
    setMessage({ tone: 'ok', text: t('device.exported', { count: devices.length }) });
  };

  const printLabels = async () => {
    const ids = chosen.length === 0 || allChosen ? undefined : chosen;
    const outcome = await run(() => register.issueLabels(contract.contractId, ids, { lang: locale }));
    setPrinting(false);
    if (!outcome.ok) {
      setMessage(failureMessage(t, outcome.failure));
      return;
    }
    keepSheet(contract.contractId, outcome.value);
    route(`/desk/contracts/${encodeURIComponent(contract.contractId)}/labels`);
  };

  const labelCount = chosen.length === 0 ? devices.length : chosen.length;
  return (
    <>
      <div class="reg-toolbar" data-testid="device-toolbar">
        <button
          type="button"
          class="button"
          disabled={sites.length === 0}
          onClick={() => open({ kind: 'new' })}
          data-testid="device-new"
        >
          {t('device.new')}
        </button>
        <button
          type="button"
          class="button button--quiet"
          disabled={sites.length === 0}
          onClick={() => open({ kind: 'import' })}
          data-testid="device-import"
        >
          {t('import.open')}
        </button>
        <button
          type="button"
          class="button button--quiet"
          disabled={busy || devices.length === 0}
          onClick={exportCsv}
          data-testid="device-export"
        >
          {t('device.export')}
        </button>
        <button
          type="button"
          class="button button--quiet"
          disabled={busy || devices.length === 0}
          onClick={() => setPrinting(true)}
          data-testid="device-labels"
        >
          {chosen.length === 0 || allChosen
            ? t('device.labelsAll')
            : t('device.labelsSelected', { count: chosen.length })}
        </button>
      </div>
      {sites.length === 0 && (
        <p class="notice notice--warn" data-testid="device-no-sites">
          {t('device.noSites')}{' '}
          <a href={`/desk/contracts/${encodeURIComponent(contract.contractId)}?tab=sites`}>
            {t('device.addSite')}
          </a>
        </p>
      )}
      <MessageLine message={message} testId="device-message" />
      {editing.kind === 'import' && (
        <ImportPanel
          t={t}
          locale={locale}
          contract={contract}
          sites={sites}
          onClose={close}
          onImported={(count) => done({ tone: 'ok', text: t('import.done', { count }) }, true)}
        />
      )}
      {(editing.kind === 'new' || editing.kind === 'edit') && (
        <DeviceEditor
          key={editing.kind === 'edit' ? editing.item.deviceId : 'new'}
          t={t}
          it={it}
          locale={locale}
          contract={contract}
          sites={sites}
          device={editing.kind === 'edit' ? editing.item : null}
          onDone={done}
        />
      )}
      {devices.length === 0 ? (
        <div class="card empty" data-testid="devices-empty">
          <p>{t('device.empty')}</p>
        </div>
      ) : (
        <div class="board-scroll">
          <table class="board reg-table" data-testid="devices-table">
            <caption class="visually-hidden">{t('device.caption', { count: devices.length })}</caption>
            <TableHead
              columns={[
                t('device.category'),
                t('device.model'),
                t('device.serial'),
                t('device.site'),
                t('device.period'),
                t('device.notes'),
                t('device.qr'),
              ]}
              actions={t('common.actions')}
            >
              <th scope="col" class="reg-select">
                <input
                  type="checkbox"
                  checked={allChosen}
                  aria-label={t('device.selectAll')}
                  onChange={(e) => setSelected(e.currentTarget.checked ? devices.map((d) => d.deviceId) : [])}
                />
              </th>
            </TableHead>
            <tbody>
              {devices.map((d) => (
                <tr key={d.deviceId} data-testid="device-row" data-serial={d.serial ?? ''}>
                  <td class="reg-select">
                    <input
                      type="checkbox"
                      checked={chosen.includes(d.deviceId)}
                      aria-label={t('device.select', { name: `${d.model} ${d.serial ?? ''}`.trim() })}
                      onChange={(e) => setSelected((ids) => toggle(ids, d.deviceId, e.currentTarget.checked))}
                    />
                  </td>
                  <td>{categoryName(it, d.category)}</td>
                  <td class="reg-strong">
                    <a
                      href={deviceHistoryHref(contract.contractId, d.deviceId)}
                      aria-label={t('device.history', { name: `${d.model} ${d.serial ?? ''}`.trim() })}
                      data-testid="device-history-link"
                    >
                      {d.model}
                    </a>
                  </td>
                  <td class="reg-mono">
                    {d.serial ?? <span class="reg-muted">{t('device.noSerial')}</span>}
                  </td>
                  <td>{siteNames.get(d.siteId) ?? d.siteId}</td>
                  <td class="reg-nowrap">{period(d.serviceStart, d.serviceEnd)}</td>
                  <td class="reg-notes">{d.notes ?? ''}</td>
                  <td>
                    {d.hasQr ? (
                      <span class="badge badge--ok">{t('device.qrYes')}</span>
                    ) : (
                      <span class="badge">{t('device.qrNo')}</span>
                    )}
                  </td>
                  <EditCell
                    t={t}
                    name={`${d.model} ${d.serial ?? ''}`.trim()}
                    onEdit={() => open({ kind: 'edit', item: d })}
                  />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog
        open={printing}
        title={t('labels.confirmTitle', { count: labelCount })}
        body={t('labels.confirmBody')}
        confirmLabel={t('labels.confirm')}
        cancelLabel={t('common.cancel')}
        danger
        busy={busy}
        onConfirm={printLabels}
        onCancel={() => setPrinting(false)}
      />
    </>
  );
}

/** Saves text as a file through a Blob URL, released once the download has started. */
function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function ImportPanel({
  t,
  locale,
  contract,
  sites,
  onClose,
  onImported,
}: {
  t: RT;
  locale: Locale;
  contract: ContractView;
  sites: SiteView[];
  onClose: () => void;
  onImported: (count: number) => void;
}) {
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [errors, setErrors] = useState<ImportError[] | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const { busy, run } = useChange();
  const preview = text.trim() === '' ? null : previewCsv(text);

  const pickFile = async (file: File | undefined) => {
    setErrors(null);
    setMessage(null);
    if (file === undefined) return;
    if (file.size > 64 * 1024) {
      setFileName(null);
      setText('');
      setMessage({ tone: 'error', text: t('import.tooLarge') });
      return;
    }
    setFileName(file.name);
    setText(await file.text());
  };

  const send = async () => {
    setErrors(null);
    setMessage(null);
    const outcome = await run(() => importCsv(contract.contractId, text, locale));
    if (!outcome.ok) return;
    const result = outcome.value;
    if (result.kind === 'imported') onImported(result.count);
    else if (result.kind === 'rejected') setErrors(result.errors);
    else setMessage(failureMessage(t, result.failure));
  };

  return (
    <section class="card reg-form" aria-labelledby="import-title" data-testid="import-panel">
      <h2 id="import-title" class="form-title">
        {t('import.title')}
      </h2>
      <p class="field-hint">{t('import.lead')}</p>
      <p class="reg-code" translate={false}>
        category,model,quantity,unit,notes,service_months,serial,site
      </p>
      <p class="field-hint">
        {t('import.rules', { start: contract.startsOn })}{' '}
        {sites.length === 1 ? t('import.oneSite', { site: sites[0]?.name ?? '' }) : t('import.manySites')}
      </p>
      <div class="field">
        <label for="import-file">{t('import.file')}</label>
        <input
          id="import-file"
          class="reg-file"
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => void pickFile(e.currentTarget.files?.[0])}
          data-testid="import-file"
        />
      </div>
      <div class="field">
        <label for="import-text">
          {fileName === null ? t('import.paste') : t('import.fromFile', { name: fileName })}
        </label>
        <textarea
          id="import-text"
          class="input textarea reg-csv"
          rows={8}
          spellcheck={false}
          value={text}
          onInput={(e) => {
            setText(e.currentTarget.value);
            setErrors(null);
          }}
          data-testid="import-text"
        />
      </div>
      {preview !== null && (
        <p class="reg-preview" role="status" data-testid="import-preview">
          {preview.devices === null
            ? t('import.previewRows', { rows: preview.rows })
            : t('import.preview', { rows: preview.rows, devices: preview.devices })}
          {preview.missingColumns.length > 0 && (
            <span class="reg-preview-warn">
              {' '}
              {t('import.missing', { columns: preview.missingColumns.join(', ') })}
            </span>
          )}
        </p>
      )}
      {errors !== null && (
        <div class="form-error reg-report" role="alert" data-testid="import-report">
          <p>{t('import.rejected', { count: errors.length })}</p>
          <ul>
            {errors.map((e) => (
              <li key={`${e.line}-${e.field}`} data-testid="import-error">
                <span class="reg-line">{t('import.line', { line: e.line })}</span> {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <MessageLine message={message} testId="import-message" />
      <div class="reg-actions">
        <button
          type="button"
          class="button"
          disabled={busy || preview === null || preview.rows === 0}
          aria-busy={busy}
          onClick={send}
          data-testid="import-send"
        >
          {busy ? t('import.sending') : t('import.send')}
        </button>
        <button type="button" class="button button--quiet" disabled={busy} onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </section>
  );
}

function DeviceEditor({
  t,
  it,
  locale,
  contract,
  sites,
  device,
  onDone,
}: {
  t: RT;
  it: IT;
  locale: Locale;
  contract: ContractView;
  sites: SiteView[];
  device: DeviceView | null;
  onDone: Done;
}) {
  const labels: Record<string, string> = {
    category: t('device.category'),
    model: t('device.model'),
    serial: t('device.serial'),
    siteId: t('device.site'),
    serviceStart: t('device.serviceStart'),
    serviceEnd: t('device.serviceEnd'),
    notes: t('device.notes'),
  };
  const { form, set, field, invalid, message, busy, run, check, settle } = useRegisterForm<DeviceForm>(
    t,
    () =>
      device === null
        ? {
            category: 'firewall',
            model: '',
            serial: '',
            siteId: sites[0]?.siteId ?? '',
            serviceStart: contract.startsOn,
            serviceEnd: contract.endsOn,
            notes: '',
          }
        : {
            category: device.category,
            model: device.model,
            serial: device.serial ?? '',
            siteId: device.siteId,
            serviceStart: device.serviceStart,
            serviceEnd: device.serviceEnd,
            notes: device.notes ?? '',
          },
    { labels },
  );
  const formRef = useFocusFirst();

  const save = async (event: Event) => {
    event.preventDefault();
    const body = check(deviceBody(form));
    if (body === null) return;
    const outcome = await run(() =>
      device === null
        ? register.createDevice(contract.contractId, body, { lang: locale })
        : register.updateDevice(
            device.deviceId,
            { ...body, expectedVersion: device.version },
            { lang: locale },
          ),
    );
    settle(outcome, onDone);
  };

  return (
    <form ref={formRef} class="card form reg-form" onSubmit={save} noValidate data-testid="device-form">
      <h2 class="form-title">
        {device === null
          ? t('device.new')
          : t('device.edit', { name: `${device.model} ${device.serial ?? ''}`.trim() })}
      </h2>
      <div class="reg-grid">
        <div class="field">
          <label for="device-category">{t('device.category')}</label>
          <select
            id="device-category"
            class="input select reg-input"
            value={form.category}
            onChange={(e) => set('category')(e.currentTarget.value)}
          >
            {DEVICE_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {categoryName(it, c)}
              </option>
            ))}
          </select>
        </div>
        <TextField id="device-model" label={t('device.model')} {...field('model')} maxLength={100} required />
        <TextField id="device-serial" label={t('device.serial')} {...field('serial')} maxLength={100} />
        <div class="field">
          <label for="device-site">{t('device.site')}</label>
          <select
            id="device-site"
            class="input select reg-input"
            value={form.siteId}
            aria-invalid={invalid === 'siteId'}
            onChange={(e) => set('siteId')(e.currentTarget.value)}
          >
            {sites.map((s) => (
              <option key={s.siteId} value={s.siteId}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <TextField
          id="device-start"
          type="date"
          label={t('device.serviceStart')}
          {...field('serviceStart')}
          required
        />
        <TextField
          id="device-end"
          type="date"
          label={t('device.serviceEnd')}
          {...field('serviceEnd')}
          required
        />
      </div>
      <TextField id="device-notes" label={t('device.notes')} {...field('notes')} maxLength={500} />
      <SaveCancel
        t={t}
        busy={busy}
        message={message}
        messageTestId="device-form-message"
        saveTestId="device-save"
        onCancel={() => onDone(null, false)}
      />
    </form>
  );
}
