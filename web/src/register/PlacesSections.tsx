import type { ContactView, SiteView } from '../../../shared/contracts/schemas.ts';
import type { Locale } from '../i18n/locale';
import { type ContactForm, contactBody, type SiteForm, siteBody } from './forms';
import { type Done, EditCell, ListTable, SaveCancel, Section, useEditing, useRegisterForm } from './sections';
import { register, useLoad } from './store';
import { MessageLine, type RT, TextField, useFocusFirst } from './ui';

const EMPTY_SITE: SiteForm = { name: '', address: '', lat: '', lng: '', checkInRadiusM: '300' };

export function SitesSection({ t, locale, contractId }: { t: RT; locale: Locale; contractId: string }) {
  const sites = useLoad((signal) => register.sites(contractId, { signal, lang: locale }), contractId);
  const { editing, message, open, done } = useEditing<SiteView>(sites.reload);

  return (
    <Section
      name="sites"
      title={t('site.title')}
      lead={t('site.lead')}
      action={
        editing.kind === 'closed' && (
          <button type="button" class="button" onClick={() => open({ kind: 'new' })} data-testid="site-new">
            {t('site.new')}
          </button>
        )
      }
    >
      {editing.kind !== 'closed' && (
        <SiteEditor
          t={t}
          locale={locale}
          contractId={contractId}
          site={editing.kind === 'edit' ? editing.item : null}
          onDone={done}
        />
      )}
      <MessageLine message={message} testId="site-message" />
      <ListTable
        t={t}
        data={sites}
        testId="sites"
        loadingText={t('site.loading')}
        failedText={t('site.failed')}
        emptyText={t('site.empty')}
        columns={[t('site.name'), t('site.address'), t('site.coordinates'), t('site.radius')]}
      >
        {(s) => (
          <tr key={s.siteId} data-testid="site-row">
            <td class="reg-strong">{s.name}</td>
            <td>{s.address}</td>
            <td class="reg-num reg-nowrap">
              {s.lat}, {s.lng}
            </td>
            <td class="reg-num">{t('site.radiusValue', { metres: s.checkInRadiusM })}</td>
            <EditCell t={t} name={s.name} onEdit={() => open({ kind: 'edit', item: s })} />
          </tr>
        )}
      </ListTable>
    </Section>
  );
}

function SiteEditor({
  t,
  locale,
  contractId,
  site,
  onDone,
}: {
  t: RT;
  locale: Locale;
  contractId: string;
  site: SiteView | null;
  onDone: Done;
}) {
  const labels: Record<string, string> = {
    name: t('site.name'),
    address: t('site.address'),
    lat: t('site.lat'),
    lng: t('site.lng'),
    checkInRadiusM: t('site.radius'),
  };
  const { form, field, message, busy, run, check, settle } = useRegisterForm<SiteForm>(
    t,
    () =>
      site === null
        ? EMPTY_SITE
        : {
            name: site.name,
            address: site.address,
            lat: String(site.lat),
            lng: String(site.lng),
            checkInRadiusM: String(site.checkInRadiusM),
          },
    { labels },
  );
  const formRef = useFocusFirst();

  const save = async (event: Event) => {
    event.preventDefault();
    const body = check(siteBody(form));
    if (body === null) return;
    const outcome = await run(() =>
      site === null
        ? register.createSite(contractId, body, { lang: locale })
        : register.updateSite(site.siteId, { ...body, expectedVersion: site.version }, { lang: locale }),
    );
    settle(outcome, onDone);
  };

  return (
    <form ref={formRef} class="form reg-form reg-editor" onSubmit={save} noValidate data-testid="site-form">
      <h3 class="form-title">{site === null ? t('site.new') : t('site.edit', { name: site.name })}</h3>
      <div class="reg-grid">
        <TextField id="site-name" label={t('site.name')} {...field('name')} maxLength={100} required />
        <TextField
          id="site-address"
          label={t('site.address')}
          {...field('address')}
          maxLength={300}
          required
          wide
        />
        <TextField
          id="site-lat"
          label={t('site.lat')}
          {...field('lat')}
          inputMode="decimal"
          placeholder="31.23040"
          required
        />
        <TextField
          id="site-lng"
          label={t('site.lng')}
          {...field('lng')}
          inputMode="decimal"
          placeholder="121.47370"
          required
        />
        <TextField
          id="site-radius"
          label={t('site.radius')}
          hint={t('site.radiusHint')}
          {...field('checkInRadiusM')}
          inputMode="numeric"
        />
      </div>
      <SaveCancel
        t={t}
        busy={busy}
        message={message}
        messageTestId="site-form-message"
        saveTestId="site-save"
        onCancel={() => onDone(null, false)}
      />
    </form>
  );
}

