/**
 * Who may receive an SMS. SMS pumping fraud works by making a service text numbers an attacker typed
 * into a public form; so the port accepts only a Recipient, and a Recipient can only be made from a
 * record read from the table: an active member of the staff roster, or a contact on a contract's
 * contact list. A phone number string from a request cannot become one (the constructor is private,
 * and the factories check that the record came from the store, see functions/store/provenance.ts).
 */

import { isStored, type Stored } from '../store/provenance.ts';
import type { StaffMember } from '../store/staff.ts';

/** A person on a contract's contact list, as the contract store will return it. */
export interface ContractContact {
  contractId: string;
  name: string;
  phone: string;
}

export class RecipientError extends Error {
  override name = 'RecipientError';
}

export class Recipient {
  private constructor(
    /** E.164. */
    readonly phone: string,
    readonly source: { kind: 'staff'; staffId: string } | { kind: 'contract-contact'; contractId: string },
  ) {}

  static fromStaff(member: Stored<StaffMember>): Recipient {
    if (!isStored(member)) throw new RecipientError('not a roster record from the store');
    if (!member.active) throw new RecipientError('staff member is not active');
    return new Recipient(member.phone, { kind: 'staff', staffId: member.staffId });
  }

  static fromContractContact(contact: Stored<ContractContact>): Recipient {
    if (!isStored(contact)) throw new RecipientError('not a contact record from the store');
    return new Recipient(contact.phone, { kind: 'contract-contact', contractId: contact.contractId });
  }
}
