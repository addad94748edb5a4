/**
 * The entities of identity and access on the one table (shared/table.ts), through ElectroDB.
 * Key attribute names come from TABLE_DEFINITION; index names say the access pattern, and the
 * generic GSIs are overloaded (ElectroDB prefixes every key with its entity, so they never clash).
 * docs/data-model.md has the table of access patterns.
 */
import type { EntityItem } from 'electrodb';
import { STAFF_ROLES } from '../../shared/auth/roles.ts';
import { documents, tableName } from '../lib/store.ts';
import { Entity, Service } from './electrodb.ts';
import { GSI1, GSI2, GSI3, primary, SERVICE, secondary, ttl, version } from './keys.ts';

export const staff = new Entity({
  model: { entity: 'staff', version: '1', service: SERVICE },
  attributes: {
    staffId: { type: 'string', required: true, readOnly: true },
    companyId: { type: 'string', required: true, readOnly: true },
    name: { type: 'string', required: true },
    /** E.164, validated by shared/auth/schemas.ts PhoneSchema before it gets here. */
    phone: { type: 'string', required: true },
    roles: { type: 'set', items: STAFF_ROLES, required: true },
    active: { type: 'boolean', required: true },
    createdAt: { type: 'string', required: true, readOnly: true },
    updatedAt: { type: 'string', required: true },
    version,
  },
  indexes: {
    byId: primary(['staffId'], []),
    byCompany: secondary(GSI1, ['companyId'], ['staffId']),
  },
});

/** One item per phone number in use: keeps numbers unique on the roster and finds staff by phone. */
export const phoneClaim = new Entity({
  model: { entity: 'phoneClaim', version: '1', service: SERVICE },
  attributes: {
    phone: { type: 'string', required: true, readOnly: true },
    staffId: { type: 'string', required: true },
  },
  indexes: {
    byPhone: primary(['phone'], []),
  },
});

/** The current one-time code of a phone number; a new code replaces it. */
export const signInChallenge = new Entity({
  model: { entity: 'signInChallenge', version: '1', service: SERVICE },
  attributes: {
    phone: { type: 'string', required: true, readOnly: true },
    staffId: { type: 'string', required: true },
    challengeId: { type: 'string', required: true },
    /** HMAC-SHA256 of the code (functions/auth/codes.ts); the code itself is never stored. */
    codeHash: { type: 'string', required: true },
    attempts: { type: 'number', required: true },
    issuedAt: { type: 'number', required: true },
    validUntil: { type: 'number', required: true },
    expiresAt: ttl,
  },
  indexes: {
    byPhone: primary(['phone'], []),
  },
});

/** A fixed-window counter (`scope` names the limit and the window), gone after its window by TTL. */
export const rateCounter = new Entity({
  model: { entity: 'rateCounter', version: '1', service: SERVICE },
  attributes: {
    scope: { type: 'string', required: true, readOnly: true },
    count: { type: 'number', required: true, default: 0 },
    expiresAt: ttl,
  },
  indexes: {
    byScope: primary(['scope'], []),
  },
});

/** A sign-in on one device: every refresh token descends from it; revoking it ends them all. */
export const sessionFamily = new Entity({
  model: { entity: 'sessionFamily', version: '1', service: SERVICE },
  attributes: {
    sessionId: { type: 'string', required: true, readOnly: true },
    staffId: { type: 'string', required: true, readOnly: true },
    companyId: { type: 'string', required: true, readOnly: true },
    createdAt: { type: 'string', required: true, readOnly: true },
    lastRefreshAt: { type: 'string' },
    refreshCount: { type: 'number', required: true, default: 0 },
    userAgent: { type: 'string' },
    revokedAt: { type: 'string' },
    revokedReason: { type: ['sign-out', 'admin', 'reuse-detected'] as const },
    expiresAt: ttl,
    version,
  },
  indexes: {
    byId: primary(['sessionId'], []),
    byStaff: secondary(GSI2, ['staffId'], ['createdAt', 'sessionId']),
  },
});

