import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { ActionFailure } from '../desk/actions';
import { type AreaTranslate, useCatalogue } from '../intake/catalogue';
import { registerEn } from './i18n.en';
import { type RegisterKey, registerZhCN } from './i18n.zh-CN';
import type { Load } from './store';

export type RT = AreaTranslate<RegisterKey>;

export function useRegisterCatalogue() {
  return useCatalogue(registerZhCN, registerEn);
}

export type Message = { tone: 'ok' | 'warn' | 'error'; text: string } | null;

/** What a failed change means to the person. `conflict` is for a 409 the caller has reloaded after. */
export function failureMessage(t: RT, failure: ActionFailure): Message {
  switch (failure.kind) {
    case 'conflict':
      return { tone: 'warn', text: t('change.conflict') };
    case 'offline':
      return { tone: 'error', text: t('change.offline') };
    case 'signedOut':
      return { tone: 'error', text: t('change.signedOut') };
    case 'rejected':
      return { tone: 'error', text: t('change.rejected', { message: failure.message }) };
    case 'failed':
      return { tone: 'error', text: t('change.failed') };
  }
}

/** The status line under a form or a section: read out politely when fine, at once when not. */
export function MessageLine({ message, testId }: { message: Message; testId?: string }) {
  return (
    <p
      class={message === null ? 'visually-hidden' : `action-message action-message--${message.tone}`}
      role={message === null || message.tone === 'ok' ? 'status' : 'alert'}
      data-testid={testId}
    >
      {message?.text ?? ''}
    </p>
  );
}

/** Loading, not found, failed with a retry, or the content. */
export function Loaded<T>({
  load,
  loadingText,
  failedText,
  notFoundText,
  retry,
  testId,
  children,
}: {
  load: Load<T>;
  loadingText: string;
  failedText: string;
  notFoundText?: string;
  retry: () => void;
  testId?: string;
  children: (data: T) => ComponentChildren;
}) {
  const { t } = useRegisterCatalogue();
  if (load.status === 'loading') {
    return (
      <p class="lead" role="status" data-testid={testId === undefined ? undefined : `${testId}-loading`}>
        {loadingText}
      </p>
    );
  }
  if (load.status === 'failed') {
    return (
      <div
        class="form-error"
        role="alert"
        data-testid={testId === undefined ? undefined : `${testId}-failed`}
      >
        {load.notFound && notFoundText !== undefined
          ? notFoundText
          : load.offline
            ? t('change.offline')
            : failedText}{' '}
        {!(load.notFound && notFoundText !== undefined) && (
          <button type="button" class="link-button" onClick={retry}>
            {t('common.retry')}
          </button>
        )}
      </div>
    );
  }
  return <>{children(load.data)}</>;
}

/** A labelled text input with its hint and an error when the form named this field. */
export function TextField({
  id,
  label,
  value,
  onInput,
  invalid = false,
  hint,
  type = 'text',
  required = false,
  maxLength,
  inputMode,
  placeholder,
  wide = false,
}: {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  invalid?: boolean;
  hint?: string;
  type?: 'text' | 'date' | 'tel';
  required?: boolean;
  maxLength?: number;
  inputMode?: 'decimal' | 'numeric' | 'tel' | 'text';
  placeholder?: string;
  /** Takes two columns of the form's grid (an address). */
  wide?: boolean;
}) {
  return (
    <div class={wide ? 'field reg-wide' : 'field'}>
      <label for={id}>{label}</label>
      <input
        id={id}
        class="input reg-input"
        // Preact's types tell input kinds apart by `type`; these three take the same attributes.
        type={type as 'text'}
        value={value}
        required={required}
        maxLength={maxLength}
        inputMode={inputMode}
        placeholder={placeholder}
        aria-invalid={invalid}
        aria-describedby={hint === undefined ? undefined : `${id}-hint`}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      {hint !== undefined && (
        <p id={`${id}-hint`} class="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}

/** Puts the focus in a form's first field when it opens, which also scrolls it into view. */
export function useFocusFirst() {
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    form.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, []);
  return form;
}

/** A local date range `2026-01-01 – 2026-12-31`. */
export function period(from: string, to: string): string {
  return `${from} – ${to}`;
}
