import './intake.css';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import type { IntakeContext, IntakeCreated, IntakeDevice } from '../../../shared/tickets/schemas.ts';
import type { Locale } from '../i18n/locale';
import { type AreaTranslate, useCatalogue } from './catalogue';
import {
  asksFollowUp,
  FIELD_ORDER,
  type FieldErrors,
  type FieldName,
  liveLevel,
  MAIN_QUESTIONS,
  type QuestionId,
  type SendFailure,
} from './form';
import { intakeEn } from './i18n.en';
import { type IntakeKey, intakeZhCN } from './i18n.zh-CN';
import { useIntakeForm } from './store';
import { categoryName, levelName } from './terms';
import { formatInstant, zoneLabel } from './time';

type T = AreaTranslate<IntakeKey>;

const fieldId = (name: FieldName) => `intake-${name.replace('.', '-')}`;
const errorId = (name: FieldName) => `${fieldId(name)}-error`;

function fieldMessage(t: T, name: FieldName, errors: FieldErrors): string | null {
  const error = errors[name];
  if (error === undefined) return null;
  if (error.message) return error.message;
  switch (error.problem) {
    case 'required':
      if (name === 'deviceId') return t('field.deviceRequired');
      if (name === 'description') return t('field.descriptionRequired');
      if (name === 'contactName') return t('field.nameRequired');
      if (name === 'contactPhone') return t('field.phoneRequired');
      return t('field.required');
    case 'tooLong':
      return t('field.tooLong');
    case 'phone':
      return t('field.phone');
    case 'answer':
      return t('field.answer');
    case 'invalid':
      return t('field.invalid');
  }
}

function FieldError({ t, name, errors }: { t: T; name: FieldName; errors: FieldErrors }) {
  const message = fieldMessage(t, name, errors);
  if (message === null) return null;
  return (
    <p id={errorId(name)} class="field-error" data-testid={`error-${name}`}>
      {message}
    </p>
  );
}

function failureText(t: T, failure: SendFailure): string {
  switch (failure.kind) {
    case 'rateLimited':
      return t('fail.rateLimited');
    case 'offline':
      return t('fail.offline');
    case 'unreachable':
      return t('fail.unreachable');
    case 'tooLarge':
      return t('fail.tooLarge');
    case 'rejected':
      return failure.message === ''
        ? t('fail.rejectedHidden')
        : t('fail.rejected', { message: failure.message });
    case 'notFound':
      return t('fail.notFound');
    case 'field':
      return failure.message;
    case 'server':
      return t('fail.server');
  }
}

function deviceLabel(t: T, device: IntakeDevice): string {
  const serial =
    device.serial === null ? t('intake.noSerial') : t('intake.serial', { serial: device.serial });
  const site = device.siteName === null ? '' : ` · ${device.siteName}`;
  return `${categoryName(t, device.category)} · ${device.model} · ${serial}${site}`;
}

/** The customer's report form, from a contract link (`/r/:token`) or a device's QR label (`/q/:token`). */
export default function IntakePage() {
  const { t, locale } = useCatalogue(intakeZhCN, intakeEn);
  const { params } = useRoute();
  const token = params.token ?? '';
  const form = useIntakeForm(token, locale);
  const { load, created } = form.state;

  if (load.status === 'loading') {
    return (
      <div class="page intake">
        <p class="lead" role="status" data-testid="intake-loading">
          {t('intake.loading')}
        </p>
      </div>
    );
  }
  if (load.status === 'failed') {
    return <LoadFailed t={t} failure={load.failure} onRetry={form.reload} />;
  }
  if (created !== null) {
    return <Done t={t} locale={locale} created={created} onAnother={form.startOver} />;
  }
  return <Form t={t} context={load.context} form={form} />;
}

