import { useI18n } from '../i18n/I18nProvider';
import type { Translate } from '../i18n/locale';
import { type HealthState, useHealth } from '../state/health';

interface Presentation {
  tone: 'pending' | 'ok' | 'warn' | 'error';
  headline: string;
  hint?: string;
}

function present(state: HealthState, t: Translate): Presentation {
  switch (state.status) {
    case 'loading':
      return { tone: 'pending', headline: t('health.loading') };
    case 'ok':
      return { tone: 'ok', headline: t('health.ok', { version: state.version }) };
    case 'storeDown':
      return {
        tone: 'error',
        headline: t('health.storeDown', { version: state.version }),
        hint: t('health.storeDownHint'),
      };
    case 'offline':
      return { tone: 'warn', headline: t('health.offline'), hint: t('health.offlineHint') };
    case 'unreachable':
      return { tone: 'error', headline: t('health.unreachable'), hint: t('health.unreachableHint') };
  }
}

export function HealthCard() {
  const { t, locale } = useI18n();
  const { state, retry } = useHealth();
  const { tone, headline, hint } = present(state, t);
  const checkedAt = 'checkedAt' in state ? state.checkedAt : null;

  return (
    <section class="card" aria-labelledby="health-title">
      <h2 id="health-title" class="card-title">
        {t('health.title')}
      </h2>
      <div class={`health health--${tone}`} role="status" data-testid="health" data-status={state.status}>
        <span class="health-dot" aria-hidden="true" />
        <div class="health-text">
          <p class="health-headline">{headline}</p>
          {hint && <p class="health-hint">{hint}</p>}
          {checkedAt && (
            <p class="health-hint">
              {t('health.checkedAt', {
                time: checkedAt.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' }),
              })}
            </p>
          )}
        </div>
      </div>
      <button type="button" class="button" onClick={retry}>
        {t('health.retry')}
      </button>
    </section>
  );
}
