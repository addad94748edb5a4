/**
 * What the auth and desk routes need from outside, built from the environment once per container.
 * Tests pass their own clock, SMS port or response floor through the handler's `createApp()`.
 *
 *   SMS_TRANSPORT   `sns` (AWS) or `outbox` (local stack). Default: `outbox` when DYNAMODB_ENDPOINT is
 *                   set (DynamoDB Local), `sns` otherwise.
 *   SMS_SENDER_ID   optional SNS sender id.
 *   AUTH_SIGNING_KEY, AUTH_PREVIOUS_PUBLIC_KEYS: see ./keys.ts.
 */
import { config } from '../lib/config.ts';
import { createLocalOutboxPort } from '../sms/local-outbox.ts';
import type { SmsPort } from '../sms/port.ts';
import { createSnsSmsPort } from '../sms/sns-adapter.ts';
import type { GuardDeps } from './guard.ts';
import { environmentSigningKeys } from './keys.ts';

export interface AuthDeps extends GuardDeps {
  sms: SmsPort;
  /**
   * A code request answers no sooner than this (ms) after it arrived, whatever happened, so that the
   * time of the answer does not tell a number on the roster (which waits for the SMS) from others.
   */
  codeResponseFloorMs: number;
}

function smsFromEnvironment(clock: () => Date): SmsPort {
  const transport = process.env.SMS_TRANSPORT || (config.dynamoEndpoint === undefined ? 'sns' : 'outbox');
  if (transport === 'outbox') return createLocalOutboxPort(clock);
  if (transport === 'sns') {
    const senderId = process.env.SMS_SENDER_ID || undefined;
    return createSnsSmsPort(senderId === undefined ? {} : { senderId });
  }
  throw new Error(`Sitecall: SMS_TRANSPORT must be sns or outbox, not "${transport}"`);
}

export function environmentDeps(overrides: Partial<AuthDeps> = {}): AuthDeps {
  const clock = overrides.clock ?? (() => new Date());
  return {
    clock,
    keys: overrides.keys ?? environmentSigningKeys,
    sms: overrides.sms ?? smsFromEnvironment(clock),
    codeResponseFloorMs: overrides.codeResponseFloorMs ?? 700,
  };
}
