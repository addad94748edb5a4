/**
 * The SMS port of the local stack: nothing leaves the machine. Each message is kept in DynamoDB (a
 * week), printed as one console line, and listed newest first at /dev/outbox by `createOutboxApp()`,
 * which only the local server mounts; it is never part of an audience's app, so it is never deployed.
 */
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { latestOutboxMessages, saveOutboxMessage } from '../store/counters.ts';
import { maskPhone, type SmsPort, textOf } from './port.ts';

const KEEP_SECONDS = 7 * 24 * 3600;

export interface OutboxMessage {
  messageId: string;
  sentAt: string;
  to: string;
  template: string;
  lang: string;
  text: string;
}

export function createLocalOutboxPort(clock: () => Date = () => new Date()): SmsPort {
  return {
    async send(message) {
      const text = textOf(message);
      const now = clock();
      const messageId = `local-${randomBytes(8).toString('hex')}`;
      await saveOutboxMessage({
        messageId,
        sentAt: now.toISOString(),
        to: message.to.phone,
        template: message.template,
        lang: message.lang,
        text,
        expiresAt: Math.floor(now.getTime() / 1000) + KEEP_SECONDS,
      });
      // Logs keep numbers masked; the full number is on /dev/outbox, which only the local server shows.
      console.log(`[sms outbox] to ${maskPhone(message.to.phone)}: ${text}`);
      return { providerMessageId: messageId };
    },
  };
}

/** The latest messages, newest first. */
export async function listOutbox(limit = 50): Promise<OutboxMessage[]> {
  return (await latestOutboxMessages(limit)).map(({ messageId, sentAt, to, template, lang, text }) => ({
    messageId,
    sentAt,
    to,
    template,
    lang,
    text,
  }));
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * GET /dev/outbox: an HTML page (no script), or JSON with `Accept: application/json` or `?format=json`.
 * Mount on the local server only: `root.route('/', createOutboxApp())`.
 */
export function createOutboxApp(): Hono {
  const app = new Hono();
  app.get('/dev/outbox', async (c) => {
    const messages = await listOutbox(100);
    c.header('Cache-Control', 'no-store');
    const wantsJson = c.req.query('format') === 'json' || (c.req.header('accept') ?? '').includes('json');
    if (wantsJson) return c.json({ messages });
    const rows = messages
      .map(
        (m) =>
          `<tr><td>${escapeHtml(m.sentAt)}</td><td>${escapeHtml(m.to)}</td><td>${escapeHtml(m.template)}</td><td>${escapeHtml(m.text)}</td></tr>`,
      )
      .join('');
    return c.html(
      `<!doctype html><html lang="en"><meta charset="utf-8"><title>SMS outbox (local)</title>` +
        `<h1>SMS outbox (local stack)</h1><p>Newest first. Nothing here was sent.</p>` +
        `<table><thead><tr><th>sent</th><th>to</th><th>template</th><th>text</th></tr></thead>` +
        `<tbody>${rows}</tbody></table></html>`,
    );
  });
  return app;
}
