/**
 * The desk's register of customers, contracts (with SLA policy versions and escalation tiers), sites,
 * contacts and contract intake links. Only the caller's company; other companies' objects are 404.
 */
import type { Context, Hono } from 'hono';
import type * as z from 'zod';
import { DESK_ROLES } from '../../shared/auth/roles.ts';
import { POLICY_PROBLEM_TEXT, policyOfBody, policyProblem } from '../../shared/contracts/policy-numbers.ts';
import {
  ContactBodySchema,
  ContactUpdateBodySchema,
  ContractBodySchema,
  ContractUpdateBodySchema,
  type ContractView,
  type CustomerBody,
  CustomerBodySchema,
  CustomerUpdateBodySchema,
  type CustomerView,
  EscalationBodySchema,
  PolicyVersionBodySchema,
  SiteBodySchema,
  SiteUpdateBodySchema,
} from '../../shared/contracts/schemas.ts';
import { presetPolicy, type SlaPolicy } from '../../shared/sla/index.ts';
import { type GuardDeps, principalOf, secure } from '../auth/guard.ts';
import { languageOf, readBody } from '../auth/http.ts';
import {
  createCustomerLink,
  findLinkById,
  intakeLinksOfContract,
  revokeCustomerLink,
} from '../auth/links.ts';
import { reachableOr404 } from '../auth/objects.ts';
import { AppError } from '../lib/errors.ts';
import type { Actor } from '../store/audit.ts';
import type { ContactItem, ContractItem, CustomerItem, SiteItem } from '../store/desk-entities.ts';
import {
  contactsOfContract,
  contractsOfCustomer,
  createContact,
  createContract,
  createCustomer,
  createSite,
  getContact,
  getContract,
  getCustomer,
  getSite,
  listContracts,
  listCustomers,
  MAX_CONTRACTS_RENAMED,
  newId,
  sitesOfContract,
  updateContact,
  updateContract,
  updateCustomer,
  updateSite,
} from '../store/register.ts';
import { getStaff } from '../store/staff.ts';
import { idParam, staffActor } from '../tickets/desk-routes.ts';

const desk = { audience: 'staff', roles: DESK_ROLES } as const;
/** How far back a new policy version's start may lie and still be taken as now. */
const PAST_START_TOLERANCE_MS = 10 * 60_000;
const scope = (o: { companyId: string; contractId?: string }) => ({
  companyId: o.companyId,
  ...(o.contractId === undefined ? {} : { contractId: o.contractId }),
});

function stale(expected: number, item: { version: number }): void {
  if (expected !== item.version) throw new AppError('conflict', 'stale version');
}

const MESSAGES = {
  customerId: { 'zh-CN': 'customerId:没有这个客户', en: 'customerId: no such customer' },
  escalation: {
    'zh-CN': 'tiers:联系人或员工不属于本合同或本公司',
    en: 'tiers: a contact or staff member is not of this contract or company',
  },
  dates: { 'zh-CN': 'endsOn:结束日期早于开始日期', en: 'endsOn: ends before it starts' },
  tooManyContracts: {
    'zh-CN': `name:客户合同超过 ${MAX_CONTRACTS_RENAMED} 份,无法一次改名`,
    en: `name: a customer with more than ${MAX_CONTRACTS_RENAMED} contracts cannot be renamed at once`,
  },
  pastStart: {
    'zh-CN': 'effectiveFrom:生效时间不能早于现在(新版本不改写历史)',
    en: 'effectiveFrom: cannot lie in the past (a new version never rewrites history)',
  },
} as const;

export const customerView = (c: CustomerItem): CustomerView => ({
  customerId: c.customerId,
  name: c.name,
  notes: c.notes ?? null,
  phone: c.phone ?? null,
  email: c.email ?? null,
  address: c.address ?? null,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
  version: c.version,
});

/** The optional fields of a customer body that are present (an absent one is not stored). */
function customerDetails(body: CustomerBody) {
  return {
    ...(body.notes ? { notes: body.notes } : {}),
    ...(body.phone === undefined ? {} : { phone: body.phone }),
    ...(body.email === undefined ? {} : { email: body.email }),
    ...(body.address === undefined ? {} : { address: body.address }),
  };
}

export const contractView = (k: ContractItem): ContractView => ({
  contractId: k.contractId,
  customerId: k.customerId,
  customerName: k.customerName,
  name: k.name,
  serviceLevel: k.serviceLevel,
  timeZone: k.timeZone,
  startsOn: k.startsOn,
  endsOn: k.endsOn,
  notes: k.notes ?? null,
  policies: k.policies as SlaPolicy[],
  escalation: k.escalation as ContractView['escalation'],
  createdAt: k.createdAt,
  version: k.version,
});

