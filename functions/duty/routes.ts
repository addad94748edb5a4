/**
 * The duty roster (值班) at the desk: `/api/desk/duty` — list by date range, create, edit, delete — for
 * the desk roles (dispatcher, supervisor, admin) of the company. The people named must be active staff
 * of the caller's company (texts go only to registered numbers), a contract must be the company's, and
 * `from` must not be after `to`. Edits and deletes carry the version they were read at (409 when
 * stale); an entry of another company is the same 404 as one that does not exist.
 * (docs/timers.md "Duty roster")
 */
import type { Context, Hono } from 'hono';
import { DESK_ROLES, type StaffPrincipal } from '../../shared/auth/roles.ts';
import { IdSchema } from '../../shared/auth/schemas.ts';
import {
  DutyCreateBodySchema,
  DutyDeleteQuerySchema,
  DutyListQuerySchema,
  DutyUpdateBodySchema,
  type DutyView,
} from '../../shared/duty/schemas.ts';
import type { GuardDeps } from '../auth/guard.ts';
import { principalOf, secure } from '../auth/guard.ts';
import { languageOf, readBody, readQuery } from '../auth/http.ts';
import { AppError } from '../lib/errors.ts';
import {
  createDuty,
  type DutyEntry,
  type DutyFields,
  deleteDuty,
  dutyOfCompany,
  getDuty,
  updateDuty,
} from '../store/duty.ts';
import { getContract } from '../store/register.ts';
import { getStaff, listStaffOfCompany } from '../store/staff.ts';

const desk = { audience: 'staff', roles: DESK_ROLES } as const;

const MESSAGES = {
  order: { 'zh-CN': 'to:结束日期不能早于开始日期', en: 'to: must not be before from' },
  engineerId: {
    'zh-CN': 'engineerId:不是本公司在职人员',
    en: 'engineerId: not an active member of your company',
  },
  managerId: {
    'zh-CN': 'managerId:不是本公司在职人员',
    en: 'managerId: not an active member of your company',
  },
  contractId: { 'zh-CN': 'contractId:不是本公司的合同', en: 'contractId: not a contract of your company' },
} as const;

function staffOf(c: Context): StaffPrincipal {
  const principal = principalOf(c);
  if (principal.kind !== 'staff') throw new AppError('forbidden', 'wrong audience');
  return principal;
}

/** The body's fields, checked against the store: active staff and a contract of the caller's company. */
async function checkedFields(c: Context, companyId: string, body: DutyFields): Promise<DutyFields> {
  const lang = languageOf(c);
  if (body.from > body.to) throw new AppError('bad_request', MESSAGES.order[lang], 'to');
  for (const field of ['engineerId', 'managerId'] as const) {
    const member = await getStaff(body[field]);
    if (member === undefined || member.companyId !== companyId || !member.active) {
      throw new AppError('bad_request', MESSAGES[field][lang], field);
    }
  }
  if (body.contractId !== undefined) {
    const contract = await getContract(body.contractId);
    if (contract === undefined || contract.companyId !== companyId) {
      throw new AppError('bad_request', MESSAGES.contractId[lang], 'contractId');
    }
  }
  return {
    from: body.from,
    to: body.to,
    contractId: body.contractId,
    engineerId: body.engineerId,
    managerId: body.managerId,
    note: body.note,
  };
}

async function views(companyId: string, entries: readonly DutyEntry[]): Promise<DutyView[]> {
  if (entries.length === 0) return [];
  const staff = new Map((await listStaffOfCompany(companyId)).map((m) => [m.staffId, m.name]));
  const contractIds = [
    ...new Set(entries.flatMap((e) => (e.contractId === undefined ? [] : [e.contractId]))),
  ];
  const contracts = new Map(
    await Promise.all(contractIds.map(async (id) => [id, (await getContract(id))?.name ?? null] as const)),
  );
  return entries.map((e) => ({
    dutyId: e.dutyId,
    from: e.from,
    to: e.to,
    contractId: e.contractId ?? null,
    contractName: e.contractId === undefined ? null : (contracts.get(e.contractId) ?? null),
    engineerId: e.engineerId,
    engineerName: staff.get(e.engineerId) ?? null,
    managerId: e.managerId,
    managerName: staff.get(e.managerId) ?? null,
    note: e.note,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
    version: e.version,
  }));
}

async function entryOf(c: Context, principal: StaffPrincipal): Promise<DutyEntry> {
  const id = IdSchema.safeParse(c.req.param('dutyId'));
  const entry = id.success ? await getDuty(principal.companyId, id.data) : undefined;
  if (entry === undefined) throw new AppError('not_found', 'no such duty entry');
  return entry;
}

function stale(entry: DutyEntry, expectedVersion: number): void {
  if (entry.version !== expectedVersion) throw new AppError('conflict', 'stale version');
}

export function mountDutyRoutes(app: Hono, deps: GuardDeps): void {
  secure(app, deps, 'GET', '/api/desk/duty', desk, async (c) => {
    const principal = staffOf(c);
    const range = readQuery(c, DutyListQuerySchema);
    const entries = await dutyOfCompany(principal.companyId, range);
    return c.json({ entries: await views(principal.companyId, entries) });
  });

  secure(app, deps, 'POST', '/api/desk/duty', desk, async (c) => {
    const principal = staffOf(c);
    const body = await readBody(c, DutyCreateBodySchema);
    const fields = await checkedFields(c, principal.companyId, body);
    const entry = await createDuty(
      principal.companyId,
      fields,
      { kind: 'staff', id: principal.staffId },
      deps.clock(),
    );
    const [view] = await views(principal.companyId, [entry]);
    return c.json(view, 201);
  });

  secure(app, deps, 'PUT', '/api/desk/duty/:dutyId', desk, async (c) => {
    const principal = staffOf(c);
    const current = await entryOf(c, principal);
    const body = await readBody(c, DutyUpdateBodySchema);
    stale(current, body.expectedVersion);
    const fields = await checkedFields(c, principal.companyId, body);
    const entry = await updateDuty(current, fields, { kind: 'staff', id: principal.staffId }, deps.clock());
    const [view] = await views(principal.companyId, [entry]);
    return c.json(view);
  });

  secure(app, deps, 'DELETE', '/api/desk/duty/:dutyId', desk, async (c) => {
    const principal = staffOf(c);
    const current = await entryOf(c, principal);
    const { expectedVersion } = readQuery(c, DutyDeleteQuerySchema);
    stale(current, expectedVersion);
    await deleteDuty(current, { kind: 'staff', id: principal.staffId }, deps.clock());
    return c.body(null, 204);
  });
}
