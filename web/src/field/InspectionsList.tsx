import { categoryName } from '../intake/terms';
import { useFieldCatalogue, useTermsCatalogue } from './catalogue';
import { answered } from './projection';
import { useProjected } from './views';

/** `/field/inspections`: my inspection visits, one form per device. */
export function InspectionsList() {
  const { t } = useFieldCatalogue();
  const { t: it } = useTermsCatalogue();
  const { data, storageFailed, visits } = useProjected();
  return (
    <div class="page field-page" data-testid="field-inspections">
      <h1>{t('inspections.title')}</h1>
      {storageFailed && <p class="notice notice--warn">{t('field.storageFailed')}</p>}
      {data === null && !storageFailed && (
        <p class="lead" role="status">
          {t('field.loading')}
        </p>
      )}
      {data !== null && visits.length === 0 && (
        <p class="lead" data-testid="inspections-empty">
          {data.meta.lastSyncAt === null ? t('field.neverSynced') : t('inspections.empty')}
        </p>
      )}
      {visits.map(({ visit, devices }) => (
        <section class="card" key={visit.id} data-testid="visit-card">
          <h2 class="field-visit-title">
            {visit.contractName} · {visit.site.name}
          </h2>
          <p class="field-hint">
            {visit.quarter} · {t('inspections.due', { date: visit.dueDate })}
          </p>
          <ul class="field-list">
            {devices.map((form) => {
              const items = form.template?.items ?? [];
              const done = items.filter((item) => answered(form.answers[item.id])).length;
              return (
                <li key={form.deviceId}>
                  <a
                    class="field-card"
                    href={`/field/inspections/${encodeURIComponent(visit.id)}/${encodeURIComponent(form.deviceId)}`}
                    data-testid="inspection-device"
                  >
                    <span class="field-card-head">
                      <span>
                        {categoryName(it, form.category)} · {form.model}
                      </span>
                      <span class="badge">
                        {form.submitPending
                          ? t('inspections.submitPending')
                          : form.submitted
                            ? t('inspections.submitted')
                            : t('inspections.progress', { answered: done, total: items.length })}
                      </span>
                    </span>
                    {form.serial !== null && <span class="field-hint">{form.serial}</span>}
                  </a>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </div>
  );
}
