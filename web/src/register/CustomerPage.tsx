import '../desk/desk.css';
import './register.css';
import { useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import type { ContractView, CustomerView } from '../../../shared/contracts/schemas.ts';
import { DeskGate } from '../desk/gate';
import type { Locale } from '../i18n/locale';
import { customerFormOf, customerUpdateBody, formChanged } from './forms';
import { LoadedPage, useRegisterForm } from './sections';
import { register, useLoad } from './store';
import {
  failureMessage,
  Loaded,
  type Message,
  MessageLine,
  period,
  type RT,
  TextField,
  useRegisterCatalogue,
} from './ui';
import { useUnsavedGuard } from './unsaved';

/** `/desk/customers/:id`: one customer's name and contact details, editable, and its contracts. */
export default function CustomerPage() {
  return (
    <DeskGate>
      <Customer />
    </DeskGate>
  );
}

function Customer() {
  const { t, locale } = useRegisterCatalogue();
  const { params } = useRoute();
  const customerId = params.id ?? '';
  const customer = useLoad((signal) => register.customer(customerId, { signal, lang: locale }), customerId);
  // Outlives the form, which starts again from each version read (after a save or a conflict).
  const [notice, setNotice] = useState<Message>(null);

  return (
    <LoadedPage
      pageTestId="customer-page"
      testId="customer"
      data={customer}
      loadingText={t('customer.loading')}
      failedText={t('customer.failed')}
      notFoundText={t('customer.notFound')}
      before={
        <a class="back-link" href="/desk/contracts">
          {t('contract.back')}
        </a>
      }
    >
      {(c) => (
        <>
          <div class="intro">
            <p class="reg-kicker">{t('customer.kicker')}</p>
            <h1 data-testid="customer-title">{c.name}</h1>
          </div>
          {/* Keyed by version: a reload after a conflict or a save starts the form from what is stored. */}
          <CustomerForm
            key={c.version}
            t={t}
            locale={locale}
            customer={c}
            notice={notice}
            onSaved={(saved) => {
              setNotice({ tone: 'ok', text: t('change.saved') });
              customer.set(saved);
            }}
            onConflict={async (message) => {
              setNotice(message);
              await customer.reload();
            }}
          />
          <CustomerContracts t={t} locale={locale} customerId={c.customerId} />
        </>
      )}
    </LoadedPage>
  );
}

function CustomerForm({
  t,
  locale,
  customer,
  notice,
  onSaved,
  onConflict,
}: {
  t: RT;
  locale: Locale;
  customer: CustomerView;
  notice: Message;
  onSaved: (c: CustomerView) => void;
  onConflict: (message: Message) => Promise<void>;
}) {
  const stored = customerFormOf(customer);
  const labels: Record<string, string> = {
    name: t('customer.name'),
    phone: t('customer.phone'),
    email: t('customer.email'),
    address: t('customer.address'),
    notes: t('customer.notes'),
  };
  const { form, field, reset, message, setMessage, busy, run, check } = useRegisterForm(t, stored, {
    labels,
    notice,
    refusal: 'untilEdited',
  });
  const dirty = formChanged(form, stored);
  useUnsavedGuard(dirty, t('customer.unsaved'));

  const save = async (event: Event) => {
    event.preventDefault();
    const body = check(customerUpdateBody(form, customer.version));
    if (body === null) return;
    const outcome = await run(() => register.updateCustomer(customer.customerId, body, { lang: locale }));
    if (outcome.ok) {
      onSaved(outcome.value);
      return;
    }
    if (outcome.failure.kind === 'conflict') {
      // Someone else saved first: show what is stored now (the form starts again from it).
      await onConflict(failureMessage(t, outcome.failure));
      return;
    }
    setMessage(failureMessage(t, outcome.failure));
  };

  return (
    <form class="card form reg-form" onSubmit={save} noValidate data-testid="customer-form">
      <h2 class="form-title">{t('customer.edit')}</h2>
      <p class="field-hint">{t('customer.lead')}</p>
      <div class="reg-grid">
        <TextField
          id="customer-name"
          label={t('customer.name')}
          {...field('name')}
          hint={t('customer.nameHint')}
          maxLength={100}
          required
        />
        <TextField
          id="customer-phone"
          type="tel"
          inputMode="tel"
          label={t('customer.phone')}
          {...field('phone')}
          hint={t('customer.phoneHint')}
          maxLength={32}
        />
        <TextField id="customer-email" label={t('customer.email')} {...field('email')} maxLength={254} />
        <TextField
          id="customer-address"
          label={t('customer.address')}
          {...field('address')}
          maxLength={300}
          wide
        />
      </div>
      <TextField id="customer-notes" label={t('customer.notes')} {...field('notes')} maxLength={1000} />
      {dirty && (
        <p class="field-hint" data-testid="customer-dirty">
          {t('customer.dirty')}
        </p>
      )}
      <MessageLine message={message} testId="customer-message" />
      <div class="reg-actions">
        <button
          type="submit"
          class="button"
          disabled={busy || !dirty}
          aria-busy={busy}
          data-testid="customer-save"
        >
          {busy ? t('common.saving') : t('common.save')}
        </button>
        <button
          type="button"
          class="button button--quiet"
          disabled={busy || !dirty}
          onClick={() => reset(stored)}
          data-testid="customer-reset"
        >
          {t('customer.reset')}
        </button>
      </div>
      <p class="field-hint" data-testid="customer-saved-at">
        {t('customer.version', { version: customer.version })}
      </p>
    </form>
  );
}

function CustomerContracts({ t, locale, customerId }: { t: RT; locale: Locale; customerId: string }) {
  const contracts = useLoad((signal) => register.contracts({ signal, lang: locale }), customerId);
  return (
    <section class="card" aria-labelledby="customer-contracts-title" data-testid="customer-contracts">
      <h2 id="customer-contracts-title" class="section-title">
        {t('customer.contracts')}
      </h2>
      <Loaded
        load={contracts.load}
        loadingText={t('contracts.loading')}
        failedText={t('contracts.failed')}
        retry={contracts.reload}
        testId="customer-contracts"
      >
        {(list) => <ContractList t={t} contracts={list.filter((k) => k.customerId === customerId)} />}
      </Loaded>
    </section>
  );
}

function ContractList({ t, contracts }: { t: RT; contracts: ContractView[] }) {
  if (contracts.length === 0) {
    return (
      <p class="reg-empty" data-testid="customer-contracts-empty">
        {t('customer.noContracts')}
      </p>
    );
  }
  return (
    <ul class="reg-list">
      {[...contracts]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((k) => (
          <li key={k.contractId} data-testid="customer-contract">
            <a href={`/desk/contracts/${encodeURIComponent(k.contractId)}`}>{k.name}</a>{' '}
            <span class="badge">{t(`level.${k.serviceLevel}`)}</span>{' '}
            <span class="reg-muted">{period(k.startsOn, k.endsOn)}</span>
          </li>
        ))}
    </ul>
  );
}