/** A refresh token, by the SHA-256 of its value. `usedAt` set means it was exchanged already. */
export const refreshToken = new Entity({
  model: { entity: 'refreshToken', version: '1', service: SERVICE },
  attributes: {
    tokenHash: { type: 'string', required: true, readOnly: true },
    sessionId: { type: 'string', required: true, readOnly: true },
    staffId: { type: 'string', required: true, readOnly: true },
    issuedAt: { type: 'number', required: true },
    validUntil: { type: 'number', required: true },
    usedAt: { type: 'number' },
    expiresAt: ttl,
  },
  indexes: {
    byHash: primary(['tokenHash'], []),
  },
});

/** A customer's contract or ticket link, by the SHA-256 of its token; revocable. */
export const customerLink = new Entity({
  model: { entity: 'customerLink', version: '1', service: SERVICE },
  attributes: {
    tokenHash: { type: 'string', required: true, readOnly: true },
    linkId: { type: 'string', required: true, readOnly: true },
    companyId: { type: 'string', required: true, readOnly: true },
    contractId: { type: 'string', required: true, readOnly: true },
    ticketId: { type: 'string', readOnly: true },
    createdAt: { type: 'string', required: true, readOnly: true },
    revokedAt: { type: 'string' },
    version,
  },
  indexes: {
    byHash: primary(['tokenHash'], []),
    byContract: secondary(GSI1, ['contractId'], ['linkId']),
  },
});

/**
 * One change to one object: who, when, and each changed field before and after. Written in the same
 * transaction as the change (functions/store/audit.ts).
 */
export const auditRecord = new Entity({
  model: { entity: 'auditRecord', version: '1', service: SERVICE },
  attributes: {
    entity: { type: 'string', required: true, readOnly: true },
    entityId: { type: 'string', required: true, readOnly: true },
    auditId: { type: 'string', required: true, readOnly: true },
    at: { type: 'string', required: true, readOnly: true },
    action: { type: 'string', required: true, readOnly: true },
    actorKind: { type: ['staff', 'link', 'system', 'admin-cli'] as const, required: true, readOnly: true },
    actorId: { type: 'string', required: true, readOnly: true },
    companyId: { type: 'string', required: true, readOnly: true },
    contractId: { type: 'string', readOnly: true },
    /** `at#auditId`, set only with contractId: the order within a contract's records. */
    contractOrder: { type: 'string', readOnly: true },
    /** field → { before, after }; absent values are null. */
    changes: { type: 'any', required: true, readOnly: true },
  },
  indexes: {
    byEntity: primary(['entity', 'entityId'], ['at', 'auditId']),
    byCompany: secondary(GSI2, ['companyId'], ['at', 'auditId']),
    // Sparse: only records about a contract's objects are in this index. Its sort key has its own
    // attribute so a record without a contract carries none of the index's composites.
    byContract: {
      ...secondary(GSI3, ['contractId'], ['contractOrder']),
      condition: (composite: Record<string, unknown>) => composite.contractId !== undefined,
    },
  },
});

/** Local stack only: the SMS that would have been sent (functions/sms/local-outbox.ts). */
export const smsOutbox = new Entity({
  model: { entity: 'smsOutbox', version: '1', service: SERVICE },
  attributes: {
    messageId: { type: 'string', required: true, readOnly: true },
    sentAt: { type: 'string', required: true, readOnly: true },
    to: { type: 'string', required: true, readOnly: true },
    template: { type: 'string', required: true, readOnly: true },
    lang: { type: 'string', required: true, readOnly: true },
    text: { type: 'string', required: true, readOnly: true },
    expiresAt: ttl,
  },
  indexes: {
    newestFirst: primary([], ['sentAt', 'messageId']),
  },
});

export const identity = new Service(
  {
    staff,
    phoneClaim,
    signInChallenge,
    rateCounter,
    sessionFamily,
    refreshToken,
    customerLink,
    auditRecord,
  },
  { table: tableName, client: documents },
);

smsOutbox.setTableName(tableName);
smsOutbox.setClient(documents);

export type StaffItem = EntityItem<typeof staff>;
export type SessionFamilyItem = EntityItem<typeof sessionFamily>;
export type CustomerLinkItem = EntityItem<typeof customerLink>;
export type AuditRecordItem = EntityItem<typeof auditRecord>;
