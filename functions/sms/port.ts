/**
 * The SMS port: the one way Sitecall sends a text. In AWS the SNS adapter (./sns-adapter.ts); on the
 * local stack the outbox in DynamoDB (./local-outbox.ts). Texts are fixed templates
 * (shared/sms/templates.ts) and recipients come from the roster or a contact list (./recipient.ts).
 */
import { renderSms, type SmsLang, type SmsTemplateId } from '../../shared/sms/templates.ts';
import type { Recipient } from './recipient.ts';

export interface SmsMessage {
  to: Recipient;
  template: SmsTemplateId;
  params: Record<string, string>;
  lang: SmsLang;
}

export interface SmsPort {
  send(message: SmsMessage): Promise<{ providerMessageId: string }>;
}

/** The text of a message; throws for parameters the template does not allow. */
export function textOf(message: SmsMessage): string {
  return renderSms(message.template, message.params, message.lang);
}

/** `+8613912345678` → `+86139****5678`: enough to tell numbers apart in a log, not to dial one. */
export function maskPhone(phone: string): string {
  if (phone.length <= 7) return '****';
  return `${phone.slice(0, phone.length - 8)}****${phone.slice(-4)}`;
}
