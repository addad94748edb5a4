import '../desk/desk.css';
import './register.css';
import { useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import type { ContractView } from '../../../shared/contracts/schemas.ts';
import type { SlaPolicy } from '../../../shared/sla/index.ts';
import { DeskGate } from '../desk/gate';
import type { Locale } from '../i18n/locale';
import { formatInstant } from '../intake/time';
import { ContractHead, type ContractTab, customerHref, tabOf } from './ContractHead';
import { contractUpdateBody } from './forms';
import { InspectionsSection } from './InspectionsSection';
import { ContactsSection, SitesSection } from './PlacesSections';
import { NewPolicyForm } from './PolicyForm';
import { EscalationSection, LinksSection } from './ReachSections';
import { LoadedPage, SaveCancel, useRegisterForm } from './sections';
import { register, useLoad } from './store';
import { TableHead } from './table';
import { failureMessage, MessageLine, type RT, TextField, useRegisterCatalogue } from './ui';

/** `/desk/contracts/:id`: one contract, section by section (`?tab=`). */
export default function ContractPage() {
  return (
    <DeskGate>
      <Contract />
    </DeskGate>
  );
}

function Contract() {
  const { t, locale } = useRegisterCatalogue();
  const { params } = useRoute();
  const { query } = useLocation();
  const contractId = params.id ?? '';
  const tab = tabOf(query.tab);
  const contract = useLoad((signal) => register.contract(contractId, { signal, lang: locale }), contractId);

  return (
    <LoadedPage
      pageTestId="contract-page"
      testId="contract"
      data={contract}
      loadingText={t('contract.loading')}
      failedText={t('contract.failed')}
      notFoundText={t('contract.notFound')}
    >
      {(k) => (
        <>
          <ContractHead t={t} contract={k} tab={tab} />
          <Section
            t={t}
            locale={locale}
            tab={tab}
            contract={k}
            onChanged={contract.set}
            reload={contract.reload}
          />
        </>
      )}
    </LoadedPage>
  );
}

function Section(props: {
  t: RT;
  locale: Locale;
  tab: ContractTab;
  contract: ContractView;
  onChanged: (contract: ContractView) => void;
  reload: () => Promise<void>;
}) {
  switch (props.tab) {
    case 'policies':
      return <PoliciesSection {...props} />;
    case 'sites':
      return <SitesSection t={props.t} locale={props.locale} contractId={props.contract.contractId} />;
    case 'contacts':
      return <ContactsSection t={props.t} locale={props.locale} contractId={props.contract.contractId} />;
    case 'escalation':
      return <EscalationSection {...props} />;
    case 'links':
      return <LinksSection t={props.t} locale={props.locale} contract={props.contract} />;
    case 'inspections':
      return <InspectionsSection t={props.t} locale={props.locale} contract={props.contract} />;
    default:
      return <DetailsSection {...props} />;
  }
}

interface ContractSectionProps {
  t: RT;
  locale: Locale;
  contract: ContractView;
  onChanged: (contract: ContractView) => void;
  reload: () => Promise<void>;
}

function DetailsSection({ t, locale, contract, onChanged, reload }: ContractSectionProps) {
  const initial = () => ({
    name: contract.name,
    startsOn: contract.startsOn,
    endsOn: contract.endsOn,
    notes: contract.notes ?? '',
  });
  const [editing, setEditing] = useState(false);
  const labels: Record<string, string> = {
    name: t('contract.name'),
    startsOn: t('contract.startsOn'),
    endsOn: t('contract.endsOn'),
    notes: t('contract.notes'),
  };
  const { form, setForm, field, message, setMessage, busy, run, check } = useRegisterForm(t, initial, {
    labels,
  });

  const save = async (event: Event) => {
    event.preventDefault();
    const body = check(contractUpdateBody(form, contract.version));
    if (body === null) return;
    const outcome = await run(() => register.updateContract(contract.contractId, body, { lang: locale }));
    if (outcome.ok) {
      onChanged(outcome.value);
      setEditing(false);
      setMessage({ tone: 'ok', text: t('change.saved') });
      return;
    }
    if (outcome.failure.kind === 'conflict') {
      await reload();
      setEditing(false);
    }
    setMessage(failureMessage(t, outcome.failure));
  };

  if (!editing) {
    return (
      <section class="card" aria-labelledby="details-title" data-testid="section-details">
        <div class="reg-section-head">
          <h2 id="details-title" class="section-title">
            {t('tab.details')}
          </h2>
          <button
            type="button"
            class="button button--quiet"
            onClick={() => {
              setForm(initial());
              setMessage(null);
              setEditing(true);
            }}
            data-testid="details-edit"
          >
            {t('common.edit')}
          </button>
        </div>
        <dl class="reg-facts-grid">
          <div>
            <dt>{t('contract.customer')}</dt>
            <dd>
              <a href={customerHref(contract.customerId)} data-testid="details-customer-link">
                {contract.customerName}
              </a>
            </dd>
          </div>
          <div>
            <dt>{t('contract.name')}</dt>
            <dd>{contract.name}</dd>
          </div>
          <div>
            <dt>{t('contract.level')}</dt>
            <dd>{t(`level.${contract.serviceLevel}.long`)}</dd>
          </div>
          <div>
            <dt>{t('contract.zone')}</dt>
            <dd>{contract.timeZone}</dd>
          </div>
          <div>
            <dt>{t('contract.startsOn')}</dt>
            <dd>{contract.startsOn}</dd>
          </div>
          <div>
            <dt>{t('contract.endsOn')}</dt>
            <dd>{contract.endsOn}</dd>
          </div>
          <div class="reg-span">
            <dt>{t('contract.notes')}</dt>
            <dd>{contract.notes ?? t('common.none')}</dd>
          </div>
        </dl>
        <p class="field-hint">{t('contract.levelHint')}</p>
        <MessageLine message={message} testId="details-message" />
      </section>
    );
  }
  return (
    <form class="card form reg-form" onSubmit={save} noValidate data-testid="section-details">
      <h2 class="form-title">{t('contract.edit')}</h2>
      <div class="reg-grid">
        <TextField id="details-name" label={t('contract.name')} {...field('name')} maxLength={100} required />
        <TextField
          id="details-starts"
          type="date"
          label={t('contract.startsOn')}
          {...field('startsOn')}
          required
        />
        <TextField id="details-ends" type="date" label={t('contract.endsOn')} {...field('endsOn')} required />
      </div>
      <TextField id="details-notes" label={t('contract.notes')} {...field('notes')} maxLength={1000} />
      <SaveCancel
        t={t}
        busy={busy}
        message={message}
        messageTestId="details-message"
        saveTestId="details-save"
        onCancel={() => setEditing(false)}
      />
    </form>
  );
}

function arrivalText(t: RT, policy: SlaPolicy): string {
  return policy.arrival.kind === 'serviceTime'
    ? t('policy.arrival.within', { hours: hours(policy.arrival.minutes) })
    : t('policy.arrival.nextDay');
}

function PoliciesSection({ t, locale, contract, onChanged, reload }: ContractSectionProps) {
  const now = Date.now();
  const versions = [...contract.policies].sort((a, b) => b.version - a.version);

  return (
    <>
      <section class="card" aria-labelledby="policies-title" data-testid="section-policies">
        <h2 id="policies-title" class="section-title">
          {t('policy.title')}
        </h2>
        <p class="field-hint">{t('policy.lead')}</p>
        <div class="board-scroll reg-flat">
          <table class="board reg-table" data-testid="policies-table">
            <TableHead
              columns={[
                t('policy.col.version'),
                t('policy.col.from'),
                t('policy.col.level'),
                t('policy.col.hours'),
                t('policy.col.arrival'),
                t('policy.col.resolution1'),
                t('policy.col.resolution2'),
                t('policy.col.resolution3'),
                t('policy.col.warning'),
                t('policy.col.report'),
              ]}
            />
            <tbody>
              {versions.map((p) => (
                <tr key={p.version} data-testid="policy-row">
                  <td class="reg-strong">v{p.version}</td>
                  <td class="reg-nowrap">{formatInstant(p.effectiveFrom, contract.timeZone, locale, now)}</td>
                  <td>
                    <span class="badge">{t(`level.${p.serviceLevel}`)}</span>
                  </td>
                  <td>{p.calendar.label ?? ''}</td>
                  <td>{arrivalText(t, p)}</td>
                  <td class="reg-num">{t('policy.hours', { hours: hours(p.resolutionMinutes[1]) })}</td>
                  <td class="reg-num">{t('policy.hours', { hours: hours(p.resolutionMinutes[2]) })}</td>
                  <td class="reg-num">{t('policy.hours', { hours: hours(p.resolutionMinutes[3]) })}</td>
                  <td class="reg-num">{Math.round(p.warningRatio * 100)}%</td>
                  <td class="reg-num">
                    {t('policy.reportDue', {
                      due: p.report.dueAfterHours,
                      warning: p.report.warningAfterHours,
                    })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <NewPolicyForm t={t} locale={locale} contract={contract} onChanged={onChanged} reload={reload} />
    </>
  );
}

/** Minutes as hours, to two decimals at most (90 → 1.5). */
function hours(minutes: number): number {
  return Math.round((minutes / 60) * 100) / 100;
}
