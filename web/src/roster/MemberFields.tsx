import { STAFF_ROLES } from '../../../shared/auth/roles.ts';
import type { AreaCatalogue } from '../audit/catalogue';
import type { RosterKey } from './i18n.zh-CN';
import { type Draft, type DraftField, withRole } from './model';

export type FieldErrors = Partial<Record<DraftField, string>>;

/**
 * The fields of a member: name, phone, roles, and (when editing) the active switch. Each error is
 * tied to its field for screen readers; `locks` greys out what the admin may not change on their own
 * entry.
 */
export function MemberFields({
  idPrefix,
  draft,
  errors,
  onChange,
  catalogue,
  withActive,
  locks = { admin: false, active: false },
  disabled = false,
}: {
  idPrefix: string;
  draft: Draft;
  errors: FieldErrors;
  onChange: (draft: Draft) => void;
  catalogue: AreaCatalogue<RosterKey>;
  withActive: boolean;
  locks?: { admin: boolean; active: boolean };
  disabled?: boolean;
}) {
  const { t } = catalogue;
  const id = (field: string) => `${idPrefix}-${field}`;
  const described = (field: DraftField, hint?: boolean) =>
    [errors[field] === undefined ? null : `${id(field)}-error`, hint ? `${id(field)}-hint` : null]
      .filter((part) => part !== null)
      .join(' ') || undefined;
  const error = (field: DraftField) =>
    errors[field] === undefined ? null : (
      <p id={`${id(field)}-error`} class="field-error">
        {errors[field]}
      </p>
    );

  return (
    <>
      <div class="field">
        <label for={id('name')}>{t('roster.field.name')}</label>
        <input
          id={id('name')}
          class="input"
          type="text"
          autocomplete="off"
          maxLength={60}
          value={draft.name}
          disabled={disabled}
          aria-invalid={errors.name !== undefined}
          aria-describedby={described('name')}
          onInput={(event) => onChange({ ...draft, name: event.currentTarget.value })}
          data-testid={id('name')}
        />
        {error('name')}
      </div>
      <div class="field">
        <label for={id('phone')}>{t('roster.field.phone')}</label>
        <input
          id={id('phone')}
          class="input input--phone"
          type="tel"
          inputMode="tel"
          autocomplete="off"
          maxLength={32}
          value={draft.phone}
          disabled={disabled}
          aria-invalid={errors.phone !== undefined}
          aria-describedby={described('phone', true)}
          onInput={(event) => onChange({ ...draft, phone: event.currentTarget.value })}
          data-testid={id('phone')}
        />
        <p id={`${id('phone')}-hint`} class="field-hint">
          {t('roster.field.phoneHint')}
        </p>
        {error('phone')}
      </div>
      <fieldset
        class="field roster-roles"
        aria-invalid={errors.roles !== undefined}
        aria-describedby={described('roles')}
      >
        <legend>{t('roster.field.roles')}</legend>
        <div class="roster-role-options">
          {STAFF_ROLES.map((role) => {
            const locked = role === 'admin' && locks.admin;
            return (
              <label key={role} class="roster-check">
                <input
                  type="checkbox"
                  checked={draft.roles.includes(role)}
                  disabled={disabled || locked}
                  onChange={(event) =>
                    onChange({ ...draft, roles: withRole(draft.roles, role, event.currentTarget.checked) })
                  }
                  data-testid={id(`role-${role}`)}
                />
                <span>{t(`roster.role.${role}`)}</span>
              </label>
            );
          })}
        </div>
        {error('roles')}
      </fieldset>
      {withActive && (
        <div class="field">
          <label class="roster-switch">
            <input
              type="checkbox"
              role="switch"
              aria-checked={draft.active}
              checked={draft.active}
              disabled={disabled || locks.active}
              aria-describedby={described('active', true)}
              onChange={(event) => onChange({ ...draft, active: event.currentTarget.checked })}
              data-testid={id('active')}
            />
            <span>{t('roster.field.active')}</span>
          </label>
          <p id={`${id('active')}-hint`} class="field-hint">
            {t('roster.field.activeHint')}
          </p>
          {error('active')}
        </div>
      )}
    </>
  );
}
