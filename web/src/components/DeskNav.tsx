import { useLocation } from 'preact-iso';
import { DESK_ROLES } from '../../../shared/auth/roles.ts';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/zh-CN';
import { useSession } from '../state/session';

interface Item {
  href: string;
  label: MessageKey;
  adminOnly?: boolean;
}

const ITEMS: readonly Item[] = [
  { href: '/desk/board', label: 'nav.board' },
  { href: '/desk/contracts', label: 'nav.contracts' },
  { href: '/desk/staff', label: 'nav.staff', adminOnly: true },
  { href: '/desk/duty', label: 'nav.duty' },
  { href: '/desk/audit', label: 'nav.audit' },
];

/** The desk's sections, on every desk page, for staff of the desk (the API checks every call anyway). */
export function DeskNav() {
  const { path } = useLocation();
  const session = useSession();
  const { t } = useI18n();
  if (!path.startsWith('/desk') || session.status !== 'signedIn') return null;
  const roles = session.staff.roles;
  if (!roles.some((role) => DESK_ROLES.includes(role))) return null;
  const items = ITEMS.filter((item) => !item.adminOnly || roles.includes('admin'));
  return (
    <nav class="desk-nav" aria-label={t('nav.desk')}>
      <ul>
        {items.map((item) => {
          const current = path === item.href || path.startsWith(`${item.href}/`);
          return (
            <li key={item.href}>
              <a href={item.href} aria-current={current ? 'page' : undefined}>
                {t(item.label)}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
