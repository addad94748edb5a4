import { useState } from 'preact/hooks';
import { POLICY_PROBLEM_TEXT } from '../../../shared/contracts/policy-numbers.ts';
import { previewDeadline } from '../../../shared/contracts/policy-preview.ts';
import type { ContractView } from '../../../shared/contracts/schemas.ts';
import type { FaultLevel } from '../../../shared/sla/index.ts';
import type { Locale } from '../i18n/locale';
import { formatInstant } from '../intake/time';
import {
  formChanged,
  localInstant,
  type PolicyForm,
  type PolicyNumberField,
  policyBody,
  policyDraft,
  policyFormOf,
  SERVICE_LEVELS,
  todayIn,
} from './forms';
import type { RegisterKey } from './i18n.zh-CN';
import { useRegisterForm } from './sections';
import { register } from './store';
import { failureMessage, MessageLine, type RT, TextField } from './ui';
import { useUnsavedGuard } from './unsaved';

/** The numbers of the form, in the order shown, each with its label and explanation. */
const NUMBERS: readonly { field: PolicyNumberField; unit: 'hours' | 'percent' }[] = [
  { field: 'resolution1Hours', unit: 'hours' },
  { field: 'resolution2Hours', unit: 'hours' },
  { field: 'resolution3Hours', unit: 'hours' },
  { field: 'warningPercent', unit: 'percent' },
  { field: 'reportDueHours', unit: 'hours' },
  { field: 'reportWarningHours', unit: 'hours' },
];

/** The example report's local time: late in a working day, so a 5×8 or 7×8 calendar shows its nights. */
const EXAMPLE_TIME = '16:30';

/**
 * `?tab=policies`, the new version: the preset of a level as the starting numbers (changing the level
 * starts again from its preset), each number with what it means, and one example deadline computed by
 * the SLA engine from what is typed.
 */
export function NewPolicyForm({
  t,
  locale,
  contract,
  onChanged,
  reload,
}: {
  t: RT;
  locale: Locale;
  contract: ContractView;
  onChanged: (contract: ContractView) => void;
  reload: () => Promise<void>;
}) {
  const today = todayIn(contract.timeZone, Date.now());
  const initial = () => policyFormOf(contract.serviceLevel, today);
  const { form, setForm, set, field, reset, setInvalid, message, setMessage, busy, run } =
    useRegisterForm<PolicyForm>(t, initial, { refusal: 'untilEdited' });
  const [exampleLevel, setExampleLevel] = useState<FaultLevel>(1);
  const preset = policyFormOf(form.serviceLevel, form.effectiveOn);
  const dirty = formChanged({ ...form }, { ...initial() });
  useUnsavedGuard(dirty, t('policy.unsaved'));
  const label = (field: string) => t(`policy.field.${field}` as RegisterKey);

  const add = async (event: Event) => {
    event.preventDefault();
    const body = policyBody(form, contract.timeZone, contract.version, Date.now());
    if (!body.ok) {
      setInvalid(body.field);
      const reason =
        'reason' in body && body.reason !== undefined ? POLICY_PROBLEM_TEXT[body.reason][locale] : '';
      setMessage({
        tone: 'error',
        text: `${t('form.invalid', { field: label(body.field) })} ${reason}`.trim(),
      });
      return;
    }
    setInvalid(null);
    const outcome = await run(() => register.addPolicy(contract.contractId, body.body, { lang: locale }));
    if (outcome.ok) {
      onChanged(outcome.value);
      setForm(policyFormOf(outcome.value.serviceLevel, today));
      setMessage({ tone: 'ok', text: t('policy.added') });
      return;
    }
    if (outcome.failure.kind === 'conflict') await reload();
    setMessage(failureMessage(t, outcome.failure));
  };

  return (
    <form class="card form reg-form" onSubmit={add} noValidate data-testid="policy-form">
      <h2 class="form-title">{t('policy.new')}</h2>
      <p class="field-hint">{t('policy.newHint')}</p>
      <div class="reg-grid">
        <div class="field">
          <label for="policy-level">{label('serviceLevel')}</label>
          <select
            id="policy-level"
            class="input select reg-input"
            value={form.serviceLevel}
            aria-describedby="policy-level-hint"
            onChange={(e) => {
              const level = e.currentTarget.value;
              setForm((f) => policyFormOf(level, f.effectiveOn));
            }}
          >
            {SERVICE_LEVELS.map((level) => (
              <option key={level} value={level}>
                {t(`level.${level}.long`)}
              </option>
            ))}
          </select>
          <p id="policy-level-hint" class="field-hint">
            {t('policy.explain.serviceLevel')}
          </p>
        </div>
        <TextField
          id="policy-from"
          type="date"
          label={label('effectiveOn')}
          hint={t('policy.effectiveOnHint', { zone: contract.timeZone })}
          {...field('effectiveOn')}
          required
        />
      </div>
      <fieldset class="reg-numbers">
        <legend class="visually-hidden">{t('policy.numbers')}</legend>
        <div class="field">
          <label for="policy-arrival-kind">{label('arrivalKind')}</label>
          <select
            id="policy-arrival-kind"
            class="input select reg-input"
            value={form.arrivalKind}
            aria-describedby="policy-arrival-kind-hint"
            onChange={(e) => set('arrivalKind')(e.currentTarget.value)}
          >
            <option value="serviceTime">{t('policy.arrivalKind.serviceTime')}</option>
            <option value="closeOfNextWorkingDay">{t('policy.arrivalKind.nextDay')}</option>
          </select>
          <p id="policy-arrival-kind-hint" class="field-hint">
            {t('policy.explain.arrivalKind')}
          </p>
        </div>
        {form.arrivalKind === 'serviceTime' && (
          <TextField
            id="policy-arrivalHours"
            inputMode="decimal"
            label={label('arrivalHours')}
            hint={`${t('policy.explain.arrivalHours')} ${presetText(t, preset, 'arrivalHours', 'hours')}`}
            {...field('arrivalHours')}
          />
        )}
        {NUMBERS.map(({ field: name, unit }) => (
          <TextField
            key={name}
            id={`policy-${name}`}
            inputMode="decimal"
            label={label(name)}
            hint={`${t(`policy.explain.${name}` as RegisterKey)} ${presetText(t, preset, name, unit)}`}
            {...field(name)}
          />
        ))}
      </fieldset>
      <Example
        t={t}
        locale={locale}
        contract={contract}
        form={form}
        level={exampleLevel}
        onLevel={setExampleLevel}
      />
      <MessageLine message={message} testId="policy-message" />
      <div class="reg-actions">
        <button type="submit" class="button" disabled={busy} aria-busy={busy} data-testid="policy-add">
          {busy ? t('common.saving') : t('policy.add')}
        </button>
        <button
          type="button"
          class="button button--quiet"
          disabled={busy || !dirty}
          onClick={() => reset(initial())}
        >
          {t('policy.reset')}
        </button>
      </div>
    </form>
  );
}

