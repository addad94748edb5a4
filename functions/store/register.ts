/**
 * Customers, contracts, sites, contacts and devices of a company. Creation and each update is one
 * transaction with its audit record; updates are conditioned on the version the desk read.
 */
import { newOpaqueToken, tokenHash } from '../lib/opaque-tokens.ts';
import { type Actor, type AuditInput, assertCommitted, auditItem } from './audit.ts';
import {
  type ContactItem,
  type ContractItem,
  type CustomerItem,
  contact,
  contract,
  customer,
  type DeviceItem,
  desk,
  device,
  type SiteItem,
  site,
} from './desk-entities.ts';
import { newId } from './staff.ts';

export { newId };

type Writer = Parameters<typeof desk.transaction.write>[0];
type Entities = Parameters<Writer>[0];
type Commit = ReturnType<Writer>[number];

/** Runs the writes and the audit record of one change in one transaction. */
export async function writeWithAudit(build: (e: Entities) => Commit[], audit: AuditInput): Promise<void> {
  const result = await desk.transaction
    .write((e) => [...build(e), e.auditRecord.put(auditItem(audit)).commit()])
    .go();
  assertCommitted(result);
}

/** Drops bookkeeping before an audit record. */
function fields(item: object): Record<string, unknown> {
  const {
    createdAt: _c,
    updatedAt: _u,
    version: _v,
    qrTokenHash: _q,
    ...rest
  } = item as Record<string, unknown>;
  return rest;
}

/** A register item: its company, its version and (customers have none) its contract. */
interface RegisterItem {
  companyId: string;
  contractId?: string | undefined;
  version: number;
}

/** What a transaction needs of a register entity: create, and put over the version that was read. */
interface RegisterEntity<T extends RegisterItem> {
  create(item: T): { commit(): Commit };
  put(item: T): {
    where(
      condition: (
        attributes: { version: unknown },
        operations: { eq(a: unknown, b: number): string },
      ) => string,
    ): { commit(): Commit };
  };
}

function audit(
  actor: Actor,
  now: Date,
  entity: string,
  id: string,
  action: string,
  before: RegisterItem | undefined,
  after: RegisterItem,
): AuditInput {
  return {
    actor,
    at: now,
    entity,
    entityId: id,
    action,
    companyId: after.companyId,
    ...(after.contractId === undefined ? {} : { contractId: after.contractId }),
    ...(before === undefined ? {} : { before: fields(before) }),
    after: fields(after),
  };
}

/** Creates a register item (which must not exist) with its audit record. */
async function createItem<T extends RegisterItem>(
  entity: string,
  of: (e: Entities) => RegisterEntity<NoInfer<T>>,
  id: string,
  item: T,
  actor: Actor,
  now: Date,
): Promise<T> {
  await writeWithAudit(
    (e) => [of(e).create(item).commit()],
    audit(actor, now, entity, id, 'create', undefined, item),
  );
  return item;
}

/** The put of a register item, conditioned on the version the desk read still being stored. */
function putOver<T extends RegisterItem>(entity: RegisterEntity<NoInfer<T>>, before: T, after: T): Commit {
  return entity
    .put(after)
    .where(({ version }, { eq }) => eq(version, before.version))
    .commit();
}

/** Updates a register item over the version that was read, with its audit record. */
async function updateItem<T extends RegisterItem>(
  entity: string,
  of: (e: Entities) => RegisterEntity<NoInfer<T>>,
  id: string,
  action: string,
  before: T,
  after: T,
  actor: Actor,
  now: Date,
): Promise<T> {
  await writeWithAudit(
    (e) => [putOver(of(e), before, after)],
    audit(actor, now, entity, id, action, before, after),
  );
  return after;
}

// ── Customers ─────────────────────────────────────────────────────────────────────────────────────

export async function createCustomer(item: CustomerItem, actor: Actor, now: Date) {
  return createItem('customer', (e) => e.customer, item.customerId, item, actor, now);
}

export async function getCustomer(customerId: string) {
  return (await customer.get({ customerId }).go({ consistent: true })).data ?? undefined;
}

export async function listCustomers(companyId: string) {
  return (await customer.query.byCompany({ companyId }).go({ pages: 'all' })).data;
}

/** DynamoDB takes 100 items per transaction: the customer, its audit record and 98 contracts. */
export const MAX_CONTRACTS_RENAMED = 98;

/**
 * Updates a customer. A new name is copied onto each of its contracts (the intake form and the
 * contract list show it) in the same transaction, each contract checked against the version read and
 * moved to the next, so a desk editing one of those contracts meanwhile gets a 409, not a lost name.
 */
export async function updateCustomer(
  before: CustomerItem,
  after: CustomerItem,
  actor: Actor,
  now: Date,
  contracts: readonly ContractItem[] = [],
) {
  const renamed = before.name === after.name ? [] : contracts;
  if (renamed.length > MAX_CONTRACTS_RENAMED)
    throw new Error('too many contracts to rename in one transaction');
  await writeWithAudit(
    (e) => [
      putOver(e.customer, before, after),
      ...renamed.map((k) =>
        e.contract
          .patch({ contractId: k.contractId })
          .set({ customerName: after.name, updatedAt: after.updatedAt, version: k.version + 1 })
          .where(({ version }, { eq }) => eq(version, k.version))
          .commit(),
      ),
    ],
    audit(actor, now, 'customer', after.customerId, 'update', before, after),
  );
  return after;
}

export async function contractsOfCustomer(customerId: string) {
  return (await contract.query.byCustomer({ customerId }).go({ pages: 'all' })).data;
}

