/**
 * The intake form's state for the screen: loading the link's context, the draft, sending it once
 * (the idempotency key is made once per form and kept across retries, so a double tap or a retry after
 * a lost answer makes one ticket), and the created ticket.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { IntakeContext, IntakeCreated } from '../../../shared/tickets/schemas.ts';
import type { Locale } from '../i18n/locale';
import { loadIntakeContext, submitIntake } from './api';
import {
  type Answer,
  checkDraft,
  emptyDraft,
  type FieldErrors,
  type FieldName,
  failureOf,
  type IntakeDraft,
  newIdempotencyKey,
  type QuestionId,
  type SendFailure,
} from './form';

export type IntakeLoad =
  | { status: 'loading' }
  | { status: 'failed'; failure: SendFailure }
  | { status: 'ready'; context: IntakeContext };

export interface IntakeFormState {
  load: IntakeLoad;
  draft: IntakeDraft;
  errors: FieldErrors;
  sending: boolean;
  /** A failure of the last send that is not about one field. */
  failure: SendFailure | null;
  created: IntakeCreated | null;
  /** Bumped on each refused send, so the screen can move focus to the first problem. */
  attempt: number;
}

type TextField = 'deviceId' | 'description' | 'contactName' | 'contactPhone' | 'website';

const online = () => typeof navigator === 'undefined' || navigator.onLine !== false;

export function useIntakeForm(token: string, locale: Locale) {
  const [load, setLoad] = useState<IntakeLoad>({ status: 'loading' });
  const [draft, setDraft] = useState<IntakeDraft>(() => emptyDraft({ fixedDeviceId: null, devices: [] }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<SendFailure | null>(null);
  const [created, setCreated] = useState<IntakeCreated | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [loadCount, setLoadCount] = useState(0);
  const key = useRef(newIdempotencyKey());
  // State updates land after the render; a second tap in the same frame must see the first one.
  const inFlight = useRef(false);
  const localeRef = useRef(locale);
  localeRef.current = locale;

  useEffect(() => {
    const controller = new AbortController();
    setLoad({ status: 'loading' });
    loadIntakeContext(token, { signal: controller.signal, lang: localeRef.current })
      .then((context) => {
        setDraft(emptyDraft(context));
        setLoad({ status: 'ready', context });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setLoad({ status: 'failed', failure: failureOf(error, online()) });
      });
    return () => controller.abort();
  }, [token, loadCount]);

  const clearError = (name: FieldName) =>
    setErrors((current) => {
      if (current[name] === undefined) return current;
      const next = { ...current };
      delete next[name];
      return next;
    });

  const setText = useCallback((name: TextField, value: string) => {
    setDraft((current) => ({ ...current, [name]: value }));
    if (name !== 'website') clearError(name);
  }, []);

  const setAnswer = useCallback((id: QuestionId, value: Answer) => {
    setDraft((current) => ({ ...current, answers: { ...current.answers, [id]: value } }));
    clearError(`answers.${id}`);
  }, []);

  const submit = useCallback(async () => {
    if (inFlight.current || load.status !== 'ready') return;
    const checked = checkDraft(draft, load.context, key.current, locale);
    if (!checked.ok) {
      setErrors(checked.errors);
      setFailure(Object.keys(checked.errors).length === 0 ? { kind: 'rejected', message: '' } : null);
      setAttempt((n) => n + 1);
      return;
    }
    inFlight.current = true;
    setSending(true);
    setFailure(null);
    try {
      setCreated(await submitIntake(token, checked.body, { lang: locale }));
      setErrors({});
    } catch (error) {
      const reason = failureOf(error, online());
      if (reason.kind === 'field') {
        setErrors({ [reason.field]: { problem: 'invalid', message: reason.message } });
      } else if (reason.kind === 'notFound') {
        setLoad({ status: 'failed', failure: reason });
      } else {
        setFailure(reason);
      }
      setAttempt((n) => n + 1);
    } finally {
      inFlight.current = false;
      setSending(false);
    }
  }, [draft, load, locale, token]);

  /** Another report from the same link: a fresh form and a fresh key. */
  const startOver = useCallback(() => {
    if (load.status === 'ready') setDraft(emptyDraft(load.context));
    key.current = newIdempotencyKey();
    setCreated(null);
    setErrors({});
    setFailure(null);
  }, [load]);

  const state: IntakeFormState = { load, draft, errors, sending, failure, created, attempt };
  return {
    state,
    setText,
    setAnswer,
    submit,
    startOver,
    reload: () => setLoadCount((n) => n + 1),
  };
}