export function LoadFailed({ t, failure, onRetry }: { t: T; failure: SendFailure; onRetry: () => void }) {
  if (failure.kind === 'notFound') {
    return (
      <div class="page intake" data-testid="link-not-found">
        <div class="intro">
          <h1>{t('fail.notFoundTitle')}</h1>
          <p class="lead">{t('fail.notFound')}</p>
        </div>
      </div>
    );
  }
  const text =
    failure.kind === 'offline'
      ? t('load.offline')
      : failure.kind === 'unreachable'
        ? t('load.unreachable')
        : t('load.server');
  return (
    <div class="page intake">
      <p class="form-error" role="alert" data-testid="load-failed">
        {text}
      </p>
      <button type="button" class="button" onClick={onRetry}>
        {t('load.retry')}
      </button>
    </div>
  );
}

function YesNo({
  t,
  id,
  legend,
  value,
  errors,
  onChange,
}: {
  t: T;
  id: QuestionId;
  legend: string;
  value: boolean | null;
  errors: FieldErrors;
  onChange: (value: boolean) => void;
}) {
  const name: FieldName = `answers.${id}`;
  const invalid = errors[name] !== undefined;
  return (
    <fieldset
      class="question"
      data-testid={`question-${id}`}
      aria-invalid={invalid}
      aria-describedby={invalid ? errorId(name) : undefined}
    >
      <legend class="question-text">{legend}</legend>
      <div class="yes-no">
        {([true, false] as const).map((answer) => (
          <label class="choice" key={String(answer)}>
            <input
              type="radio"
              class="choice-input"
              name={name}
              id={answer ? fieldId(name) : undefined}
              checked={value === answer}
              onChange={() => onChange(answer)}
            />
            <span class="choice-face">{answer ? t('intake.yes') : t('intake.no')}</span>
          </label>
        ))}
      </div>
      <FieldError t={t} name={name} errors={errors} />
    </fieldset>
  );
}

