/**
 * Customer links in the table (functions/auth/links.ts makes the tokens): each keyed by its token's
 * SHA-256, created and revoked with an audit record in the same transaction.
 */
import { AppError } from '../lib/errors.ts';
import { type Actor, type AuditInput, assertCommitted, auditItem } from './audit.ts';
import { type CustomerLinkItem, customerLink, identity } from './entities.ts';

/** The audit record of something done to a link. */
function linkAudit(
  link: CustomerLinkItem,
  action: string,
  change: Pick<AuditInput, 'before' | 'after'>,
  actor: Actor,
  now: Date,
) {
  return auditItem({
    actor,
    at: now,
    entity: 'customerLink',
    entityId: link.linkId,
    action,
    companyId: link.companyId,
    contractId: link.contractId,
    ...change,
  });
}

/** Writes a new link with its audit record. */
export async function saveNewLink(link: CustomerLinkItem, actor: Actor, now: Date): Promise<void> {
  const result = await identity.transaction
    .write(({ customerLink: links, auditRecord }) => [
      links.create(link).commit(),
      auditRecord
        .put(
          linkAudit(
            link,
            'create',
            { after: { contractId: link.contractId, ticketId: link.ticketId, createdAt: link.createdAt } },
            actor,
            now,
          ),
        )
        .commit(),
    ])
    .go();
  assertCommitted(result);
}

export async function getLinkByTokenHash(hash: string): Promise<CustomerLinkItem | undefined> {
  const { data } = await customerLink.get({ tokenHash: hash }).go({ consistent: true });
  return data ?? undefined;
}

export async function getLinkById(contractId: string, linkId: string): Promise<CustomerLinkItem | undefined> {
  const { data } = await customerLink.query.byContract({ contractId, linkId }).go();
  return data[0];
}

/** Every link of a contract (status links of its tickets and revoked ones included). */
export async function linksOfContract(contractId: string): Promise<CustomerLinkItem[]> {
  const { data } = await customerLink.query.byContract({ contractId }).go({ pages: 'all' });
  return data;
}

/** Marks a link revoked (conditioned on the version read) with its audit record. */
export async function saveLinkRevoked(link: CustomerLinkItem, actor: Actor, now: Date): Promise<void> {
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
          linkAudit(
            link,
            'revoke',
            { before: { revokedAt: undefined }, after: { revokedAt: at } },
            actor,
            now,
          ),
        )
        .commit(),
    ])
    .go();
  if (result.canceled) throw new AppError('conflict', 'link changed meanwhile');
}
