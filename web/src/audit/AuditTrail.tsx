import './audit.css';
import { useEffect, useId, useMemo, useState } from 'preact/hooks';
import type { AuditRecordView } from '../../../shared/auth/schemas.ts';
import { ApiError } from '../api/client';
import { auditApi } from './api';
import { useAreaCatalogue } from './catalogue';
import { type AuditTarget, createAuditFormatter, type StaffNames } from './format';
import { auditEn } from './i18n.en';
import { auditZhCN } from './i18n.zh-CN';

export type AuditTrailProps = ({ entity: string; id: string } | { contractId: string }) & {
  /** Names to show for staff ids; the desk's staff list is read when not given. */
  names?: StaffNames;
  /** Change it to read the records again (after a change made on the same page). */
  refreshKey?: unknown;
  /** A heading level that fits the page around it. */
  headingLevel?: 2 | 3;
};

type Load =
  | { status: 'loading' }
  | { status: 'failed'; reason: 'offline' | 'forbidden' | 'error' }
  | { status: 'loaded'; records: AuditRecordView[]; names: StaffNames };

const PAGE = 20;

const api = auditApi();

function failureOf(error: unknown): 'offline' | 'forbidden' | 'error' {
  if (error instanceof ApiError && error.kind === 'network') return 'offline';
  if (error instanceof ApiError && error.status === 403) return 'forbidden';
  return 'error';
}

/**
 * The audit trail of one object (`entity`, `id`) or of every object of a contract (`contractId`):
 * newest first, who and when, the action, and each changed field before → after.
 */
export function AuditTrail(props: AuditTrailProps) {
  const catalogue = useAreaCatalogue(auditZhCN, auditEn);
  const { t, locale } = catalogue;
  const target: AuditTarget =
    'contractId' in props ? { contractId: props.contractId } : { entity: props.entity, id: props.id };
  const targetKey = JSON.stringify(target);
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [shown, setShown] = useState(PAGE);
  const titleId = useId();
  const givenNames = props.names;

  useEffect(() => {
    const controller = new AbortController();
    const options = { signal: controller.signal, lang: locale };
    setLoad((previous) => (previous.status === 'loaded' ? previous : { status: 'loading' }));
    Promise.all([
      api.records(target, options),
      givenNames === undefined ? api.staffNames(options) : Promise.resolve(new Map<string, string>()),
    ])
      .then(([records, names]) => {
        if (!controller.signal.aborted) setLoad({ status: 'loaded', records, names });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setLoad({ status: 'failed', reason: failureOf(error) });
      });
    return () => controller.abort();
  }, [targetKey, props.refreshKey, attempt, givenNames === undefined]);

  const names = useMemo(() => {
    const merged = new Map(load.status === 'loaded' ? load.names : []);
    for (const [id, name] of givenNames ?? []) merged.set(id, name);
    return merged;
  }, [load, givenNames]);
  const format = useMemo(() => createAuditFormatter(catalogue, names), [catalogue, names]);
  const Heading = props.headingLevel === 3 ? 'h3' : 'h2';
  const showObject = 'contractId' in target;

  return (
    <section class="audit" aria-labelledby={titleId} data-testid="audit-trail">
      <Heading id={titleId} class="audit-title">
        {t('audit.title')}
      </Heading>
      {load.status === 'loading' && (
        <p class="audit-status" role="status">
          <span class="spinner" aria-hidden="true" /> {t('audit.loading')}
        </p>
      )}
      {load.status === 'failed' && (
        <div class="audit-failed" role="alert">
          <p>{t(`audit.${load.reason}`)}</p>
          {load.reason !== 'forbidden' && (
            <button type="button" class="button button--quiet" onClick={() => setAttempt((n) => n + 1)}>
              {t('audit.retry')}
            </button>
          )}
        </div>
      )}
      {load.status === 'loaded' && load.records.length === 0 && <p class="lead">{t('audit.empty')}</p>}
      {load.status === 'loaded' && load.records.length > 0 && (
        <>
          <ol class="audit-list">
            {load.records.slice(0, shown).map((raw, index) => {
              const line = format.record(raw, index);
              return (
                <li key={line.key} class="audit-entry" data-testid="audit-entry">
                  <div class="audit-head">
                    <span class="audit-action">{line.action}</span>
                    {showObject && <span class="audit-object">{line.object}</span>}
                    <span class="audit-meta">
                      {line.actor} · <time dateTime={line.at}>{line.time}</time>
                    </span>
                  </div>
                  {line.changes.length === 0 ? (
                    <p class="audit-none">{t('audit.noChanges')}</p>
                  ) : (
                    <table class="audit-changes">
                      <thead class="visually-hidden">
                        <tr>
                          <th scope="col">{t('audit.field')}</th>
                          <th scope="col">{t('audit.before')}</th>
                          <th scope="col">{t('audit.after')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {line.changes.map((change) => (
                          <tr key={change.field}>
                            <th scope="row">{change.label}</th>
                            <td class="audit-before">{change.before}</td>
                            <td class="audit-after">
                              <span class="audit-arrow" aria-hidden="true">
                                →
                              </span>
                              <span class="visually-hidden">{t('audit.arrow')}</span> {change.after}
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )}
                </li>
              );
            })}
          </ol>
          {load.records.length > shown && (
            <button type="button" class="button button--quiet" onClick={() => setShown((n) => n + PAGE)}>
              {t('audit.showMore', { count: Math.min(PAGE, load.records.length - shown) })}
            </button>
          )}
          <p class="field-hint">{t('audit.times')}</p>
        </>
      )}
    </section>
  );
}
