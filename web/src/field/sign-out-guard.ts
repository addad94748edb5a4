/**
 * Sign-out is refused while the engineer's outbox holds actions: signing out would leave them on the phone
 * with nobody to send them. Asked by the sign-out button (components/SignOutButton.tsx), imported statically so
 * that it is there offline too, whatever the cache holds.
 */
import type { Locale } from '../i18n/locale';
import { pendingCount } from './db';

const REFUSAL: Readonly<Record<Locale, string>> = {
  'zh-CN': '还有 {count} 条现场操作未发送到服务器。请联网并等它们发送完成后再退出登录，否则这些记录会丢失。',
  en: '{count} field actions have not reached the server yet. Get a connection and let them send before signing out, or they would be lost.',
};

/** The words refusing sign-out, or null when nothing waits (or the phone's storage cannot tell). */
export async function signOutRefusal(locale: Locale): Promise<string | null> {
  const count = await pendingCount().catch(() => 0);
  return count > 0 ? REFUSAL[locale].replace('{count}', String(count)) : null;
}
