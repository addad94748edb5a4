import { useState } from 'preact/hooks';
import type { ContactView, SiteView } from '../../../shared/contracts/schemas.ts';
import type { Locale } from '../i18n/locale';
import { type ContactForm, contactBody, type SiteForm, siteBody } from './forms';
import { register, useChange, useLoad } from './store';
import { failureMessage, Loaded, type Message, MessageLine, type RT, TextField, useFocusFirst } from './ui';

/** Which row the form edits: none (closed), a new one, or an existing one. */
type Editing<T> = { kind: 'closed' } | { kind: 'new' } | { kind: 'edit'; item: T };

const EMPTY_SITE: SiteForm = { name: '', address: '', lat: '', lng: '', checkInRadiusM: '300' };

export function SitesSection({ t, locale, contractId }: { t: RT; locale: Locale; contractId: string }) {
  const sites = useLoad((signal) => register.sites(contractId, { signal, lang: locale }), contractId);
  const [editing, setEditing] = useState<Editing<SiteView>>({ kind: 'closed' });
  const [message, setMessage] = useState<Message>(null);

  return (
    <section class="card" aria-labelledby="sites-title" data-testid="section-sites">
      <div class="reg-section-head">
        <h2 id="sites-title" class="section-title">
          {t('site.title')}
        </h2>
        {editing.kind === 'closed' && (
          <button
            type="button"
            class="button"
            onClick={() => {
              setMessage(null);
              setEditing({ kind: 'new' });
            }}
            data-testid="site-new"
          >
            {t('site.new')}
          </button>
        )}
      </div>
      <p class="field-hint">{t('site.lead')}</p>
      {editing.kind !== 'closed' && (
        <SiteEditor
          t={t}
          locale={locale}
          contractId={contractId}
          site={editing.kind === 'edit' ? editing.item : null}
          onDone={async (text, conflict) => {
            setEditing({ kind: 'closed' });
            setMessage(text);
            if (conflict || text?.tone === 'ok') await sites.reload();
          }}
        />
      )}
      <MessageLine message={message} testId="site-message" />
      <Loaded
        load={sites.load}
        loadingText={t('site.loading')}
        failedText={t('site.failed')}
        retry={sites.reload}
        testId="sites"
      >
        {(list) =>
          list.length === 0 ? (
            <p class="reg-empty" data-testid="sites-empty">
              {t('site.empty')}
            </p>
          ) : (
            <div class="board-scroll reg-flat">
              <table class="board reg-table" data-testid="sites-table">
                <thead>
                  <tr>
                    <th scope="col">{t('site.name')}</th>
                    <th scope="col">{t('site.address')}</th>
                    <th scope="col">{t('site.coordinates')}</th>
                    <th scope="col">{t('site.radius')}</th>
                    <th scope="col">
                      <span class="visually-hidden">{t('common.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((s) => (
                    <tr key={s.siteId} data-testid="site-row">
                      <td class="reg-strong">{s.name}</td>
                      <td>{s.address}</td>
                      <td class="reg-num reg-nowrap">
                        {s.lat}, {s.lng}
                      </td>
                      <td class="reg-num">{t('site.radiusValue', { metres: s.checkInRadiusM })}</td>
                      <td class="reg-row-actions">
                        <button
                          type="button"
                          class="link-button"
                          onClick={() => {
                            setMessage(null);
                            setEditing({ kind: 'edit', item: s });
                          }}
                          aria-label={t('common.editNamed', { name: s.name })}
                        >
                          {t('common.edit')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </section>
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
  onDone: (message: Message, conflict: boolean) => void;
}) {
  const [form, setForm] = useState<SiteForm>(() =>
    site === null
      ? EMPTY_SITE
      : {
          name: site.name,
          address: site.address,
          lat: String(site.lat),
          lng: String(site.lng),
          checkInRadiusM: String(site.checkInRadiusM),
        },
  );
  const [invalid, setInvalid] = useState<string | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const { busy, run } = useChange();
  const formRef = useFocusFirst();
  const set = (key: keyof SiteForm) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const labels: Record<string, string> = {
    name: t('site.name'),
    address: t('site.address'),
    lat: t('site.lat'),
    lng: t('site.lng'),
    checkInRadiusM: t('site.radius'),
  };

  const save = async (event: Event) => {
    event.preventDefault();
    const body = siteBody(form);
    if (!body.ok) {
      setInvalid(body.field);
      setMessage({ tone: 'error', text: t('form.invalid', { field: labels[body.field] ?? body.field }) });
      return;
    }
    setInvalid(null);
    const outcome = await run(() =>
      site === null
        ? register.createSite(contractId, body.body, { lang: locale })
        : register.updateSite(site.siteId, { ...body.body, expectedVersion: site.version }, { lang: locale }),
    );
    if (outcome.ok) onDone({ tone: 'ok', text: t('change.saved') }, false);
    else if (outcome.failure.kind === 'conflict') onDone(failureMessage(t, outcome.failure), true);
    else setMessage(failureMessage(t, outcome.failure));
  };

  return (
    <form ref={formRef} class="form reg-form reg-editor" onSubmit={save} noValidate data-testid="site-form">
      <h3 class="form-title">{site === null ? t('site.new') : t('site.edit', { name: site.name })}</h3>
      <div class="reg-grid">
        <TextField
          id="site-name"
          label={t('site.name')}
          value={form.name}
          onInput={set('name')}
          invalid={invalid === 'name'}
          maxLength={100}
          required
        />
        <TextField
          id="site-address"
          label={t('site.address')}
          value={form.address}
          onInput={set('address')}
          invalid={invalid === 'address'}
          maxLength={300}
          required
          wide
        />
        <TextField
          id="site-lat"
          label={t('site.lat')}
          value={form.lat}
          onInput={set('lat')}
          invalid={invalid === 'lat'}
          inputMode="decimal"
          placeholder="31.23040"
          required
        />
        <TextField
          id="site-lng"
          label={t('site.lng')}
          value={form.lng}
          onInput={set('lng')}
          invalid={invalid === 'lng'}
          inputMode="decimal"
          placeholder="121.47370"
          required
        />
        <TextField
          id="site-radius"
          label={t('site.radius')}
          hint={t('site.radiusHint')}
          value={form.checkInRadiusM}
          onInput={set('checkInRadiusM')}
          invalid={invalid === 'checkInRadiusM'}
          inputMode="numeric"
        />
      </div>
      <MessageLine message={message} testId="site-form-message" />
      <div class="reg-actions">
        <button type="submit" class="button" disabled={busy} aria-busy={busy} data-testid="site-save">
          {busy ? t('common.saving') : t('common.save')}
        </button>
        <button
          type="button"
          class="button button--quiet"
          disabled={busy}
          onClick={() => onDone(null, false)}
        >
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

const EMPTY_CONTACT: ContactForm = { name: '', phone: '', role: '' };

export function ContactsSection({ t, locale, contractId }: { t: RT; locale: Locale; contractId: string }) {
  const contacts = useLoad((signal) => register.contacts(contractId, { signal, lang: locale }), contractId);
  const [editing, setEditing] = useState<Editing<ContactView>>({ kind: 'closed' });
  const [message, setMessage] = useState<Message>(null);

  return (
    <section class="card" aria-labelledby="contacts-title" data-testid="section-contacts">
      <div class="reg-section-head">
        <h2 id="contacts-title" class="section-title">
          {t('contact.title')}
        </h2>
        {editing.kind === 'closed' && (
          <button
            type="button"
            class="button"
            onClick={() => {
              setMessage(null);
              setEditing({ kind: 'new' });
            }}
            data-testid="contact-new"
          >
            {t('contact.new')}
          </button>
        )}
      </div>
      <p class="field-hint">{t('contact.lead')}</p>
      {editing.kind !== 'closed' && (
        <ContactEditor
          t={t}
          locale={locale}
          contractId={contractId}
          contact={editing.kind === 'edit' ? editing.item : null}
          onDone={async (text, conflict) => {
            setEditing({ kind: 'closed' });
            setMessage(text);
            if (conflict || text?.tone === 'ok') await contacts.reload();
          }}
        />
      )}
      <MessageLine message={message} testId="contact-message" />
      <Loaded
        load={contacts.load}
        loadingText={t('contact.loading')}
        failedText={t('contact.failed')}
        retry={contacts.reload}
        testId="contacts"
      >
        {(list) =>
          list.length === 0 ? (
            <p class="reg-empty" data-testid="contacts-empty">
              {t('contact.empty')}
            </p>
          ) : (
            <div class="board-scroll reg-flat">
              <table class="board reg-table" data-testid="contacts-table">
                <thead>
                  <tr>
                    <th scope="col">{t('contact.name')}</th>
                    <th scope="col">{t('contact.phone')}</th>
                    <th scope="col">{t('contact.role')}</th>
                    <th scope="col">
                      <span class="visually-hidden">{t('common.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((c) => (
                    <tr key={c.contactId} data-testid="contact-row">
                      <td class="reg-strong">{c.name}</td>
                      <td class="reg-num reg-nowrap">{c.phone}</td>
                      <td>{c.role}</td>
                      <td class="reg-row-actions">
                        <button
                          type="button"
                          class="link-button"
                          onClick={() => {
                            setMessage(null);
                            setEditing({ kind: 'edit', item: c });
                          }}
                          aria-label={t('common.editNamed', { name: c.name })}
                        >
                          {t('common.edit')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </section>
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
  onDone: (message: Message, conflict: boolean) => void;
}) {
  const [form, setForm] = useState<ContactForm>(() =>
    contact === null ? EMPTY_CONTACT : { name: contact.name, phone: contact.phone, role: contact.role },
  );
  const [invalid, setInvalid] = useState<string | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const { busy, run } = useChange();
  const formRef = useFocusFirst();
  const set = (key: keyof ContactForm) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const labels: Record<string, string> = {
    name: t('contact.name'),
    phone: t('contact.phone'),
    role: t('contact.role'),
  };

  const save = async (event: Event) => {
    event.preventDefault();
    const body = contactBody(form);
    if (!body.ok) {
      setInvalid(body.field);
      setMessage({ tone: 'error', text: t('form.invalid', { field: labels[body.field] ?? body.field }) });
      return;
    }
    setInvalid(null);
    const outcome = await run(() =>
      contact === null
        ? register.createContact(contractId, body.body, { lang: locale })
        : register.updateContact(
            contact.contactId,
            { ...body.body, expectedVersion: contact.version },
            { lang: locale },
          ),
    );
    if (outcome.ok) onDone({ tone: 'ok', text: t('change.saved') }, false);
    else if (outcome.failure.kind === 'conflict') onDone(failureMessage(t, outcome.failure), true);
    else setMessage(failureMessage(t, outcome.failure));
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
        <TextField
          id="contact-name"
          label={t('contact.name')}
          value={form.name}
          onInput={set('name')}
          invalid={invalid === 'name'}
          maxLength={60}
          required
        />
        <TextField
          id="contact-phone"
          type="tel"
          label={t('contact.phone')}
          value={form.phone}
          onInput={set('phone')}
          invalid={invalid === 'phone'}
          inputMode="tel"
          maxLength={32}
          required
        />
        <TextField
          id="contact-role"
          label={t('contact.role')}
          hint={t('contact.roleHint')}
          value={form.role}
          onInput={set('role')}
          invalid={invalid === 'role'}
          maxLength={40}
          required
        />
      </div>
      <MessageLine message={message} testId="contact-form-message" />
      <div class="reg-actions">
        <button type="submit" class="button" disabled={busy} aria-busy={busy} data-testid="contact-save">
          {busy ? t('common.saving') : t('common.save')}
        </button>
        <button
          type="button"
          class="button button--quiet"
          disabled={busy}
          onClick={() => onDone(null, false)}
        >
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