function Form({
  t,
  context,
  form,
}: {
  t: T;
  context: IntakeContext;
  form: ReturnType<typeof useIntakeForm>;
}) {
  const { locale } = useCatalogue(intakeZhCN, intakeEn);
  const { draft, errors, sending, failure, attempt } = form.state;
  const failureRef = useRef<HTMLParagraphElement>(null);
  const fixed = context.devices.find((d) => d.deviceId === context.fixedDeviceId);
  const level = liveLevel(draft.answers);
  const questionText = (id: QuestionId) => {
    const question = context.questions.find((q) => q.id === id);
    return question === undefined ? id : question.text[locale];
  };
  const errorCount = Object.keys(errors).length;

  // After a refused send, focus goes to the first field at fault, or to the message about the form.
  useEffect(() => {
    if (attempt === 0) return;
    const first = FIELD_ORDER.find((name) => errors[name] !== undefined);
    if (first !== undefined) document.getElementById(fieldId(first))?.focus();
    else failureRef.current?.focus();
  }, [attempt]);

  const describedBy = (name: FieldName, hint?: string) =>
    [errors[name] === undefined ? undefined : errorId(name), hint].filter(Boolean).join(' ') || undefined;

  const text = (name: 'description' | 'contactName' | 'contactPhone') => ({
    id: fieldId(name),
    name,
    value: draft[name],
    'aria-invalid': errors[name] !== undefined,
    onInput: (event: Event) => form.setText(name, (event.currentTarget as HTMLInputElement).value),
  });

  return (
    <div class="page intake">
      <div class="intro">
        <h1>{t('intake.title')}</h1>
        <p class="lead" data-testid="intake-contract">
          {t('intake.for', { customer: context.customerName, contract: context.contractName })}
        </p>
      </div>
      <form
        class="form intake-form"
        noValidate
        data-testid="intake-form"
        onSubmit={(event) => {
          event.preventDefault();
          void form.submit();
        }}
      >
        <section class="card" aria-labelledby="intake-device-title">
          <h2 id="intake-device-title" class="section-title">
            {t('intake.device')}
          </h2>
          {fixed !== undefined ? (
            <div class="fixed-device" data-testid="fixed-device">
              <p class="fixed-device-name">
                {categoryName(t, fixed.category)} · {fixed.model}
              </p>
              <p class="field-hint">
                {fixed.serial === null ? t('intake.noSerial') : t('intake.serial', { serial: fixed.serial })}
                {fixed.siteName === null ? '' : ` · ${t('intake.site', { site: fixed.siteName })}`}
              </p>
              <p class="field-hint">{t('intake.deviceFixed')}</p>
            </div>
          ) : (
            <div class="field">
              <label for={fieldId('deviceId')}>{t('intake.devicePick')}</label>
              <select
                id={fieldId('deviceId')}
                class="input select"
                value={draft.deviceId}
                aria-invalid={errors.deviceId !== undefined}
                aria-describedby={describedBy('deviceId')}
                onChange={(event) => form.setText('deviceId', event.currentTarget.value)}
              >
                <option value="">{t('intake.deviceChoose')}</option>
                {context.devices.map((device) => (
                  <option key={device.deviceId} value={device.deviceId}>
                    {deviceLabel(t, device)}
                  </option>
                ))}
              </select>
              <FieldError t={t} name="deviceId" errors={errors} />
            </div>
          )}
        </section>

        <section class="card" aria-labelledby="intake-fault-title">
          <h2 id="intake-fault-title" class="section-title">
            {t('intake.description')}
          </h2>
          <div class="field">
            <label for={fieldId('description')} class="visually-hidden">
              {t('intake.description')}
            </label>
            <textarea
              {...text('description')}
              class="input textarea"
              rows={4}
              maxLength={2000}
              aria-describedby={describedBy('description', 'intake-description-hint')}
            />
            <p id="intake-description-hint" class="field-hint">
              {t('intake.descriptionHint')}
            </p>
            <FieldError t={t} name="description" errors={errors} />
          </div>
        </section>

        <section class="card" aria-labelledby="intake-impact-title">
          <div class="section-head">
            <h2 id="intake-impact-title" class="section-title">
              {t('intake.questions')}
            </h2>
            <p class="field-hint">{t('intake.questionsHint')}</p>
          </div>
          {MAIN_QUESTIONS.map((id) => (
            <YesNo
              key={id}
              t={t}
              id={id}
              legend={questionText(id)}
              value={draft.answers[id]}
              errors={errors}
              onChange={(value) => form.setAnswer(id, value)}
            />
          ))}
          {asksFollowUp(draft.answers) && (
            <div class="follow-up">
              <p class="field-hint">{t('intake.followUpHint')}</p>
              <YesNo
                t={t}
                id="degraded"
                legend={questionText('degraded')}
                value={draft.answers.degraded}
                errors={errors}
                onChange={(value) => form.setAnswer('degraded', value)}
              />
            </div>
          )}
          <div
            class={`proposed ${level === null ? '' : `proposed--${level}`}`}
            role="status"
            data-testid="proposed-level"
            data-level={level ?? ''}
          >
            {level === null ? (
              <p class="field-hint">{t('intake.levelPending')}</p>
            ) : (
              <>
                <p class="proposed-label">{t('intake.levelProposed')}</p>
                <p class="proposed-level">{levelName(t, level)}</p>
                <p class="proposed-hint">{t(`level.${level}.hint`)}</p>
                <p class="field-hint">{t('intake.levelNote')}</p>
              </>
            )}
          </div>
        </section>

        <section class="card" aria-labelledby="intake-contact-title">
          <h2 id="intake-contact-title" class="section-title">
            {t('intake.contact')}
          </h2>
          <div class="field">
            <label for={fieldId('contactName')}>{t('intake.contactName')}</label>
            <input
              {...text('contactName')}
              class="input"
              type="text"
              autocomplete="name"
              maxLength={60}
              aria-describedby={describedBy('contactName')}
            />
            <FieldError t={t} name="contactName" errors={errors} />
          </div>
          <div class="field">
            <label for={fieldId('contactPhone')}>{t('intake.contactPhone')}</label>
            <input
              {...text('contactPhone')}
              class="input input--phone"
              type="tel"
              inputMode="tel"
              autocomplete="tel"
              maxLength={32}
              aria-describedby={describedBy('contactPhone', 'intake-phone-hint')}
            />
            <p id="intake-phone-hint" class="field-hint">
              {t('intake.contactPhoneHint')}
            </p>
            <FieldError t={t} name="contactPhone" errors={errors} />
          </div>
          {/* A field for bots: off screen, out of the tab order and the accessibility tree. */}
          <div class="honeypot" aria-hidden="true">
            <label for="intake-website">{t('intake.website')}</label>
            <input
              id="intake-website"
              name="website"
              type="text"
              tabIndex={-1}
              autocomplete="off"
              value={draft.website}
              onInput={(event) => form.setText('website', event.currentTarget.value)}
            />
          </div>
        </section>

        {errorCount > 0 && failure === null && (
          <p class="form-error" role="alert" data-testid="intake-error-summary">
            {t('intake.errorSummary', { count: errorCount })}
          </p>
        )}
        {failure !== null && (
          <p
            ref={failureRef}
            class="form-error"
            role="alert"
            tabIndex={-1}
            data-testid="intake-failure"
            data-kind={failure.kind}
          >
            {failureText(t, failure)}
          </p>
        )}
        <button
          type="submit"
          class="button button--block button--large"
          aria-busy={sending}
          disabled={sending}
          data-testid="intake-submit"
        >
          {sending && <span class="spinner" aria-hidden="true" />}
          {sending ? t('intake.sending') : t('intake.submit')}
        </button>
      </form>
    </div>
  );
}

