import '../desk/desk.css';
import './register.css';
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { ContractView, CustomerView } from '../../../shared/contracts/schemas.ts';
import { DeskGate } from '../desk/gate';
import { customerHref } from './ContractHead';
import { type ContractForm, contractBody, customerBody, SERVICE_LEVELS, TIME_ZONES } from './forms';
import { SaveCancel, useRegisterForm } from './sections';
import { register, useLoad } from './store';
import { TableHead } from './table';
import { failureMessage, Loaded, period, type RT, TextField, useRegisterCatalogue } from './ui';

/** `/desk/contracts`: every contract of the company, and a new one (for a new or an existing customer). */
export default function ContractsPage() {
  return (
    <DeskGate>
      <Contracts />
    </DeskGate>
  );
}

function Contracts() {
  const { t, locale } = useRegisterCatalogue();
  const contracts = useLoad((signal) => register.contracts({ signal, lang: locale }), locale);
  const [creating, setCreating] = useState(false);

  return (
    <div class="page desk-wide" data-testid="contracts-page">
      <div class="desk-head">
        <div class="intro">
          <h1>{t('contracts.title')}</h1>
          <p class="lead">{t('contracts.lead')}</p>
        </div>
        <div class="desk-head-side">
          {!creating && (
            <button type="button" class="button" onClick={() => setCreating(true)} data-testid="contract-new">
              {t('contracts.new')}
            </button>
          )}
        </div>
      </div>
      {creating && <NewContract t={t} onCancel={() => setCreating(false)} />}
      <Loaded
        load={contracts.load}
        loadingText={t('contracts.loading')}
        failedText={t('contracts.failed')}
        retry={contracts.reload}
        testId="contracts"
      >
        {(list) =>
          list.length === 0 ? (
            <div class="card empty" data-testid="contracts-empty">
              <p>{t('contracts.empty')}</p>
            </div>
          ) : (
            <ContractTable t={t} contracts={list} />
          )
        }
      </Loaded>
    </div>
  );
}

