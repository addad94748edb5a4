import { useEffect, useMemo, useState } from 'preact/hooks';
import type { AnswerValue, InspectionItem } from '../../../shared/field/schemas.ts';
import { ConfirmDialog } from '../desk/ConfirmDialog';
import { categoryName } from '../intake/terms';
import { createAutosave } from './autosave';
import { type FT, useFieldCatalogue, useTermsCatalogue } from './catalogue';
import { failsCheck, missingRequired } from './projection';
import { act, saveAnswer } from './store';
import { useProjected } from './views';

/**
 * `/field/inspections/:visitId/:deviceId`: one device's form, rendered from its template. Every answer is
 * saved on the phone as it is typed (autosave.ts) and queued for the server; submitting checks the required
 * items here first.
 */
export function InspectionForm({ visitId, deviceId }: { visitId: string; deviceId: string }) {
  const { t, locale } = useFieldCatalogue();
  const { t: it } = useTermsCatalogue();
  const { data, visits } = useProjected();
  const [saveFailed, setSaveFailed] = useState(false);
  const [missing, setMissing] = useState<string[]>([]);
  const [confirming, setConfirming] = useState(false);

  const autosave = useMemo(
    () =>
      createAutosave<AnswerValue>({
        save: async (itemId, value) => {
          await saveAnswer({ visitId, deviceId, itemId }, value);
          setSaveFailed(false);
        },
        onError: () => setSaveFailed(true),
      }),
    [visitId, deviceId],
  );
  // The app may be killed once hidden: whatever waits for its 300 ms goes to storage now.
  useEffect(() => {
    const flush = () => void autosave.flushAll();
    const onHidden = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    document.addEventListener('visibilitychange', onHidden);
    window.addEventListener('pagehide', flush);
    return () => {
      flush();
      document.removeEventListener('visibilitychange', onHidden);
      window.removeEventListener('pagehide', flush);
    };
  }, [autosave]);

  const form = visits
    .find((each) => each.visit.id === visitId)
    ?.devices.find((each) => each.deviceId === deviceId);
  if (data === null) {
    return (
      <p class="lead" role="status">
        {t('field.loading')}
      </p>
    );
  }
  if (form === undefined) {
    return (
      <div class="page field-page">
        <a href="/field/inspections">{t('form.back')}</a>
        <p class="notice notice--warn">{t('form.notFound')}</p>
      </div>
    );
  }
  const template = form.template;
  const readOnly = form.submitted;

  const submit = () => {
    // What was typed in the last 300 ms counts too: the screen's data may not have been re-read yet.
    const typed = autosave.values();
    void autosave.flushAll().then(() => {
      const left = missingRequired({ ...form, answers: { ...form.answers, ...typed } });
      setMissing(left);
      if (left.length === 0) setConfirming(true);
    });
  };

  return (
    <div class="page field-page" data-testid="inspection-form">
      <a href="/field/inspections">{t('form.back')}</a>
      <div class="intro">
        <h1>{template === null ? categoryName(it, form.category) : template.title[locale]}</h1>
        <p class="field-hint">
          {form.model}
          {form.serial !== null ? ` · ${form.serial}` : ''}
        </p>
        <p class="field-hint">{readOnly ? t('form.readOnly') : t('form.autosave')}</p>
      </div>
      {saveFailed && (
        <p class="notice notice--warn" role="alert">
          {t('action.failed')}
        </p>
      )}
      {template === null ? (
        <p class="notice notice--warn">{t('inspections.noTemplate')}</p>
      ) : (
        <form
          class="field-form"
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          {template.items.map((item) => (
            <Item
              key={item.id}
              item={item}
              initial={form.answers[item.id]}
              t={t}
              locale={locale}
              readOnly={readOnly}
              missing={missing.includes(item.id)}
              onChange={(value) => autosave.change(item.id, value)}
              onBlur={() => void autosave.blur(item.id)}
              onLoaded={(value) => autosave.known(item.id, value)}
            />
          ))}
          {missing.length > 0 && (
            <p class="notice notice--warn" role="alert" data-testid="form-missing">
              {t('form.missing', { count: missing.length })}
            </p>
          )}
          {!readOnly && (
            <div class="field-actions-main">
              <button type="submit" class="button button--block" data-testid="form-submit">
                {t('form.submit')}
              </button>
            </div>
          )}
        </form>
      )}
      {confirming && (
        <ConfirmDialog
          open
          title={t('form.confirmSubmitTitle')}
          body={t('form.confirmSubmitBody')}
          confirmLabel={t('form.submit')}
          cancelLabel={t('action.cancel')}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void act({ kind: 'submitInspection', visitId, deviceId }).catch(() => setSaveFailed(true));
          }}
        />
      )}
    </div>
  );
}

