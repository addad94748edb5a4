/**
 * Fixtures of the timer tests: the notifier texting through the test's own SMS port, and a timer port
 * that arms nothing (the tests call the decide step themselves). Load the intake system first: these
 * modules must be the instances its fresh module registry gives the test.
 */
import type { SmsPort } from '../../functions/sms/port.ts';

/** The fault an SMS port injects when the provider is down. */
export class ProviderDown extends Error {
  override name = 'ProviderDown';
}

/**
 * Texts escalations through `send` (with the duty roster standing in for tiers 1 and 2 when asked),
 * arms no timer; answers the undo for `afterAll`.
 */
export async function useTestNotifier(send: SmsPort['send'], options: { duty?: boolean } = {}) {
  const [notifyModule, smsNotifier, port, duty] = await Promise.all([
    import('../../functions/timers/notify.ts'),
    import('../../functions/timers/sms-notifier.ts'),
    import('../../functions/timers/port.ts'),
    import('../../functions/store/duty.ts'),
  ]);
  port.useTimerPort({ arm: () => {} });
  notifyModule.useNotifier(
    smsNotifier.createSmsNotifier({
      ...(options.duty === true ? { duty: duty.dutyOnCall } : {}),
      sms: { send },
    }),
  );
  return () => {
    notifyModule.useNotifier(undefined);
    port.useTimerPort(undefined);
  };
}