function presetText(t: RT, preset: PolicyForm, field: PolicyNumberField, unit: 'hours' | 'percent'): string {
  const value = preset[field];
  return t('policy.presetValue', {
    value: unit === 'hours' ? t('policy.hours', { hours: value }) : `${value}%`,
  });
}

/** One example deadline of the numbers typed, from the SLA engine; or why there is none. */
function Example({
  t,
  locale,
  contract,
  form,
  level,
  onLevel,
}: {
  t: RT;
  locale: Locale;
  contract: ContractView;
  form: PolicyForm;
  level: FaultLevel;
  onLevel: (level: FaultLevel) => void;
}) {
  const zone = contract.timeZone;
  const draft = policyDraft(form, zone);
  const reportedAt = localInstant(form.effectiveOn, EXAMPLE_TIME, zone);
  const preview = draft.ok && reportedAt !== null ? previewDeadline(draft.policy, reportedAt, level) : null;
  const now = Date.now();
  const at = (iso: string) => formatInstant(iso, zone, locale, now);
  return (
    <section class="reg-example" aria-live="polite" data-testid="policy-example">
      <h3 class="section-title">{t('policy.example.title')}</h3>
      <div class="field">
        <label for="policy-example-level">{t('policy.example.level')}</label>
        <select
          id="policy-example-level"
          class="input select reg-input"
          value={String(level)}
          onChange={(e) => onLevel(Number(e.currentTarget.value) as FaultLevel)}
        >
          {([1, 2, 3] as const).map((l) => (
            <option key={l} value={String(l)}>
              {t(`policy.example.level${l}`)}
            </option>
          ))}
        </select>
      </div>
      {preview === null ? (
        <p class="reg-empty" data-testid="policy-example-none">
          {draft.ok
            ? t('policy.example.noDate')
            : t('policy.example.fix', { field: t(`policy.field.${draft.field}` as RegisterKey) })}
        </p>
      ) : (
        <>
          <dl>
            <dt>{t('policy.example.reported')}</dt>
            <dd>{at(preview.reportedAt)}</dd>
            <dt>{t('policy.example.accepted')}</dt>
            <dd>{at(preview.acceptedAt)}</dd>
            <dt>{t('policy.example.arrival')}</dt>
            <dd data-testid="policy-example-arrival">{at(preview.arrivalDueAt)}</dd>
            <dt>{t('policy.example.resolution')}</dt>
            <dd data-testid="policy-example-resolution">{at(preview.resolutionDueAt)}</dd>
          </dl>
          <p class="field-hint" data-testid="policy-example-explain">
            {locale === 'en' ? preview.explain.en : preview.explain.zh}
          </p>
        </>
      )}
    </section>
  );
}