/**
 * One item. It keeps what is typed in its own state (the stored value only seeds it), so that re-reading
 * the phone's data after each save never moves the cursor or undoes a keystroke.
 */
function Item({
  item,
  initial,
  t,
  locale,
  readOnly,
  missing,
  onChange,
  onBlur,
  onLoaded,
}: {
  item: InspectionItem;
  initial: AnswerValue | undefined;
  t: FT;
  locale: 'zh-CN' | 'en';
  readOnly: boolean;
  missing: boolean;
  onChange: (value: AnswerValue) => void;
  onBlur: () => void;
  onLoaded: (value: AnswerValue) => void;
}) {
  const [value, setValue] = useState<AnswerValue>(initial ?? null);
  const [text, setText] = useState(() => (initial === undefined || initial === null ? '' : String(initial)));
  useEffect(() => {
    if (initial !== undefined) onLoaded(initial);
  }, []);
  const change = (next: AnswerValue) => {
    setValue(next);
    onChange(next);
  };
  const id = `item-${item.id}`;
  const label = item.label[locale];
  const fails = failsCheck(item, value);
  const status = fails ? (
    <span class="check-fail" data-testid="item-fail">
      {item.kind === 'number' && item.min !== undefined && item.max !== undefined
        ? t('form.outOfRange', { min: item.min, max: item.max })
        : t('form.failed')}
    </span>
  ) : null;
  const required = item.required ? <span class="field-hint"> ({t('form.required')})</span> : null;

  if (item.kind === 'passFail' || item.kind === 'choice') {
    const options =
      item.kind === 'passFail'
        ? [
            { key: 'pass', value: true as AnswerValue, label: t('form.pass') },
            { key: 'fail', value: false as AnswerValue, label: t('form.fail') },
          ]
        : (item.choices ?? []).map((choice) => ({
            key: choice.value,
            value: choice.value as AnswerValue,
            label: choice.label[locale],
          }));
    return (
      <fieldset
        class={missing ? 'field-item field-item--missing' : 'field-item'}
        data-testid={`item-${item.id}`}
        data-kind={item.kind}
        aria-invalid={missing}
      >
        <legend>
          {label}
          {required}
        </legend>
        <div class="field-choice">
          {options.map((option) => (
            <label key={option.key} class="choice">
              <input
                type="radio"
                name={id}
                checked={value === option.value}
                disabled={readOnly}
                onChange={() => {
                  change(option.value);
                  onBlur();
                }}
              />
              <span>{option.label}</span>
            </label>
          ))}
        </div>
        {status}
      </fieldset>
    );
  }

  const input =
    item.kind === 'number' ? (
      <span class="field-number-input">
        <input
          id={id}
          class="input"
          type="text"
          inputMode="decimal"
          value={text}
          readOnly={readOnly}
          aria-invalid={missing || fails}
          onInput={(event) => {
            const raw = event.currentTarget.value;
            setText(raw);
            const trimmed = raw.trim().replace(',', '.');
            const parsed = trimmed === '' ? null : Number(trimmed);
            if (parsed === null || Number.isFinite(parsed)) change(parsed);
          }}
          onBlur={onBlur}
        />
        {item.unit !== undefined && <span class="field-unit">{item.unit}</span>}
      </span>
    ) : (
      <textarea
        id={id}
        class="input field-textarea"
        value={text}
        readOnly={readOnly}
        maxLength={2000}
        aria-invalid={missing}
        onInput={(event) => {
          const raw = event.currentTarget.value;
          setText(raw);
          change(raw);
        }}
        onBlur={onBlur}
      />
    );
  return (
    <div
      class={missing ? 'field field-item field-item--missing' : 'field field-item'}
      data-testid={`item-${item.id}`}
      data-kind={item.kind}
    >
      <label for={id}>
        {label}
        {required}
      </label>
      {input}
      {item.kind === 'number' && item.min !== undefined && item.max !== undefined && (
        <span class="field-hint">{t('form.range', { min: item.min, max: item.max })}</span>
      )}
      {status}
    </div>
  );
}
