import type { ContractView } from '../../../shared/contracts/schemas.ts';
import { useI18n } from '../i18n/I18nProvider';
import type { RegisterKey } from './i18n.zh-CN';
import { period, type RT } from './ui';

export const CONTRACT_TABS = [
  'details',
  'policies',
  'sites',
  'contacts',
  'escalation',
  'links',
  'devices',
  'inspections',
] as const;
export type ContractTab = (typeof CONTRACT_TABS)[number];

export function tabOf(value: string | undefined): ContractTab {
  return CONTRACT_TABS.find((tab) => tab === value) ?? 'details';
}

/** The address of a tab: the device register has a page of its own, the rest are `?tab=`. */
export function tabHref(contractId: string, tab: ContractTab): string {
  const base = `/desk/contracts/${encodeURIComponent(contractId)}`;
  return tab === 'devices' ? `${base}/devices` : tab === 'details' ? base : `${base}?tab=${tab}`;
}

/** The history page of a device of the contract. */
export function deviceHistoryHref(contractId: string, deviceId: string): string {
  return `/desk/contracts/${encodeURIComponent(contractId)}/devices/${encodeURIComponent(deviceId)}`;
}

/** The desk page of a customer. */
export function customerHref(customerId: string): string {
  return `/desk/customers/${encodeURIComponent(customerId)}`;
}

/** A contract's title, its facts in one line, and the tabs of its pages. */
export function ContractHead({ t, contract, tab }: { t: RT; contract: ContractView; tab: ContractTab }) {
  const { t: tApp } = useI18n();
  return (
    <>
      <a class="back-link" href="/desk/contracts">
        {t('contract.back')}
      </a>
      <div class="intro">
        <p class="reg-kicker">
          <a href={customerHref(contract.customerId)} data-testid="contract-customer-link">
            {contract.customerName}
          </a>
        </p>
        <h1 data-testid="contract-title">{contract.name}</h1>
        <p class="reg-facts">
          <span class="badge">{t(`level.${contract.serviceLevel}` as RegisterKey)}</span>
          <span>{period(contract.startsOn, contract.endsOn)}</span>
          <span>{contract.timeZone}</span>
          <a
            href={`/desk/audit?contractId=${encodeURIComponent(contract.contractId)}`}
            data-testid="contract-audit-link"
          >
            {tApp('nav.audit')}
          </a>
        </p>
      </div>
      <nav class="reg-tabs" aria-label={t('contract.sections')}>
        {CONTRACT_TABS.map((item) => (
          <a
            key={item}
            class="reg-tab"
            href={tabHref(contract.contractId, item)}
            aria-current={item === tab ? 'page' : undefined}
            data-testid={`tab-${item}`}
          >
            {t(`tab.${item}`)}
          </a>
        ))}
      </nav>
    </>
  );
}
