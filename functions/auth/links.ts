/**
 * Customer links: a customer reaches its contract (or one ticket) through a link holding a random
 * token; the table keeps only the token's SHA-256. Links are revocable; a revoked link reaches nothing.
 */
import { AppError } from '../lib/errors.ts';
import { type Actor, assertCommitted, auditItem } from '../store/audit.ts';
import { type CustomerLinkItem, customerLink, identity } from '../store/entities.ts';
import { newId } from '../store/staff.ts';
import { newOpaqueToken, tokenHash } from './sessions.ts';

export type CustomerLink = CustomerLinkItem;

export async function createCustomerLink(
  scope: { companyId: string; contractId: string; ticketId?: string },
  actor: Actor,
  now: Date,
): Promise<{ token: string; link: CustomerLink }> {
  const token = newOpaqueToken();
  const link: CustomerLink = {
    tokenHash: tokenHash(token),
    linkId: newId(),
    companyId: scope.companyId,
    contractId: scope.contractId,
    ...(scope.ticketId === undefined ? {} : { ticketId: scope.ticketId }),
    createdAt: now.toISOString(),
    version: 1,
  };
  const result = await identity.transaction
    .write(({ customerLink: links, auditRecord }) => [
      links.create(link).commit(),
      auditRecord
        .put(
          auditItem({
            actor,
            at: now,
            entity: 'customerLink',
            entityId: link.linkId,
            action: 'create',
            companyId: link.companyId,
            contractId: link.contractId,
            after: { contractId: link.contractId, ticketId: link.ticketId, createdAt: link.createdAt },
          }),
        )
        .commit(),
    ])
    .go();
  assertCommitted(result);
  return { token, link };
}

/** The live link of a token, or undefined (unknown or revoked). */
export async function findLiveLink(token: string): Promise<CustomerLink | undefined> {
  const { data } = await customerLink.get({ tokenHash: tokenHash(token) }).go({ consistent: true });
  if (data === null || data.revokedAt !== undefined) return undefined;
  return data;
}

export async function findLinkById(contractId: string, linkId: string): Promise<CustomerLink | undefined> {
  const { data } = await customerLink.query.byContract({ contractId, linkId }).go();
  return data[0];
}

/** The intake links of a contract (contract scope: ticket status links are left out), revoked ones included. */
export async function intakeLinksOfContract(contractId: string): Promise<CustomerLink[]> {
  const { data } = await customerLink.query.byContract({ contractId }).go({ pages: 'all' });
  return data.filter((link) => link.ticketId === undefined);
}

export async function revokeCustomerLink(link: CustomerLink, actor: Actor, now: Date): Promise<void> {
  if (link.revokedAt !== undefined) return;
  const at = now.toISOString();
  const result = await identity.transaction
    .write(({ customerLink: links, auditRecord }) => [
      links
        .patch({ tokenHash: link.tokenHash })
        .set({ revokedAt: at, version: link.version + 1 })
        .where(({ version }, { eq }) => eq(version, link.version))
        .commit(),
      auditRecord
        .put(
          auditItem({
            actor,
            at: now,
            entity: 'customerLink',
            entityId: link.linkId,
            action: 'revoke',
            companyId: link.companyId,
            contractId: link.contractId,
            before: { revokedAt: undefined },
            after: { revokedAt: at },
          }),
        )
        .commit(),
    ])
    .go();
  if (result.canceled) throw new AppError('conflict', 'link changed meanwhile');
}
