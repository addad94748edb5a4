import './roster.css';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { StaffView } from '../../../shared/auth/schemas.ts';
import { type AreaCatalogue, useAreaCatalogue } from '../audit/catalogue';
import { StaffGate } from '../audit/gate';
import { useSession } from '../state/session';
import { AddMember } from './AddMember';
import { rosterApi } from './api';
import { rosterEn } from './i18n.en';
import { type RosterKey, rosterZhCN } from './i18n.zh-CN';
import { MemberEditor } from './MemberEditor';
import { displayPhone, failureMessage, failureOf, sortRoster } from './model';

const api = rosterApi();

type Load =
  | { status: 'loading' }
  | { status: 'failed'; message: RosterKey }
  | { status: 'loaded'; staff: StaffView[] };

/** `/desk/staff`: the company's staff roster, for admins. */
export default function RosterPage() {
  const catalogue = useAreaCatalogue(rosterZhCN, rosterEn);
  const { t } = catalogue;
  return (
    <StaffGate roles={['admin']} checking={t('roster.checking')} forbidden={t('roster.forbidden')}>
      <Roster catalogue={catalogue} />
    </StaffGate>
  );
}

function Roster({ catalogue }: { catalogue: AreaCatalogue<RosterKey> }) {
  const { t, locale } = catalogue;
  const session = useSession();
  const selfId = session.status === 'signedIn' ? session.staff.id : undefined;
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [adding, setAdding] = useState(false);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    setLoad((previous) => (previous.status === 'loaded' ? previous : { status: 'loading' }));
    api
      .roster({ signal: controller.signal, lang: locale })
      .then((staff) => {
        if (!controller.signal.aborted) setLoad({ status: 'loaded', staff });
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setLoad({ status: 'failed', message: failureMessage(failureOf(error)) ?? 'roster.error.server' });
      });
    return () => controller.abort();
  }, [attempt]);

  const staff = useMemo(
    () => (load.status === 'loaded' ? sortRoster(load.staff, locale) : []),
    [load, locale],
  );
  const names = useMemo(() => new Map(staff.map((m) => [m.staffId, m.name])), [staff]);
  const selected = staff.find((m) => m.staffId === selectedId) ?? null;
  const roleList = (member: StaffView) =>
    member.roles.map((role) => t(`roster.role.${role}`)).join(t('roster.roleSeparator'));

  const replace = (member: StaffView) =>
    setLoad((previous) =>
      previous.status === 'loaded'
        ? {
            status: 'loaded',
            staff: previous.staff.some((m) => m.staffId === member.staffId)
              ? previous.staff.map((m) => (m.staffId === member.staffId ? member : m))
              : [...previous.staff, member],
          }
        : previous,
    );

  return (
    <div class="page roster-page">
      <div class="roster-top">
        <div class="intro">
          <h1>{t('roster.title')}</h1>
          <p class="lead">{t('roster.intro')}</p>
        </div>
        {!adding && (
          <button
            type="button"
            class="button"
            onClick={() => {
              setAdding(true);
              setNotice(null);
            }}
            data-testid="roster-add-open"
          >
            {t('roster.add')}
          </button>
        )}
      </div>

      {notice !== null && (
        <p class="notice" role="status" data-testid="roster-notice">
          {notice}
        </p>
      )}

      {adding && (
        <AddMember
          api={api}
          catalogue={catalogue}
          onCreated={(member) => {
            replace(member);
            setAdding(false);
            setNotice(t('roster.created', { name: member.name }));
          }}
          onCancel={() => setAdding(false)}
        />
      )}

      <div class={selected === null ? 'roster-layout' : 'roster-layout roster-layout--editing'}>
        <section class="card roster-list" aria-labelledby="roster-list-title">
          <h2 id="roster-list-title" class="visually-hidden">
            {t('roster.title')}
          </h2>
          {load.status === 'loading' && (
            <p class="roster-status" role="status">
              <span class="spinner" aria-hidden="true" /> {t('roster.loading')}
            </p>
          )}
          {load.status === 'failed' && (
            <div class="form-error" role="alert" data-testid="roster-failed">
              <p>{t(load.message)}</p>
              <button type="button" class="button button--quiet" onClick={() => setAttempt((n) => n + 1)}>
                {t('roster.retry')}
              </button>
            </div>
          )}
          {load.status === 'loaded' && staff.length === 0 && <p class="lead">{t('roster.empty')}</p>}
          {load.status === 'loaded' && staff.length > 0 && (
            <>
              <p class="roster-count">
                {t('roster.count', { count: staff.length, active: staff.filter((m) => m.active).length })}
              </p>
              <table class="roster-table" data-testid="roster-table">
                <thead>
                  <tr>
                    <th scope="col">{t('roster.col.name')}</th>
                    <th scope="col">{t('roster.col.phone')}</th>
                    <th scope="col">{t('roster.col.roles')}</th>
                    <th scope="col">{t('roster.col.status')}</th>
                    <th scope="col">
                      <span class="visually-hidden">{t('roster.col.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {staff.map((member) => {
                    const current = member.staffId === selectedId;
                    return (
                      <tr
                        key={member.staffId}
                        class={current ? 'roster-row roster-row--selected' : 'roster-row'}
                        aria-current={current ? 'true' : undefined}
                        data-testid="roster-row"
                      >
                        <th scope="row" data-label={t('roster.col.name')}>
                          {member.name}
                          {member.staffId === selfId && <span class="roster-you"> {t('roster.you')}</span>}
                        </th>
                        <td data-label={t('roster.col.phone')} class="roster-phone">
                          {displayPhone(member.phone)}
                        </td>
                        <td data-label={t('roster.col.roles')}>{roleList(member)}</td>
                        <td data-label={t('roster.col.status')}>
                          <span
                            class={
                              member.active
                                ? 'roster-badge roster-badge--live'
                                : 'roster-badge roster-badge--off'
                            }
                          >
                            {member.active ? t('roster.active') : t('roster.inactive')}
                          </span>
                        </td>
                        <td class="roster-cell-action">
                          <button
                            type="button"
                            class="button button--quiet button--small"
                            aria-pressed={current}
                            onClick={() => setSelectedId(current ? null : member.staffId)}
                            data-testid="roster-edit"
                          >
                            {current ? t('roster.editing') : t('roster.edit')}
                          </button>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </>
          )}
        </section>

        {selected !== null && (
          <MemberEditor
            api={api}
            catalogue={catalogue}
            member={selected}
            selfId={selfId}
            names={names}
            onSaved={replace}
            onClose={() => setSelectedId(null)}
          />
        )}
      </div>
    </div>
  );
}