export const siteView = (s: SiteItem) => ({
  siteId: s.siteId,
  contractId: s.contractId,
  name: s.name,
  address: s.address,
  lat: s.lat,
  lng: s.lng,
  checkInRadiusM: s.checkInRadiusM,
  version: s.version,
});

export const contactView = (k: ContactItem) => ({
  contactId: k.contactId,
  contractId: k.contractId,
  name: k.name,
  phone: k.phone,
  role: k.role,
  version: k.version,
});

/** The contract of the path's `:contractId`, if the caller's company has it. */
export async function reachableContract(c: Context): Promise<ContractItem> {
  return reachableOr404(principalOf(c), await getContract(idParam(c, 'contractId')), scope);
}

/** The fields every item that belongs to a contract (a site, a contact) starts with, besides its body. */
type PartFields = {
  companyId: string;
  contractId: string;
  createdAt: string;
  updatedAt: string;
  version: number;
};

/** Sites and contacts: the items of one contract, listed, created and updated the same way. */
interface ContractPart<Body extends object, Item extends PartFields & Body> {
  /** Below the contract's path, below the desk's (`/api/desk/<name>/:<param>`), and the list's key. */
  name: string;
  param: string;
  schemas: { create: z.ZodType<Body>; update: z.ZodType<NoInfer<Body> & { expectedVersion: number }> };
  list(contractId: string): Promise<Item[]>;
  get(id: string): Promise<Item | undefined>;
  create(fields: PartFields & Body, id: string, actor: Actor, now: Date): Promise<Item>;
  update(before: Item, after: Item, actor: Actor, now: Date): Promise<Item>;
  view(item: Item): object;
}

function mountContractPart<Body extends object, Item extends PartFields & Body>(
  app: Hono,
  deps: GuardDeps,
  part: ContractPart<Body, Item>,
): void {
  secure(app, deps, 'GET', `/api/desk/contracts/:contractId/${part.name}`, desk, async (c) => {
    const k = await reachableContract(c);
    return c.json({ [part.name]: (await part.list(k.contractId)).map(part.view) });
  });
  secure(app, deps, 'POST', `/api/desk/contracts/:contractId/${part.name}`, desk, async (c) => {
    const k = await reachableContract(c);
    const body = await readBody(c, part.schemas.create);
    const now = deps.clock();
    const at = now.toISOString();
    const item = await part.create(
      { companyId: k.companyId, contractId: k.contractId, ...body, createdAt: at, updatedAt: at, version: 1 },
      newId(),
      staffActor(principalOf(c)),
      now,
    );
    return c.json(part.view(item), 201);
  });
  secure(app, deps, 'PUT', `/api/desk/${part.name}/:${part.param}`, desk, async (c) => {
    const before = reachableOr404(principalOf(c), await part.get(idParam(c, part.param)), scope);
    const { expectedVersion, ...body } = await readBody(c, part.schemas.update);
    stale(expectedVersion, before);
    const now = deps.clock();
    const after = await part.update(
      before,
      { ...before, ...body, updatedAt: now.toISOString(), version: before.version + 1 },
      staffActor(principalOf(c)),
      now,
    );
    return c.json(part.view(after));
  });
}

