import { useEffect, useState } from 'preact/hooks';
import type { StaffView } from '../../../shared/auth/schemas.ts';
import { AuditTrail } from '../audit/AuditTrail';
import type { AreaCatalogue } from '../audit/catalogue';
import type { RosterApi } from './api';
import { ConfirmDialog } from './ConfirmDialog';
import type { RosterKey } from './i18n.zh-CN';
import { type FieldErrors, MemberFields } from './MemberFields';
import {
  checkDraft,
  type Draft,
  deactivates,
  draftFieldOf,
  draftOf,
  failureMessage,
  failureOf,
  isDirty,
  selfLocks,
  updateBody,
} from './model';
import { SessionList } from './SessionList';

type Problem = { text: string; reload: boolean };

/**
 * One member: the form (name, phone, roles, active — deactivation asks first), their sessions with
 * revoke buttons, and their history. A 409 says why; a stale version offers to reload the member.
 */
export function MemberEditor({
  api,
  catalogue,
  member,
  selfId,
  names,
  onSaved,
  onClose,
}: {
  api: RosterApi;
  catalogue: AreaCatalogue<RosterKey>;
  member: StaffView;
  selfId: string | undefined;
  names: ReadonlyMap<string, string>;
  onSaved: (member: StaffView) => void;
  onClose: () => void;
}) {
  const { t, locale } = catalogue;
  const [draft, setDraft] = useState<Draft>(() => draftOf(member));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [refreshKey, setRefreshKey] = useState(0);
  const locks = selfLocks(member, selfId);

  // Another member picked: start from what is stored.
  useEffect(() => {
    setDraft(draftOf(member));
    setErrors({});
    setProblem(null);
    setNotice(null);
  }, [member.staffId]);

  const save = async () => {
    setConfirming(false);
    setBusy(true);
    setProblem(null);
    setNotice(null);
    try {
      const { staff, revokedSessions } = await api.update(member.staffId, updateBody(draft, member.version), {
        lang: locale,
      });
      setDraft(draftOf(staff));
      setErrors({});
      setNotice(
        member.active && !staff.active
          ? t('roster.deactivated', { name: staff.name, count: revokedSessions })
          : t('roster.saved'),
      );
      setRefreshKey((n) => n + 1);
      onSaved(staff);
    } catch (error) {
      const failure = failureOf(error);
      if (failure.kind === 'field') {
        const field = draftFieldOf(failure.field);
        if (field === null) setProblem({ text: failure.message, reload: false });
        else setErrors({ [field]: failure.message });
      } else if (failure.kind === 'phone-taken') {
        setErrors({ phone: t('roster.error.phoneTaken') });
      } else {
        const key = failureMessage(failure);
        setProblem({ text: t(key ?? 'roster.error.server'), reload: failure.kind === 'stale' });
      }
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: Event) => {
    event.preventDefault();
    const local = checkDraft(draft);
    setErrors(Object.fromEntries(Object.entries(local).map(([field, key]) => [field, t(key)])));
    if (Object.keys(local).length > 0) return;
    if (!isDirty(member, draft)) {
      setNotice(t('roster.unchanged'));
      return;
    }
    if (deactivates(member, draft)) setConfirming(true);
    else void save();
  };

  const reload = async () => {
    setBusy(true);
    try {
      const fresh = await api.member(member.staffId, { lang: locale });
      setDraft(draftOf(fresh));
      setProblem(null);
      setErrors({});
      onSaved(fresh);
    } catch (error) {
      setProblem({ text: t(failureMessage(failureOf(error)) ?? 'roster.error.server'), reload: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card roster-editor" aria-labelledby="roster-editor-title" data-testid="roster-editor">
      <div class="roster-editor-head">
        <h2 id="roster-editor-title" class="form-title">
          {t('roster.editTitle', { name: member.name })}
          {locks.self && <span class="roster-you"> {t('roster.you')}</span>}
        </h2>
        <button type="button" class="link-button" onClick={onClose}>
          {t('roster.close')}
        </button>
      </div>
      <form class="form roster-edit-form" onSubmit={submit} noValidate>
        {problem !== null && (
          <div class="form-error roster-problem" role="alert" data-testid="editor-problem">
            <p>{problem.text}</p>
            {problem.reload && (
              <button
                type="button"
                class="button button--quiet"
                onClick={() => void reload()}
                disabled={busy}
              >
                {t('roster.reload')}
              </button>
            )}
          </div>
        )}
        {notice !== null && (
          <p class="notice" role="status" data-testid="editor-notice">
            {notice}
          </p>
        )}
        <div class="roster-form-grid">
          <MemberFields
            idPrefix="edit"
            draft={draft}
            errors={errors}
            onChange={(next) => {
              setDraft(next);
              setNotice(null);
            }}
            catalogue={catalogue}
            withActive={true}
            locks={locks}
            disabled={busy}
          />
        </div>
        {locks.self && <p class="field-hint">{t('roster.selfHint')}</p>}
        <div class="roster-actions">
          <button type="submit" class="button" aria-busy={busy} disabled={busy} data-testid="edit-save">
            {busy ? t('roster.saving') : t('roster.save')}
          </button>
        </div>
      </form>
      <ConfirmDialog
        open={confirming}
        title={t('roster.confirmDeactivateTitle', { name: member.name })}
        body={t('roster.confirmDeactivateBody', { name: member.name })}
        confirm={t('roster.confirmDeactivate')}
        busyLabel={t('roster.saving')}
        cancel={t('roster.cancel')}
        busy={busy}
        onConfirm={() => void save()}
        onCancel={() => {
          // Not deactivating after all: the switch goes back to what is stored.
          setConfirming(false);
          setDraft((current) => ({ ...current, active: member.active }));
        }}
        testId="confirm-deactivate"
      />
      <SessionList
        api={api}
        catalogue={catalogue}
        member={member}
        refreshKey={refreshKey}
        onRevoked={() => setRefreshKey((n) => n + 1)}
      />
      <AuditTrail entity="staff" id={member.staffId} names={names} refreshKey={refreshKey} headingLevel={3} />
    </section>
  );
}
