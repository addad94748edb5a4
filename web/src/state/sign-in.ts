/**
 * The two steps of signing in (phone → SMS code) as a small store: what is typed, what is on its way,
 * and what went wrong, in kinds the screen words in the current language. The screen only renders it.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { SIGN_IN_LIMITS } from '../../../shared/auth/limits.ts';
import { type CodeAccepted, requestCode, type Tokens, verifyCode } from '../api/auth';
import { ApiError, errorOf, type RequestOptions } from '../api/client';
import { browserSessionStore } from './session';

export type SignInError =
  /** Nothing typed that could be a phone number. */
  | { kind: 'phoneMissing' }
  /** The server refused the number; its message is in the language we asked for. */
  | { kind: 'phoneInvalid'; message: string }
  /** Not six digits: checked here, so a typo does not use up one of the code's attempts. */
  | { kind: 'codeFormat' }
  /** 401: wrong, expired, or used up; the server does not say which. */
  | { kind: 'codeRefused' }
  | { kind: 'rateLimited' }
  | { kind: 'offline' }
  | { kind: 'server' };

export type SignInBusy = 'sending' | 'verifying' | 'resending';

export interface SignInState {
  step: 'phone' | 'code';
  /** As typed; the server reads numbers without +country as mainland Chinese. */
  phone: string;
  busy: SignInBusy | null;
  /** Epoch ms from which another code may be asked for. */
  resendAt: number | null;
  error: SignInError | null;
  /** How many codes were sent in this sitting; the screen announces each. */
  sent: number;
}

export interface SignInDeps {
  requestCode: (phone: string, options: RequestOptions) => Promise<CodeAccepted>;
  verifyCode: (phone: string, code: string, options: RequestOptions) => Promise<Tokens>;
  /** Keeps the session; called before the flow reports success. */
  signIn: (tokens: Tokens) => Promise<void>;
  now: () => number;
  isOnline: () => boolean;
  /** The UI language, sent as Accept-Language so the server's messages match the screen. */
  lang: () => string;
}

export const CODE_DIGITS = SIGN_IN_LIMITS.codeDigits;

/** Keeps digits only: people paste codes with spaces, and phones offer them from the SMS. */
export const digitsOnly = (value: string) => value.replace(/\D/g, '');

/**
 * The server words a refused field as `phone:reason`; beside the phone field the reason says it all,
 * as a sentence.
 */
function withoutField(message: string): string {
  const reason = message.replace(/^phone\s*[:：]\s*/, '') || message;
  return reason.charAt(0).toUpperCase() + reason.slice(1);
}

/** The kind of a failed request, for the screen. */
export function classifyError(error: unknown, isOnline: boolean, field: 'phone' | 'code'): SignInError {
  if (!(error instanceof ApiError)) return { kind: 'server' };
  if (error.kind === 'network' || error.kind === 'aborted')
    return isOnline ? { kind: 'server' } : { kind: 'offline' };
  if (error.kind !== 'http') return { kind: 'server' };
  if (error.status === 429) return { kind: 'rateLimited' };
  if (error.status === 401) return { kind: 'codeRefused' };
  if (error.status === 400) {
    const body = errorOf(error);
    if (body.field === 'code') return { kind: 'codeFormat' };
    if (body.field === 'phone' || field === 'phone') {
      return body.message
        ? { kind: 'phoneInvalid', message: withoutField(body.message) }
        : { kind: 'server' };
    }
  }
  return { kind: 'server' };
}

export function createSignInFlow(deps: SignInDeps) {
  let state: SignInState = { step: 'phone', phone: '', busy: null, resendAt: null, error: null, sent: 0 };
  const listeners = new Set<(state: SignInState) => void>();
  const set = (patch: Partial<SignInState>) => {
    state = { ...state, ...patch };
    for (const listener of listeners) listener(state);
  };

  const ask = async (busy: SignInBusy): Promise<boolean> => {
    if (digitsOnly(state.phone).length < 5) {
      set({ error: { kind: 'phoneMissing' } });
      return false;
    }
    set({ busy, error: null });
    try {
      const { resendAfterSeconds } = await deps.requestCode(state.phone.trim(), { lang: deps.lang() });
      set({
        step: 'code',
        busy: null,
        resendAt: deps.now() + resendAfterSeconds * 1000,
        sent: state.sent + 1,
      });
      return true;
    } catch (error) {
      const kind = classifyError(error, deps.isOnline(), 'phone');
      // A refused number belongs to the phone step, whatever step asked.
      set({ busy: null, error: kind, ...(kind.kind === 'phoneInvalid' ? { step: 'phone' } : {}) });
      return false;
    }
  };

  return {
    getState: () => state,
    subscribe(listener: (state: SignInState) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setPhone(phone: string) {
      set({ phone, ...(state.error?.kind.startsWith('phone') ? { error: null } : {}) });
    },
    sendCode: () => (state.busy ? Promise.resolve(false) : ask('sending')),
    resend: () =>
      state.busy || (state.resendAt !== null && deps.now() < state.resendAt)
        ? Promise.resolve(false)
        : ask('resending'),
    changeNumber() {
      set({ step: 'phone', error: null, busy: null });
    },
    clearError() {
      if (state.error) set({ error: null });
    },
    /** Resolves with the staff member on success, null otherwise (the error is in the state). */
    async verify(code: string): Promise<Tokens['staff'] | null> {
      if (state.busy) return null;
      const digits = digitsOnly(code);
      if (digits.length !== CODE_DIGITS) {
        set({ error: { kind: 'codeFormat' } });
        return null;
      }
      set({ busy: 'verifying', error: null });
      try {
        const tokens = await deps.verifyCode(state.phone.trim(), digits, { lang: deps.lang() });
        await deps.signIn(tokens);
        set({ busy: null });
        return tokens.staff;
      } catch (error) {
        set({ busy: null, error: classifyError(error, deps.isOnline(), 'code') });
        return null;
      }
    },
  };
}

export type SignInFlow = ReturnType<typeof createSignInFlow>;

/** One flow per visit of the sign-in screen. */
export function useSignInFlow(lang: string): [SignInState, SignInFlow] {
  // The language can change while the flow lives (the switch is in the header).
  const langRef = useRef(lang);
  langRef.current = lang;
  const flow = useMemo(() => {
    const session = browserSessionStore();
    return createSignInFlow({
      requestCode,
      verifyCode,
      signIn: (tokens) => session.signIn(tokens),
      now: () => Date.now(),
      isOnline: () => navigator.onLine !== false,
      lang: () => langRef.current,
    });
  }, []);
  const [state, setState] = useState(flow.getState);
  useEffect(() => flow.subscribe(setState), [flow]);
  return [state, flow];
}
