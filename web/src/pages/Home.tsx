import { HealthCard } from '../components/HealthCard';
import { useI18n } from '../i18n/I18nProvider';

export function Home() {
  const { t } = useI18n();
  return (
    <div class="page">
      <div class="intro">
        <h1>{t('home.title')}</h1>
        <p class="lead">{t('home.description')}</p>
      </div>
      <HealthCard />
    </div>
  );
}
