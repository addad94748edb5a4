import { HealthCard } from '../components/HealthCard';
import { useI18n } from '../i18n/I18nProvider';
import { roleHome } from '../state/navigation';
import { useSession } from '../state/session';

export function Home() {
  const { t } = useI18n();
  const session = useSession();
  return (
    <div class="page">
      <div class="intro">
        <h1>{t('home.title')}</h1>
        <p class="lead">{t('home.description')}</p>
      </div>
      <section class="card" aria-labelledby="staff-title">
        <h2 id="staff-title" class="card-title">
          {t('home.staffTitle')}
        </h2>
        <p>{t('home.staffBody')}</p>
        {session.status === 'signedIn' ? (
          <a class="button" href={roleHome(session.staff.roles)} data-testid="home-open-workspace">
            {t('home.staffOpen')}
          </a>
        ) : (
          <a class="button" href="/signin" data-testid="home-sign-in">
            {t('home.staffSignIn')}
          </a>
        )}
      </section>
      <HealthCard />
    </div>
  );
}
