import { useState } from 'preact/hooks';
import type { ContactView, ContractView, IntakeLinkCreated } from '../../../shared/contracts/schemas.ts';
import { ConfirmDialog } from '../desk/ConfirmDialog';
import type { Locale } from '../i18n/locale';
import { formatInstant } from '../intake/time';
import type { StaffChoice } from './api';
import { escalationBody, pageUrl, type TierChoice, tiersOf, toggle } from './forms';
import { ListTable, Section } from './sections';
import { register, useChange, useLoad } from './store';
import { failureMessage, Loaded, type Message, MessageLine, type RT } from './ui';

interface ContractSectionProps {
  t: RT;
  locale: Locale;
  contract: ContractView;
  onChanged: (contract: ContractView) => void;
  reload: () => Promise<void>;
}

/** Tiers 1..3 of the escalation chain: whom each step texts, contacts of the contract and staff. */
export function EscalationSection({ t, locale, contract, onChanged, reload }: ContractSectionProps) {
  const [message, setMessage] = useState<Message>(null);
  const people = useLoad(async (signal) => {
    const [contacts, staff] = await Promise.all([
      register.contacts(contract.contractId, { signal, lang: locale }),
      register.staff({ signal, lang: locale }),
    ]);
    return { contacts, staff };
  }, contract.contractId);
  return (
    <section class="card" aria-labelledby="escalation-title" data-testid="section-escalation">
      <h2 id="escalation-title" class="section-title">
        {t('escalation.title')}
      </h2>
      <p class="field-hint">{t('escalation.lead')}</p>
      <Loaded
        load={people.load}
        loadingText={t('escalation.loading')}
        failedText={t('escalation.failed')}
        retry={people.reload}
        testId="escalation"
      >
        {({ contacts, staff }) => (
          <TierEditor
            key={contract.version}
            t={t}
            locale={locale}
            contract={contract}
            contacts={contacts}
            staff={staff}
            onChanged={onChanged}
            reload={reload}
            setMessage={setMessage}
          />
        )}
      </Loaded>
      <MessageLine message={message} testId="escalation-message" />
    </section>
  );
}

function TierEditor({
  t,
  locale,
  contract,
  contacts,
  staff,
  onChanged,
  reload,
  setMessage,
}: ContractSectionProps & {
  contacts: ContactView[];
  staff: StaffChoice[];
  setMessage: (message: Message) => void;
}) {
  const [tiers, setTiers] = useState<TierChoice[]>(() => tiersOf(contract.escalation));
  const { busy, run } = useChange();
  const pick = (tier: number, kind: 'contactIds' | 'staffIds', id: string, on: boolean) =>
    setTiers((all) => all.map((x) => (x.tier === tier ? { ...x, [kind]: toggle(x[kind], id, on) } : x)));

  const save = async (event: Event) => {
    event.preventDefault();
    setMessage(null);
    const body = escalationBody(tiers, contract.version);
    if (!body.ok) {
      setMessage({ tone: 'error', text: t('escalation.invalid') });
      return;
    }
    const outcome = await run(() => register.setEscalation(contract.contractId, body.body, { lang: locale }));
    if (outcome.ok) {
      onChanged(outcome.value);
      setMessage({ tone: 'ok', text: t('change.saved') });
      return;
    }
    if (outcome.failure.kind === 'conflict') await reload();
    setMessage(failureMessage(t, outcome.failure));
  };

  return (
    <form class="form reg-form" onSubmit={save} noValidate data-testid="escalation-form">
      <div class="reg-tiers">
        {tiers.map((tier) => (
          <fieldset key={tier.tier} class="reg-tier" data-testid={`tier-${tier.tier}`}>
            <legend class="reg-tier-title">{t('escalation.tier', { tier: tier.tier })}</legend>
            <p class="field-hint">{t(`escalation.tier${tier.tier}.hint`)}</p>
            <p class="reg-group-title">{t('escalation.contacts')}</p>
            {contacts.length === 0 ? (
              <p class="field-hint">{t('escalation.noContacts')}</p>
            ) : (
              contacts.map((c) => (
                <label key={c.contactId} class="reg-check">
                  <input
                    type="checkbox"
                    checked={tier.contactIds.includes(c.contactId)}
                    onChange={(e) => pick(tier.tier, 'contactIds', c.contactId, e.currentTarget.checked)}
                  />
                  <span>
                    {c.name} <span class="reg-muted">· {c.role}</span>
                  </span>
                </label>
              ))
            )}
            <p class="reg-group-title">{t('escalation.staff')}</p>
            {staff.length === 0 ? (
              <p class="field-hint">{t('escalation.noStaff')}</p>
            ) : (
              staff.map((s) => (
                <label key={s.staffId} class="reg-check">
                  <input
                    type="checkbox"
                    checked={tier.staffIds.includes(s.staffId)}
                    onChange={(e) => pick(tier.tier, 'staffIds', s.staffId, e.currentTarget.checked)}
                  />
                  <span>
                    {s.name} <span class="reg-muted">· {s.roles.map((r) => roleName(t, r)).join(' / ')}</span>
                  </span>
                </label>
              ))
            )}
          </fieldset>
        ))}
      </div>
      <button type="submit" class="button" disabled={busy} aria-busy={busy} data-testid="escalation-save">
        {busy ? t('common.saving') : t('escalation.save')}
      </button>
    </form>
  );
}