function ContractTable({ t, contracts }: { t: RT; contracts: ContractView[] }) {
  const sorted = [...contracts].sort(
    (a, b) => a.customerName.localeCompare(b.customerName) || a.name.localeCompare(b.name),
  );
  return (
    <div class="board-scroll">
      <table class="board reg-table" data-testid="contracts-table">
        <TableHead
          columns={[
            t('contracts.col.customer'),
            t('contracts.col.name'),
            t('contracts.col.level'),
            t('contracts.col.period'),
            t('contracts.col.zone'),
          ]}
        />
        <tbody>
          {sorted.map((k) => (
            <tr key={k.contractId} data-testid="contract-row">
              <td>
                <a href={customerHref(k.customerId)} data-testid="contract-row-customer">
                  {k.customerName}
                </a>
              </td>
              <td class="reg-strong">
                <a href={`/desk/contracts/${encodeURIComponent(k.contractId)}`}>{k.name}</a>
              </td>
              <td>
                <span class="badge">{t(`level.${k.serviceLevel}`)}</span>
              </td>
              <td class="reg-nowrap">{period(k.startsOn, k.endsOn)}</td>
              <td class="reg-nowrap">{k.timeZone}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const NEW_CUSTOMER = '__new__';

function NewContract({ t, onCancel }: { t: RT; onCancel: () => void }) {
  const { locale } = useRegisterCatalogue();
  const { route } = useLocation();
  const customers = useLoad((signal) => register.customers({ signal, lang: locale }), 'customers');
  const [customerId, setCustomerId] = useState(NEW_CUSTOMER);
  const [customerName, setCustomerName] = useState('');
  const labels: Record<string, string> = {
    customer: t('contract.customerName'),
    name: t('contract.name'),
    serviceLevel: t('contract.level'),
    timeZone: t('contract.zone'),
    startsOn: t('contract.startsOn'),
    endsOn: t('contract.endsOn'),
    notes: t('contract.notes'),
  };
  const { form, set, field, invalid, message, setMessage, busy, run, refuse, check } =
    useRegisterForm<ContractForm>(
      t,
      { name: '', serviceLevel: 'A', timeZone: 'Asia/Shanghai', startsOn: '', endsOn: '', notes: '' },
      { labels },
    );

  const submit = async (event: Event) => {
    event.preventDefault();
    const isNew = customerId === NEW_CUSTOMER;
    const customer = isNew ? customerBody({ name: customerName, notes: '' }) : null;
    if (customer !== null && !customer.ok) {
      refuse('customer');
      return;
    }
    // Checked before a new customer is made, so a bad contract does not leave a customer behind.
    const draft = check(contractBody(form, isNew ? 'pending' : customerId));
    if (draft === null) return;
    setMessage(null);
    const outcome = await run(async () => {
      const owner =
        customer?.ok === true
          ? (await register.createCustomer(customer.body, { lang: locale })).customerId
          : customerId;
      return register.createContract({ ...draft, customerId: owner }, { lang: locale });
    });
    if (outcome.ok) {
      route(`/desk/contracts/${encodeURIComponent(outcome.value.contractId)}`);
      return;
    }
    setMessage(failureMessage(t, outcome.failure));
  };

  const customerList: CustomerView[] = customers.load.status === 'ready' ? customers.load.data : [];
  return (
    <form class="card form reg-form" onSubmit={submit} noValidate data-testid="contract-form">
      <h2 class="form-title">{t('contracts.new')}</h2>
      <div class="reg-grid">
        <div class="field">
          <label for="contract-customer">{t('contract.customer')}</label>
          <select
            id="contract-customer"
            class="input select reg-input"
            value={customerId}
            onChange={(e) => setCustomerId(e.currentTarget.value)}
          >
            <option value={NEW_CUSTOMER}>{t('contract.customerNew')}</option>
            {customerList.map((c) => (
              <option key={c.customerId} value={c.customerId}>
                {c.name}
              </option>
            ))}
          </select>
          {customers.load.status === 'failed' && <p class="field-hint">{t('contract.customersFailed')}</p>}
        </div>
        {customerId === NEW_CUSTOMER && (
          <TextField
            id="contract-customer-name"
            label={t('contract.customerName')}
            value={customerName}
            onInput={setCustomerName}
            invalid={invalid === 'customer'}
            maxLength={100}
            required
          />
        )}
        <TextField
          id="contract-name"
          label={t('contract.name')}
          {...field('name')}
          maxLength={100}
          required
        />
        <div class="field">
          <label for="contract-level">{t('contract.level')}</label>
          <select
            id="contract-level"
            class="input select reg-input"
            value={form.serviceLevel}
            onChange={(e) => set('serviceLevel')(e.currentTarget.value)}
          >
            {SERVICE_LEVELS.map((level) => (
              <option key={level} value={level}>
                {t(`level.${level}.long`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="contract-zone">{t('contract.zone')}</label>
          <select
            id="contract-zone"
            class="input select reg-input"
            value={form.timeZone}
            onChange={(e) => set('timeZone')(e.currentTarget.value)}
          >
            {TIME_ZONES.map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
        </div>
        <TextField
          id="contract-starts"
          type="date"
          label={t('contract.startsOn')}
          {...field('startsOn')}
          required
        />
        <TextField
          id="contract-ends"
          type="date"
          label={t('contract.endsOn')}
          {...field('endsOn')}
          hint={t('contract.endsOnHint')}
          required
        />
      </div>
      <TextField id="contract-notes" label={t('contract.notes')} {...field('notes')} maxLength={1000} />
      <SaveCancel
        t={t}
        busy={busy}
        message={message}
        messageTestId="contract-form-message"
        saveTestId="contract-create"
        saveLabel={t('contracts.create')}
        onCancel={onCancel}
      />
    </form>
  );
}
