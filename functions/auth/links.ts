/**
 * Customer links: a customer reaches its contract (or one ticket) through a link holding a random
 * token; the table keeps only the token's SHA-256 (functions/store/links.ts). Links are revocable; a
 * revoked link reaches nothing.
 */

import { newOpaqueToken, tokenHash } from '../lib/opaque-tokens.ts';
import type { Actor } from '../store/audit.ts';
import type { CustomerLinkItem } from '../store/entities.ts';
import {
  getLinkById,
  getLinkByTokenHash,
  linksOfContract,
  saveLinkRevoked,
  saveNewLink,
} from '../store/links.ts';
import { newId } from '../store/staff.ts';

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
  await saveNewLink(link, actor, now);
  return { token, link };
}

/** The live link of a token, or undefined (unknown or revoked). */
export async function findLiveLink(token: string): Promise<CustomerLink | undefined> {
  const link = await getLinkByTokenHash(tokenHash(token));
  if (link === undefined || link.revokedAt !== undefined) return undefined;
  return link;
}

export async function findLinkById(contractId: string, linkId: string): Promise<CustomerLink | undefined> {
  return getLinkById(contractId, linkId);
}

/** The intake links of a contract (contract scope: ticket status links are left out), revoked ones included. */
export async function intakeLinksOfContract(contractId: string): Promise<CustomerLink[]> {
  return (await linksOfContract(contractId)).filter((link) => link.ticketId === undefined);
}

export async function revokeCustomerLink(link: CustomerLink, actor: Actor, now: Date): Promise<void> {
  if (link.revokedAt !== undefined) return;
  await saveLinkRevoked(link, actor, now);
}
