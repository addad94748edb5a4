import { useLocation } from 'preact-iso';
import { DESK_ROLES } from '../../../shared/auth/roles.ts';
import { AuditTrail } from './AuditTrail';
import { useAreaCatalogue } from './catalogue';
import { targetFromQuery } from './format';
import { StaffGate } from './gate';
import { auditEn } from './i18n.en';
import { auditZhCN } from './i18n.zh-CN';

/** `/desk/audit?contractId=` (or `?entity=&id=`): the audit trail on a page of its own. */
export default function AuditPage() {
  const { t } = useAreaCatalogue(auditZhCN, auditEn);
  const { query } = useLocation();
  const target = targetFromQuery(query);
  const contract = target !== null && 'contractId' in target;
  return (
    <StaffGate roles={DESK_ROLES} checking={t('audit.checking')} forbidden={t('audit.forbidden')}>
      <div class="page audit-page">
        <div class="intro">
          <h1>{contract ? t('audit.pageTitle') : t('audit.pageObjectTitle')}</h1>
          {target !== null && (
            <p class="lead">
              {contract ? t('audit.pageIntro') : t('audit.pageObjectIntro')}{' '}
              <code class="audit-target">{'contractId' in target ? target.contractId : target.id}</code>
            </p>
          )}
        </div>
        {target === null ? (
          <p class="notice notice--warn">{t('audit.missingQuery')}</p>
        ) : (
          <div class="card">
            <AuditTrail {...target} />
          </div>
        )}
      </div>
    </StaffGate>
  );
}
