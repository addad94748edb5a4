/**
 * How an audit record reads: who, when, what was done to which object, and each changed field before
 * and after, in the person's language. Pure: the catalogue, names and time zone come in as arguments.
 */
import type { AuditRecordView } from '../../../shared/auth/schemas.ts';
import type { AreaCatalogue } from './catalogue';
import type { AuditKey } from './i18n.zh-CN';

/** Staff ids → names, for the actors and staff fields of the records. */
export type StaffNames = ReadonlyMap<string, string>;

/** The desk's users are in mainland China; the records carry no zone of their own. */
export const AUDIT_TIME_ZONE = 'Asia/Shanghai';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;

export interface ChangeLine {
  field: string;
  label: string;
  before: string;
  after: string;
}

export interface RecordLine {
  key: string;
  at: string;
  time: string;
  actor: string;
  action: string;
  object: string;
  changes: ChangeLine[];
}

export function createAuditFormatter(
  catalogue: AreaCatalogue<AuditKey>,
  names: StaffNames = new Map(),
  timeZone = AUDIT_TIME_ZONE,
) {
  const { t, has, locale } = catalogue;
  const known = (prefix: string, value: string): string => {
    const key = `${prefix}.${value}`;
    return has(key) ? t(key) : value;
  };
  const dateTime = new Intl.DateTimeFormat(locale, {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });

  const instant = (iso: string): string => {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
  };

  const staffName = (id: string): string => names.get(id) ?? t('audit.actor.staff', { id: shortId(id) });

  const value = (field: string, raw: unknown): string => {
    if (raw === null || raw === undefined || raw === '') return t('audit.none');
    if (typeof raw === 'boolean') return raw ? t('audit.yes') : t('audit.no');
    if (Array.isArray(raw)) {
      if (raw.length === 0) return t('audit.none');
      const prefix = field === 'roles' ? 'audit.role' : null;
      return raw
        .map((item) => (prefix !== null && typeof item === 'string' ? known(prefix, item) : value('', item)))
        .join(t('audit.listSeparator'));
    }
    if (typeof raw === 'string') {
      if (field === 'revokedReason') return known('audit.reason', raw);
      if (field === 'staffId' || field.endsWith('EngineerId')) return staffName(raw);
      if (INSTANT.test(raw)) return instant(raw);
      return raw;
    }
    if (typeof raw === 'number') return String(raw);
    return JSON.stringify(raw);
  };

  const actor = (who: AuditRecordView['actor']): string => {
    if (who.kind === 'staff') return staffName(who.id);
    if (who.kind === 'system' || who.kind === 'admin-cli' || who.kind === 'link') {
      return t(`audit.actor.${who.kind}`);
    }
    return `${who.kind} ${who.id}`;
  };

  const action = (name: string): string => {
    const direct = `audit.action.${name}`;
    if (has(direct)) return t(direct);
    // `verb:detail` actions the catalogue does not list read as the verb and the detail.
    const [verb, detail] = name.split(':', 2);
    if (verb !== undefined && detail !== undefined && has(`audit.action.${verb}`)) {
      return `${known('audit.action', verb)} (${detail})`;
    }
    return name;
  };

  const record = (r: AuditRecordView, index: number): RecordLine => ({
    key: `${r.at}#${r.entity}#${r.id}#${index}`,
    at: r.at,
    time: instant(r.at),
    actor: actor(r.actor),
    action: action(r.action),
    object: t('audit.object', { entity: known('audit.entity', r.entity), id: shortId(r.id) }),
    changes: Object.entries(r.changes)
      .filter(([field, change]) => !isBookkeeping(r, field, change.after))
      .sort(([a], [b]) => fieldOrder(a) - fieldOrder(b) || a.localeCompare(b))
      .map(([field, change]) => ({
        field,
        label: known('audit.field', field),
        before: value(field, change.before),
        after: value(field, change.after),
      })),
  });

  return { instant, value, actor, action, record };
}

export type AuditFormatter = ReturnType<typeof createAuditFormatter>;

/**
 * Fields a record carries that tell the reader nothing: the company (always the reader's own), and on
 * a creation the object's own id and a creation time equal to the record's.
 */
function isBookkeeping(record: AuditRecordView, field: string, after: unknown): boolean {
  if (field === 'companyId') return true;
  if (field === 'createdAt' && after === record.at) return true;
  return field === `${record.entity}Id` && after === record.id;
}

const ORDER = ['name', 'phone', 'roles', 'active'];

function fieldOrder(field: string): number {
  const index = ORDER.indexOf(field);
  return index === -1 ? ORDER.length : index;
}

/** Ids are long and random; eight characters tell them apart on one screen. */
export function shortId(id: string): string {
  return id.length > 10 ? `${id.slice(0, 8)}…` : id;
}

export type AuditTarget = { entity: string; id: string } | { contractId: string };

/** The API path of a target's records. */
export function auditPath(target: AuditTarget): string {
  const query =
    'contractId' in target
      ? new URLSearchParams({ contractId: target.contractId })
      : new URLSearchParams({ entity: target.entity, id: target.id });
  return `/desk/audit?${query.toString()}`;
}

/** The target of the audit page from its query string, or null when it names none. */
export function targetFromQuery(query: Readonly<Record<string, string | undefined>>): AuditTarget | null {
  const ok = (value: string | undefined): value is string =>
    value !== undefined && /^[A-Za-z0-9_-]{1,64}$/.test(value);
  if (ok(query.contractId)) return { contractId: query.contractId };
  if (ok(query.id) && query.entity !== undefined && /^[a-z][a-zA-Z]{1,30}$/.test(query.entity)) {
    return { entity: query.entity, id: query.id };
  }
  return null;
}
