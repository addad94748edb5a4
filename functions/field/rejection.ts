/**
 * A permanently bad outbox item: answered `rejected` with a code, the field at fault and a message in
 * both languages (the receipt keeps both, so a repeat answers in the caller's language of that moment).
 */
import type { Localized } from '../../shared/field/schemas.ts';

export type RejectionCode = 'not_found' | 'conflict' | 'bad_request' | 'rate_limited';

export class Rejection extends Error {
  override name = 'Rejection';
  constructor(
    readonly code: RejectionCode,
    readonly messages: Localized,
    readonly field?: string,
  ) {
    super(messages.en);
  }
}

const L = (zh: string, en: string): Localized => ({ 'zh-CN': zh, en });

export const reject = {
  ticketNotFound: () =>
    new Rejection(
      'not_found',
      L('未找到该工单,或工单未指派给您', 'No such ticket is assigned to you'),
      'action.ticketId',
    ),
  visitNotFound: () =>
    new Rejection(
      'not_found',
      L('未找到该巡检任务,或任务未指派给您', 'No such inspection visit is assigned to you'),
      'action.visitId',
    ),
  deviceNotInVisit: () =>
    new Rejection(
      'not_found',
      L('该设备不在此次巡检中', 'This device is not part of the visit'),
      'action.deviceId',
    ),
  illegalMove: (state: string, kind: string) =>
    new Rejection(
      'conflict',
      L(
        `工单当前状态(${state})不允许此操作(${kind})`,
        `The ticket's state (${state}) does not allow ${kind}`,
      ),
      'action.kind',
    ),
  alreadyAccepted: () =>
    new Rejection('conflict', L('您已接受此工单', 'You have already accepted this ticket'), 'action.kind'),
  notCheckedIn: () =>
    new Rejection(
      'conflict',
      L('尚未到场签到,不能离场', 'Not checked in: nothing to check out of'),
      'action.kind',
    ),
  alreadyCheckedOut: () => new Rejection('conflict', L('已经离场签出', 'Already checked out'), 'action.kind'),
  checkOutReason: () =>
    new Rejection(
      'bad_request',
      L('客户尚未确认:离场需要填写原因', 'The customer has not confirmed: a reason is needed to check out'),
      'action.reason',
    ),
  noCode: () =>
    new Rejection(
      'conflict',
      L('此工单没有可用的确认码', 'This ticket has no confirmation code to check'),
      'action.code',
    ),
  wrongCode: (left: number) =>
    new Rejection(
      'bad_request',
      L(`确认码不正确,还可尝试 ${left} 次`, `Wrong confirmation code; ${left} attempts left`),
      'action.code',
    ),
  tooManyAttempts: () =>
    new Rejection(
      'rate_limited',
      L(
        '确认码错误次数过多,请改用客户签字或客户在状态页确认',
        'Too many wrong codes: use a signature or the customer confirms on their status page',
      ),
      'action.code',
    ),
  unknownItem: () =>
    new Rejection('bad_request', L('巡检表中没有此检查项', 'The form has no such item'), 'action.itemId'),
  badAnswer: (reason: string) =>
    new Rejection(
      'bad_request',
      L(`检查项的值不正确(${reason})`, `Not a valid value: ${reason}`),
      'action.value',
    ),
  formSubmitted: () =>
    new Rejection(
      'conflict',
      L('此设备的巡检表已提交', 'This device’s form is already submitted'),
      'action.deviceId',
    ),
  missingItems: (ids: readonly string[]) =>
    new Rejection(
      'bad_request',
      L(`以下必填项未填写:${ids.join(', ')}`, `Required items not answered: ${ids.join(', ')}`),
      `action.items:${ids.join(',')}`,
    ),
};
