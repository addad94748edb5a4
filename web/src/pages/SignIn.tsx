import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { useI18n } from '../i18n/I18nProvider';
import type { Translate } from '../i18n/locale';
import { useCountdown } from '../state/countdown';
import { afterSignIn } from '../state/navigation';
import { useSession } from '../state/session';
import { CODE_DIGITS, digitsOnly, type SignInError, useSignInFlow } from '../state/sign-in';

function errorText(error: SignInError, t: Translate): string {
  switch (error.kind) {
    case 'phoneInvalid':
      return error.message;
    case 'phoneMissing':
      return t('signin.error.phoneMissing');
    case 'codeFormat':
      return t('signin.error.codeFormat');
    case 'codeRefused':
      return t('signin.error.codeRefused');
    case 'rateLimited':
      return t('signin.error.rateLimited');
    case 'offline':
      return t('signin.error.offline');
    case 'server':
      return t('signin.error.server');
  }
}

const ERROR_ID = 'signin-error';

function ErrorMessage({ error, t }: { error: SignInError | null; t: Translate }) {
  if (!error) return null;
  return (
    <p id={ERROR_ID} class="form-error" role="alert" data-testid="signin-error" data-kind={error.kind}>
      {errorText(error, t)}
    </p>
  );
}

/** Phone first, then the SMS code. Signed in, it goes on to `?next=` or the role's home. */
export default function SignIn() {
  const { t, locale } = useI18n();
  const { query, route } = useLocation();
  const session = useSession();
  const [state, flow] = useSignInFlow(locale);
  const [code, setCode] = useState('');
  const phoneInput = useRef<HTMLInputElement>(null);
  const codeInput = useRef<HTMLInputElement>(null);
  const firstRender = useRef(true);
  const resendIn = useCountdown(state.resendAt);

  // Once only: while the next page's lazy chunk loads, this page stays rendered under the new URL,
  // whose query has no `next` any more; going on again would send the person to their role's home.
  const left = useRef(false);
  useEffect(() => {
    if (session.status !== 'signedIn' || left.current) return;
    left.current = true;
    route(afterSignIn(query.next, session.staff.roles), true);
  }, [session, query.next, route]);

  // Focus follows the step, and goes back to the field an error is about.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    (state.step === 'code' ? codeInput : phoneInput).current?.focus();
  }, [state.step, state.sent]);
  useEffect(() => {
    if (!state.error) return;
    const input = (state.step === 'code' ? codeInput : phoneInput).current;
    input?.focus();
    if (state.error.kind === 'codeRefused' || state.error.kind === 'codeFormat') input?.select();
  }, [state.error, state.step]);

  const error = state.error;
  const ended = session.status === 'signedOut' && session.ended;
  const busy = state.busy !== null;

  return (
    <div class="page page--narrow">
      <div class="intro">
        <h1>{t('signin.title')}</h1>
        <p class="lead">{t('signin.intro')}</p>
      </div>
      {ended && (
        <p class="notice notice--warn" role="status" data-testid="session-ended">
          {t('signin.ended')}
        </p>
      )}

      {state.step === 'phone' ? (
        <form
          class="card form"
          noValidate
          data-testid="signin-phone-step"
          onSubmit={(event) => {
            event.preventDefault();
            void flow.sendCode();
          }}
        >
          <div class="field">
            <label for="signin-phone">{t('signin.phoneLabel')}</label>
            <input
              ref={phoneInput}
              id="signin-phone"
              name="phone"
              type="tel"
              inputMode="tel"
              autocomplete="tel"
              enterKeyHint="send"
              required
              class="input input--phone"
              value={state.phone}
              aria-invalid={error !== null}
              aria-describedby={error ? `${ERROR_ID} signin-phone-hint` : 'signin-phone-hint'}
              onInput={(event) => flow.setPhone(event.currentTarget.value)}
            />
            <p id="signin-phone-hint" class="field-hint">
              {t('signin.phoneHint')}
            </p>
          </div>
          <ErrorMessage error={error} t={t} />
          <button type="submit" class="button button--block" aria-busy={busy} disabled={busy}>
            {state.busy === 'sending' && <span class="spinner" aria-hidden="true" />}
            {state.busy === 'sending' ? t('signin.sending') : t('signin.sendCode')}
          </button>
        </form>
      ) : (
        <form
          class="card form"
          noValidate
          data-testid="signin-code-step"
          onSubmit={(event) => {
            event.preventDefault();
            void flow.verify(code);
          }}
        >
          <h2 class="form-title">{t('signin.codeTitle')}</h2>
          <div class="sent-to">
            <p id="signin-sent-to">
              {t('signin.codeSentTo')}{' '}
              <strong class="sent-to-phone" data-testid="signin-phone-shown">
                {state.phone.trim()}
              </strong>
            </p>
            <button type="button" class="link-button" onClick={() => flow.changeNumber()} disabled={busy}>
              {t('signin.changeNumber')}
            </button>
          </div>
          <div class="field">
            <label for="signin-code">{t('signin.codeLabel')}</label>
            <input
              ref={codeInput}
              id="signin-code"
              name="code"
              type="text"
              inputMode="numeric"
              autocomplete="one-time-code"
              enterKeyHint="go"
              pattern="[0-9]*"
              required
              class="input input--code"
              value={code}
              aria-invalid={error?.kind === 'codeRefused' || error?.kind === 'codeFormat'}
              aria-describedby={error ? `${ERROR_ID} signin-code-hint` : 'signin-code-hint signin-sent-to'}
              onInput={(event) => {
                const digits = digitsOnly(event.currentTarget.value).slice(0, CODE_DIGITS);
                // Keep the field in step with what we accept, even when the browser kept the non-digits.
                event.currentTarget.value = digits;
                setCode(digits);
                if (error?.kind === 'codeFormat' || error?.kind === 'codeRefused') flow.clearError();
              }}
            />
            <p id="signin-code-hint" class="field-hint">
              {t('signin.codeValidity')}
            </p>
          </div>
          <ErrorMessage error={error} t={t} />
          <button
            type="submit"
            class="button button--block"
            aria-busy={state.busy === 'verifying'}
            disabled={busy}
          >
            {state.busy === 'verifying' && <span class="spinner" aria-hidden="true" />}
            {state.busy === 'verifying' ? t('signin.verifying') : t('signin.verify')}
          </button>
          <button
            type="button"
            class="button button--quiet button--block"
            data-testid="signin-resend"
            aria-busy={state.busy === 'resending'}
            disabled={busy || resendIn > 0}
            onClick={() => void flow.resend()}
          >
            {state.busy === 'resending' && <span class="spinner" aria-hidden="true" />}
            {state.busy === 'resending'
              ? t('signin.resending')
              : resendIn > 0
                ? t('signin.resendIn', { seconds: resendIn })
                : t('signin.resend')}
          </button>
        </form>
      )}
    </div>
  );
}