// ── Contracts ─────────────────────────────────────────────────────────────────────────────────────

export async function createContract(item: ContractItem, actor: Actor, now: Date) {
  return createItem('contract', (e) => e.contract, item.contractId, item, actor, now);
}

export async function getContract(contractId: string) {
  return (await contract.get({ contractId }).go({ consistent: true })).data ?? undefined;
}

export async function listContracts(companyId: string) {
  return (await contract.query.byCompany({ companyId }).go({ pages: 'all' })).data;
}

export async function updateContract(
  before: ContractItem,
  after: ContractItem,
  action: string,
  actor: Actor,
  now: Date,
) {
  return updateItem('contract', (e) => e.contract, after.contractId, action, before, after, actor, now);
}

// ── Sites and contacts ────────────────────────────────────────────────────────────────────────────

export async function createSite(item: SiteItem, actor: Actor, now: Date) {
  return createItem('site', (e) => e.site, item.siteId, item, actor, now);
}

export async function getSite(siteId: string) {
  return (await site.get({ siteId }).go({ consistent: true })).data ?? undefined;
}

export async function sitesOfContract(contractId: string) {
  return (await site.query.byContract({ contractId }).go({ pages: 'all' })).data;
}

export async function updateSite(before: SiteItem, after: SiteItem, actor: Actor, now: Date) {
  return updateItem('site', (e) => e.site, after.siteId, 'update', before, after, actor, now);
}

export async function createContact(item: ContactItem, actor: Actor, now: Date) {
  return createItem('contact', (e) => e.contact, item.contactId, item, actor, now);
}

export async function getContact(contactId: string) {
  return (await contact.get({ contactId }).go({ consistent: true })).data ?? undefined;
}

export async function contactsOfContract(contractId: string) {
  return (await contact.query.byContract({ contractId }).go({ pages: 'all' })).data;
}

export async function updateContact(before: ContactItem, after: ContactItem, actor: Actor, now: Date) {
  return updateItem('contact', (e) => e.contact, after.contactId, 'update', before, after, actor, now);
}

// ── Devices and QR labels ─────────────────────────────────────────────────────────────────────────

export async function getDevice(deviceId: string) {
  return (await device.get({ deviceId }).go({ consistent: true })).data ?? undefined;
}

export async function devicesOfContract(contractId: string, siteId?: string) {
  const query = siteId === undefined ? { contractId } : { contractId, siteId };
  return (await device.query.byContract(query).go({ pages: 'all' })).data;
}

export async function createDevice(item: DeviceItem, actor: Actor, now: Date) {
  return createItem('device', (e) => e.device, item.deviceId, item, actor, now);
}

export async function updateDevice(before: DeviceItem, after: DeviceItem, actor: Actor, now: Date) {
  return updateItem('device', (e) => e.device, after.deviceId, 'update', before, after, actor, now);
}

/**
 * Creates many devices all or nothing: DynamoDB takes 100 items per transaction, so each chunk of 99
 * devices (plus one audit record) is a transaction, and a chunk that fails deletes the chunks before
 * it. The devices are new (random ids), so nobody else can have changed them meanwhile.
 */
export async function importDevices(items: readonly DeviceItem[], actor: Actor, now: Date): Promise<void> {
  const CHUNK = 99;
  const written: DeviceItem[][] = [];
  try {
    for (let i = 0; i < items.length; i += CHUNK) {
      const chunk = items.slice(i, i + CHUNK);
      const first = chunk[0];
      if (first === undefined) break;
      await writeWithAudit((e) => chunk.map((d) => e.device.create(d).commit()), {
        actor,
        at: now,
        entity: 'contract',
        entityId: first.contractId,
        action: 'importDevices',
        companyId: first.companyId,
        contractId: first.contractId,
        after: { devices: chunk.map((d) => d.deviceId) },
      });
      written.push(chunk);
    }
  } catch (error) {
    for (const chunk of written) {
      await desk.transaction
        .write((e) => chunk.map((d) => e.device.delete({ deviceId: d.deviceId }).commit()))
        .go();
    }
    throw error;
  }
}

/**
 * Issues a new QR token for a device and revokes its previous one, in one transaction with the
 * device's new version and the audit record. Answers the token (shown once).
 */
export async function issueDeviceQr(
  before: DeviceItem,
  actor: Actor,
  now: Date,
): Promise<{ token: string; device: DeviceItem }> {
  const token = newOpaqueToken();
  const hash = tokenHash(token);
  const at = now.toISOString();
  const after: DeviceItem = { ...before, qrTokenHash: hash, updatedAt: at, version: before.version + 1 };
  await writeWithAudit(
    (e) => [
      putOver(e.device, before, after),
      e.deviceQr
        .create({
          tokenHash: hash,
          qrId: newId(),
          deviceId: before.deviceId,
          contractId: before.contractId,
          companyId: before.companyId,
          createdAt: at,
          version: 1,
        })
        .commit(),
      ...(before.qrTokenHash === undefined
        ? []
        : [e.deviceQr.patch({ tokenHash: before.qrTokenHash }).set({ revokedAt: at }).commit()]),
    ],
    {
      actor,
      at: now,
      entity: 'device',
      entityId: before.deviceId,
      action: before.qrTokenHash === undefined ? 'issueQr' : 'rotateQr',
      companyId: before.companyId,
      contractId: before.contractId,
      before: { qrIssuedAt: before.qrTokenHash === undefined ? null : 'earlier' },
      after: { qrIssuedAt: at },
    },
  );
  return { token, device: after };
}
