/**
 * The SMS port on Amazon SNS: a direct publish to a phone number, marked transactional (SNS then
 * routes for reliability rather than cost, and one-time codes are not throttled as marketing).
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { type SmsPort, textOf } from './port.ts';

export interface SnsSmsOptions {
  client?: SNSClient;
  /** Alphanumeric sender id, where the destination country supports one (not mainland China). */
  senderId?: string;
}

export function createSnsSmsPort(options: SnsSmsOptions = {}): SmsPort {
  const client = options.client ?? new SNSClient({});
  return {
    async send(message) {
      const output = await client.send(
        new PublishCommand({
          PhoneNumber: message.to.phone,
          Message: textOf(message),
          MessageAttributes: {
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
            ...(options.senderId === undefined
              ? {}
              : { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: options.senderId } }),
          },
        }),
      );
      if (output.MessageId === undefined) throw new Error('SNS answered without a MessageId');
      return { providerMessageId: output.MessageId };
    },
  };
}