const EMPTY_CONTACT: ContactForm = { name: '', phone: '', role: '' };

export function ContactsSection({ t, locale, contractId }: { t: RT; locale: Locale; contractId: string }) {
  const contacts = useLoad((signal) => register.contacts(contractId, { signal, lang: locale }), contractId);
  const { editing, message, open, done } = useEditing<ContactView>(contacts.reload);

  return (
    <Section
      name="contacts"
      title={t('contact.title')}
      lead={t('contact.lead')}
      action={
        editing.kind === 'closed' && (
          <button
            type="button"
            class="button"
            onClick={() => open({ kind: 'new' })}
            data-testid="contact-new"
          >
            {t('contact.new')}
          </button>
        )
      }
    >
      {editing.kind !== 'closed' && (
        <ContactEditor
          t={t}
          locale={locale}
          contractId={contractId}
          contact={editing.kind === 'edit' ? editing.item : null}
          onDone={done}
        />
      )}
      <MessageLine message={message} testId="contact-message" />
      <ListTable
        t={t}
        data={contacts}
        testId="contacts"
        loadingText={t('contact.loading')}
        failedText={t('contact.failed')}
        emptyText={t('contact.empty')}
        columns={[t('contact.name'), t('contact.phone'), t('contact.role')]}
      >
        {(c) => (
          <tr key={c.contactId} data-testid="contact-row">
            <td class="reg-strong">{c.name}</td>
            <td class="reg-num reg-nowrap">{c.phone}</td>
            <td>{c.role}</td>
            <EditCell t={t} name={c.name} onEdit={() => open({ kind: 'edit', item: c })} />
          </tr>
        )}
      </ListTable>
    </Section>
  );
}

function ContactEditor({
  t,
  locale,
  contractId,
  contact,
  onDone,
}: {
  t: RT;
  locale: Locale;
  contractId: string;
  contact: ContactView | null;
  onDone: Done;
}) {
  const labels: Record<string, string> = {
    name: t('contact.name'),
    phone: t('contact.phone'),
    role: t('contact.role'),
  };
  const { form, field, message, busy, run, check, settle } = useRegisterForm<ContactForm>(
    t,
    () =>
      contact === null ? EMPTY_CONTACT : { name: contact.name, phone: contact.phone, role: contact.role },
    { labels },
  );
  const formRef = useFocusFirst();

  const save = async (event: Event) => {
    event.preventDefault();
    const body = check(contactBody(form));
    if (body === null) return;
    const outcome = await run(() =>
      contact === null
        ? register.createContact(contractId, body, { lang: locale })
        : register.updateContact(
            contact.contactId,
            { ...body, expectedVersion: contact.version },
            { lang: locale },
          ),
    );
    settle(outcome, onDone);
  };

  return (
    <form
      ref={formRef}
      class="form reg-form reg-editor"
      onSubmit={save}
      noValidate
      data-testid="contact-form"
    >
      <h3 class="form-title">
        {contact === null ? t('contact.new') : t('contact.edit', { name: contact.name })}
      </h3>
      <div class="reg-grid">
        <TextField id="contact-name" label={t('contact.name')} {...field('name')} maxLength={60} required />
        <TextField
          id="contact-phone"
          type="tel"
          label={t('contact.phone')}
          {...field('phone')}
          inputMode="tel"
          maxLength={32}
          required
        />
        <TextField
          id="contact-role"
          label={t('contact.role')}
          hint={t('contact.roleHint')}
          {...field('role')}
          maxLength={40}
          required
        />
      </div>
      <SaveCancel
        t={t}
        busy={busy}
        message={message}
        messageTestId="contact-form-message"
        saveTestId="contact-save"
        onCancel={() => onDone(null, false)}
      />
    </form>
  );
}
