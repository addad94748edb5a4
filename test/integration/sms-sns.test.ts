import { SNSClient } from '@aws-sdk/client-sns';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSystem, type System, uniqueCompany, uniquePhone } from './auth-fixtures.ts';

interface CapturedRequest {
  method: string;
  hostname: string;
  headers: Record<string, string>;
  body: string;
}

/** An SNS client whose requests never leave the process: the handler keeps the serialized request. */
function capturingSnsClient(captured: CapturedRequest[]) {
  return new SNSClient({
    region: 'cn-north-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    requestHandler: {
      async handle(request: {
        method: string;
        hostname: string;
        headers: Record<string, string>;
        body: unknown;
      }) {
        captured.push({
          method: request.method,
          hostname: request.hostname,
          headers: request.headers,
          body: String(request.body),
        });
        const xml =
          '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult>' +
          '<MessageId>5f1b2c3d-0000-4000-8000-000000000001</MessageId></PublishResult>' +
          '<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></PublishResponse>';
        return {
          response: {
            statusCode: 200,
            headers: { 'content-type': 'text/xml' },
            body: new TextEncoder().encode(xml),
          },
        };
      },
    },
  });
}

describe('SNS adapter of the SMS port', () => {
  let system: System;
  beforeAll(async () => {
    system = await loadSystem();
  });

  async function rosterRecipient() {
    const member = await system.staff.createStaff(
      { name: 'Li Na', phone: uniquePhone(), roles: ['engineer'], companyId: uniqueCompany() },
      { kind: 'system', id: 'test' },
      new Date(),
    );
    const { Recipient } = await import('../../functions/sms/recipient.ts');
    return { member, recipient: Recipient.fromStaff(member) };
  }

  it('publishes to the phone number, transactional, with the rendered template', async () => {
    const captured: CapturedRequest[] = [];
    const { createSnsSmsPort } = await import('../../functions/sms/sns-adapter.ts');
    const port = createSnsSmsPort({ client: capturingSnsClient(captured) });
    const { member, recipient } = await rosterRecipient();

    const result = await port.send({
      to: recipient,
      template: 'signInCode',
      params: { code: '123456' },
      lang: 'zh-CN',
    });

    expect(result).toEqual({ providerMessageId: '5f1b2c3d-0000-4000-8000-000000000001' });
    expect(captured).toHaveLength(1);
    const request = captured[0] as CapturedRequest;
    expect(request.method).toBe('POST');
    expect(request.hostname).toBe('sns.cn-north-1.amazonaws.com.cn');
    const form = new URLSearchParams(request.body);
    expect(form.get('Action')).toBe('Publish');
    expect(form.get('PhoneNumber')).toBe(member.phone);
    expect(form.get('Message')).toBe('【Sitecall】登录验证码 123456,5 分钟内有效。请勿告诉他人。');
    expect(form.get('MessageAttributes.entry.1.Name')).toBe('AWS.SNS.SMS.SMSType');
    expect(form.get('MessageAttributes.entry.1.Value.DataType')).toBe('String');
    expect(form.get('MessageAttributes.entry.1.Value.StringValue')).toBe('Transactional');
    expect(form.get('MessageAttributes.entry.2.Name')).toBeNull();
    expect(form.get('TopicArn')).toBeNull();
  });

  it('adds the sender id when one is configured', async () => {
    const captured: CapturedRequest[] = [];
    const { createSnsSmsPort } = await import('../../functions/sms/sns-adapter.ts');
    const port = createSnsSmsPort({ client: capturingSnsClient(captured), senderId: 'SITECALL' });
    const { recipient } = await rosterRecipient();

    await port.send({
      to: recipient,
      template: 'arrivalMissed',
      params: { ticketNo: 'SC-0042' },
      lang: 'en',
    });

    const attributes = Object.fromEntries(
      [...new URLSearchParams((captured[0] as CapturedRequest).body)].filter(([k]) =>
        k.startsWith('MessageAttributes'),
      ),
    );
    expect(Object.values(attributes)).toEqual(
      expect.arrayContaining(['AWS.SNS.SMS.SenderID', 'SITECALL', 'AWS.SNS.SMS.SMSType', 'Transactional']),
    );
  });
});