export function mountContractRoutes(app: Hono, deps: GuardDeps): void {
  // ── Customers
  secure(app, deps, 'GET', '/api/desk/customers', desk, async (c) => {
    const customers = await listCustomers(principalOf(c).companyId);
    return c.json({ customers: customers.map(customerView) });
  });
  secure(app, deps, 'POST', '/api/desk/customers', desk, async (c) => {
    const principal = principalOf(c);
    const body = await readBody(c, CustomerBodySchema);
    const at = deps.clock().toISOString();
    const item = await createCustomer(
      {
        customerId: newId(),
        companyId: principal.companyId,
        name: body.name,
        ...customerDetails(body),
        createdAt: at,
        updatedAt: at,
        version: 1,
      },
      staffActor(principal),
      deps.clock(),
    );
    return c.json(customerView(item), 201);
  });
  secure(app, deps, 'GET', '/api/desk/customers/:customerId', desk, async (c) => {
    const found = reachableOr404(principalOf(c), await getCustomer(idParam(c, 'customerId')), scope);
    return c.json(customerView(found));
  });
  secure(app, deps, 'PUT', '/api/desk/customers/:customerId', desk, async (c) => {
    const principal = principalOf(c);
    const before = reachableOr404(principal, await getCustomer(idParam(c, 'customerId')), scope);
    const { expectedVersion, ...body } = await readBody(c, CustomerUpdateBodySchema);
    stale(expectedVersion, before);
    const now = deps.clock();
    const { notes: _n, phone: _p, email: _e, address: _a, ...rest } = before;
    const renamed = body.name !== before.name;
    const contracts = renamed ? await contractsOfCustomer(before.customerId) : [];
    if (contracts.length > MAX_CONTRACTS_RENAMED)
      throw new AppError('bad_request', MESSAGES.tooManyContracts[languageOf(c)], 'name');
    const after = await updateCustomer(
      before,
      {
        ...rest,
        name: body.name,
        ...customerDetails(body),
        updatedAt: now.toISOString(),
        version: before.version + 1,
      },
      staffActor(principal),
      now,
      contracts,
    );
    return c.json(customerView(after));
  });

  // ── Contracts
  secure(app, deps, 'GET', '/api/desk/contracts', desk, async (c) => {
    const contracts = await listContracts(principalOf(c).companyId);
    return c.json({ contracts: contracts.map(contractView) });
  });
  secure(app, deps, 'POST', '/api/desk/contracts', desk, async (c) => {
    const principal = principalOf(c);
    const body = await readBody(c, ContractBodySchema);
    if (body.endsOn < body.startsOn)
      throw new AppError('bad_request', MESSAGES.dates[languageOf(c)], 'endsOn');
    const owner = await getCustomer(body.customerId);
    if (owner === undefined || owner.companyId !== principal.companyId) {
      throw new AppError('bad_request', MESSAGES.customerId[languageOf(c)], 'customerId');
    }
    const now = deps.clock();
    const at = now.toISOString();
    const contractId = newId();
    const item = await createContract(
      {
        contractId,
        companyId: principal.companyId,
        customerId: owner.customerId,
        customerName: owner.name,
        name: body.name,
        serviceLevel: body.serviceLevel,
        timeZone: body.timeZone,
        startsOn: body.startsOn,
        endsOn: body.endsOn,
        ...(body.notes ? { notes: body.notes } : {}),
        // Version 1 is in force from the beginning: every ticket of the contract has a policy.
        policies: [
          presetPolicy(body.serviceLevel, { timeZone: body.timeZone, policyId: contractId, version: 1 }),
        ],
        escalation: [],
        createdAt: at,
        updatedAt: at,
        version: 1,
      },
      staffActor(principal),
      now,
    );
    return c.json(contractView(item), 201);
  });
  secure(app, deps, 'GET', '/api/desk/contracts/:contractId', desk, async (c) =>
    c.json(contractView(await reachableContract(c))),
  );
  secure(app, deps, 'PUT', '/api/desk/contracts/:contractId', desk, async (c) => {
    const before = await reachableContract(c);
    const body = await readBody(c, ContractUpdateBodySchema);
    if (body.endsOn < body.startsOn)
      throw new AppError('bad_request', MESSAGES.dates[languageOf(c)], 'endsOn');
    stale(body.expectedVersion, before);
    const now = deps.clock();
    const { notes: _n, ...rest } = before;
    const after = await updateContract(
      before,
      {
        ...rest,
        name: body.name,
        startsOn: body.startsOn,
        endsOn: body.endsOn,
        ...(body.notes ? { notes: body.notes } : {}),
        updatedAt: now.toISOString(),
        version: before.version + 1,
      },
      'update',
      staffActor(principalOf(c)),
      now,
    );
    return c.json(contractView(after));
  });
  secure(app, deps, 'POST', '/api/desk/contracts/:contractId/policies', desk, async (c) => {
    const before = await reachableContract(c);
    const { effectiveFrom, serviceLevel, expectedVersion, ...overrides } = await readBody(
      c,
      PolicyVersionBodySchema,
    );
    const lang = languageOf(c);
    const now = deps.clock();
    // Tickets copy the version in force when they are reported, and the contract's list of versions
    // is the record of what was in force when: a start in the past would contradict both. A start a
    // few minutes back is taken as now (a form's "today" sent from a clock slightly off the server's).
    const fromMs = Date.parse(effectiveFrom);
    if (fromMs < now.getTime() - PAST_START_TOLERANCE_MS)
      throw new AppError('bad_request', MESSAGES.pastStart[lang], 'effectiveFrom');
    stale(expectedVersion, before);
    const policies = before.policies as SlaPolicy[];
    const level = serviceLevel ?? before.serviceLevel;
    const policy = policyOfBody(level, before.timeZone, overrides, {
      policyId: before.contractId,
      version: Math.max(...policies.map((p) => p.version)) + 1,
      effectiveFrom: new Date(Math.max(fromMs, now.getTime())).toISOString(),
    });
    const problem = policyProblem(policy);
    if (problem !== null) {
      const separator = lang === 'en' ? ': ' : ':';
      throw new AppError(
        'bad_request',
        `${problem.field}${separator}${POLICY_PROBLEM_TEXT[problem.reason][lang]}`,
        problem.field,
      );
    }
    const after = await updateContract(
      before,
      {
        ...before,
        serviceLevel: level,
        policies: [...policies, policy],
        updatedAt: now.toISOString(),
        version: before.version + 1,
      },
      'addPolicyVersion',
      staffActor(principalOf(c)),
      now,
    );
    return c.json(contractView(after), 201);
  });
  secure(app, deps, 'PUT', '/api/desk/contracts/:contractId/escalation', desk, async (c) => {
    const principal = principalOf(c);
    const before = await reachableContract(c);
    const body = await readBody(c, EscalationBodySchema);
    stale(body.expectedVersion, before);
    const contacts = new Set((await contactsOfContract(before.contractId)).map((k) => k.contactId));
    const staffIds = [...new Set(body.tiers.flatMap((t) => t.staffIds))];
    const staff = await Promise.all(staffIds.map((id) => getStaff(id)));
    const ok =
      body.tiers.every((t) => t.contactIds.every((id) => contacts.has(id))) &&
      staff.every((m) => m !== undefined && m.companyId === principal.companyId);
    if (!ok) throw new AppError('bad_request', MESSAGES.escalation[languageOf(c)], 'tiers');
    const now = deps.clock();
    const tiers = [...body.tiers].sort((a, b) => a.tier - b.tier);
    const after = await updateContract(
      before,
      { ...before, escalation: tiers, updatedAt: now.toISOString(), version: before.version + 1 },
      'setEscalation',
      staffActor(principal),
      now,
    );
    return c.json(contractView(after));
  });

  // ── Sites and contacts
  mountContractPart(app, deps, {
    name: 'sites',
    param: 'siteId',
    schemas: { create: SiteBodySchema, update: SiteUpdateBodySchema },
    list: sitesOfContract,
    get: getSite,
    create: (fields, siteId, actor, now) => createSite({ siteId, ...fields }, actor, now),
    update: updateSite,
    view: siteView,
  });
  mountContractPart(app, deps, {
    name: 'contacts',
    param: 'contactId',
    schemas: { create: ContactBodySchema, update: ContactUpdateBodySchema },
    list: contactsOfContract,
    get: getContact,
    create: (fields, contactId, actor, now) => createContact({ contactId, ...fields }, actor, now),
    update: updateContact,
    view: contactView,
  });

  // ── Intake links (`/r/<token>`)
  secure(app, deps, 'GET', '/api/desk/contracts/:contractId/links', desk, async (c) => {
    const k = await reachableContract(c);
    const links = await intakeLinksOfContract(k.contractId);
    return c.json({
      links: links.map((l) => ({
        linkId: l.linkId,
        contractId: l.contractId,
        createdAt: l.createdAt,
        revokedAt: l.revokedAt ?? null,
      })),
    });
  });
  secure(app, deps, 'POST', '/api/desk/contracts/:contractId/links', desk, async (c) => {
    const k = await reachableContract(c);
    const { token, link } = await createCustomerLink(
      { companyId: k.companyId, contractId: k.contractId },
      staffActor(principalOf(c)),
      deps.clock(),
    );
    return c.json(
      {
        linkId: link.linkId,
        contractId: link.contractId,
        createdAt: link.createdAt,
        revokedAt: null,
        token,
        path: `/r/${token}`,
      },
      201,
    );
  });
  secure(app, deps, 'POST', '/api/desk/contracts/:contractId/links/:linkId/revoke', desk, async (c) => {
    const k = await reachableContract(c);
    const link = await findLinkById(k.contractId, idParam(c, 'linkId'));
    if (link === undefined || link.ticketId !== undefined) throw new AppError('not_found', 'no such link');
    await revokeCustomerLink(link, staffActor(principalOf(c)), deps.clock());
    return c.body(null, 204);
  });
}
