import { useState } from 'preact/hooks';
import type { StaffView } from '../../../shared/auth/schemas.ts';
import type { AreaCatalogue } from '../audit/catalogue';
import type { RosterApi } from './api';
import type { RosterKey } from './i18n.zh-CN';
import { type FieldErrors, MemberFields } from './MemberFields';
import {
  checkDraft,
  createBody,
  type Draft,
  draftFieldOf,
  emptyDraft,
  failureMessage,
  failureOf,
} from './model';

/** The form that puts a new member on the roster (active, in the admin's company). */
export function AddMember({
  api,
  catalogue,
  onCreated,
  onCancel,
}: {
  api: RosterApi;
  catalogue: AreaCatalogue<RosterKey>;
  onCreated: (member: StaffView) => void;
  onCancel: () => void;
}) {
  const { t, locale } = catalogue;
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const local = checkDraft(draft);
    setErrors(Object.fromEntries(Object.entries(local).map(([field, key]) => [field, t(key)])));
    setProblem(null);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      const member = await api.create(createBody(draft), { lang: locale });
      setDraft(emptyDraft());
      onCreated(member);
    } catch (error) {
      const failure = failureOf(error);
      if (failure.kind === 'field') {
        const field = draftFieldOf(failure.field);
        if (field === null) setProblem(failure.message);
        else setErrors({ [field]: failure.message });
      } else if (failure.kind === 'phone-taken') {
        setErrors({ phone: t('roster.error.phoneTaken') });
      } else {
        const key = failureMessage(failure);
        setProblem(key === null ? null : t(key));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="card form roster-add"
      onSubmit={(event) => void submit(event)}
      noValidate
      data-testid="roster-add"
    >
      <h2 class="form-title">{t('roster.addTitle')}</h2>
      {problem !== null && (
        <p class="form-error" role="alert">
          {problem}
        </p>
      )}
      <div class="roster-form-grid">
        <MemberFields
          idPrefix="add"
          draft={draft}
          errors={errors}
          onChange={setDraft}
          catalogue={catalogue}
          withActive={false}
          disabled={busy}
        />
      </div>
      <div class="roster-actions">
        <button type="submit" class="button" aria-busy={busy} disabled={busy} data-testid="add-submit">
          {busy ? t('roster.creating') : t('roster.create')}
        </button>
        <button type="button" class="button button--quiet" onClick={onCancel} disabled={busy}>
          {t('roster.cancel')}
        </button>
      </div>
    </form>
  );
}