function Done({
  t,
  locale,
  created,
  onAnother,
}: {
  t: T;
  locale: Locale;
  created: IntakeCreated;
  onAnother: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');
  const [now] = useState(Date.now);
  const link = `${location.origin}${created.statusPath}`;
  const zone = created.timeZone;
  const at = (iso: string | null) =>
    iso === null ? t('done.dueUnknown') : formatInstant(iso, zone, locale, now, { zone: false });
  const acceptedLater = Date.parse(created.acceptedAt) - Date.parse(created.reportedAt) > 60_000;

  useEffect(() => heading.current?.focus(), []);

  const copyLink = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
  };

  return (
    <div class="page intake" data-testid="intake-done">
      <div class="intro">
        <h1 ref={heading} tabIndex={-1}>
          {t('done.title')}
        </h1>
        <p class="lead">{t('done.lead')}</p>
      </div>
      <section class="card done-card">
        <div class="ticket-number">
          <p class="card-title">{t('done.number')}</p>
          <p class="ticket-number-value" data-testid="ticket-number">
            {created.number}
          </p>
        </div>
        <dl class="facts">
          <div>
            <dt>{t('done.level')}</dt>
            <dd>{levelName(t, created.proposedLevel)}</dd>
          </div>
          {acceptedLater && (
            <div>
              <dt>{t('done.accepted')}</dt>
              <dd>{at(created.acceptedAt)}</dd>
            </div>
          )}
          <div>
            <dt>{t('done.arrival')}</dt>
            <dd class="facts-strong" data-testid="arrival-due">
              {at(created.arrivalDueAt)}
            </dd>
          </div>
          <div>
            <dt>{t('done.resolution')}</dt>
            <dd data-testid="resolution-due">{at(created.resolutionDueAt)}</dd>
          </div>
        </dl>
        {acceptedLater && <p class="notice">{t('done.acceptedLater', { time: at(created.acceptedAt) })}</p>}
        <p class="field-hint">{t('done.zone', { zone: `${zone}, ${zoneLabel(zone, new Date(now))}` })}</p>
      </section>
      <section class="card" aria-labelledby="done-link-title">
        <h2 id="done-link-title" class="section-title">
          {t('done.statusLink')}
        </h2>
        <p class="status-link" data-testid="status-link">
          <a href={created.statusPath}>{link}</a>
        </p>
        <p class="field-hint">{t('done.statusHint')}</p>
        <div class="actions">
          <button type="button" class="button" onClick={() => void copyLink()} data-testid="copy-status-link">
            {t('done.copy')}
          </button>
          <a class="button button--quiet" href={created.statusPath} data-testid="open-status">
            {t('done.open')}
          </a>
        </div>
        <p class="copy-result" role="status">
          {copy === 'copied' ? t('done.copied') : copy === 'failed' ? t('done.copyFailed') : ''}
        </p>
      </section>
      <button type="button" class="link-button" onClick={onAnother}>
        {t('done.another')}
      </button>
    </div>
  );
}