function roleName(t: RT, role: string): string {
  switch (role) {
    case 'admin':
      return t('role.admin');
    case 'dispatcher':
      return t('role.dispatcher');
    case 'supervisor':
      return t('role.supervisor');
    case 'engineer':
      return t('role.engineer');
    default:
      return role;
  }
}

/** The contract's report links: make one (its address shown this once), list them, revoke one. */
export function LinksSection({ t, locale, contract }: { t: RT; locale: Locale; contract: ContractView }) {
  const links = useLoad(
    (signal) => register.links(contract.contractId, { signal, lang: locale }),
    contract.contractId,
  );
  const [created, setCreated] = useState<IntakeLinkCreated | null>(null);
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  const [revoking, setRevoking] = useState<string | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const { busy, run } = useChange();
  const now = Date.now();
  const url = created === null ? '' : pageUrl(location.origin, created.path);

  const create = async () => {
    setMessage(null);
    const outcome = await run(() => register.createLink(contract.contractId, { lang: locale }));
    if (!outcome.ok) {
      setMessage(failureMessage(t, outcome.failure));
      return;
    }
    setCreated(outcome.value);
    setCopied('no');
    await links.reload();
  };

  const revoke = async () => {
    const linkId = revoking;
    if (linkId === null) return;
    const outcome = await run(() => register.revokeLink(contract.contractId, linkId, { lang: locale }));
    setRevoking(null);
    if (!outcome.ok) {
      setMessage(failureMessage(t, outcome.failure));
      return;
    }
    if (created?.linkId === linkId) setCreated(null);
    setMessage({ tone: 'ok', text: t('link.revoked') });
    await links.reload();
  };

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };

  return (
    <Section
      name="links"
      title={t('link.title')}
      lead={t('link.lead')}
      action={
        <button type="button" class="button" disabled={busy} onClick={create} data-testid="link-create">
          {t('link.create')}
        </button>
      }
    >
      {created !== null && (
        <div class="reg-once" data-testid="link-created">
          <p class="reg-once-title">{t('link.createdTitle')}</p>
          <p class="reg-once-warn">{t('link.onceWarning')}</p>
          <div class="reg-once-row">
            <input
              class="input reg-input reg-once-url"
              readOnly
              value={url}
              aria-label={t('link.address')}
              data-testid="link-url"
              onFocus={(e) => e.currentTarget.select()}
            />
            <button type="button" class="button" onClick={copy} data-testid="link-copy">
              {t('link.copy')}
            </button>
            <button type="button" class="button button--quiet" onClick={() => setCreated(null)}>
              {t('link.hide')}
            </button>
          </div>
          <p class="field-hint" role="status">
            {copied === 'yes' ? t('link.copied') : copied === 'failed' ? t('link.copyFailed') : ''}
          </p>
        </div>
      )}
      <MessageLine message={message} testId="link-message" />
      <ListTable
        t={t}
        data={links}
        testId="links"
        loadingText={t('link.loading')}
        failedText={t('link.failed')}
        emptyText={t('link.empty')}
        columns={[t('link.col.id'), t('link.col.created'), t('link.col.state')]}
        order={(a, b) => b.createdAt.localeCompare(a.createdAt)}
      >
        {(l) => (
          <tr key={l.linkId} data-testid="link-row">
            <td class="reg-mono">{l.linkId.slice(0, 8)}</td>
            <td class="reg-nowrap">{formatInstant(l.createdAt, contract.timeZone, locale, now)}</td>
            <td>
              {l.revokedAt === null ? (
                <span class="badge badge--ok">{t('link.live')}</span>
              ) : (
                <span class="badge">
                  {t('link.revokedAt', {
                    time: formatInstant(l.revokedAt, contract.timeZone, locale, now, { zone: false }),
                  })}
                </span>
              )}
            </td>
            <td class="reg-row-actions">
              {l.revokedAt === null && (
                <button
                  type="button"
                  class="link-button reg-danger"
                  onClick={() => setRevoking(l.linkId)}
                  data-testid="link-revoke"
                >
                  {t('link.revoke')}
                </button>
              )}
            </td>
          </tr>
        )}
      </ListTable>
      <ConfirmDialog
        open={revoking !== null}
        title={t('link.revokeTitle')}
        body={t('link.revokeBody')}
        confirmLabel={t('link.revoke')}
        cancelLabel={t('common.cancel')}
        danger
        busy={busy}
        onConfirm={revoke}
        onCancel={() => setRevoking(null)}
      />
    </Section>
  );
}
