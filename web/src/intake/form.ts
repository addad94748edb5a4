/**
 * The intake form as data: what the customer has typed (a draft), its check against the same schema
 * the server uses, and what an answer of the server means for the screen. No DOM, no fetch.
 */
import type { FaultLevel } from '../../../shared/sla/index.ts';
import { type IntakeAnswers, proposeFaultLevel } from '../../../shared/tickets/levels.ts';
import { type IntakeBody, IntakeBodySchema, type IntakeContext } from '../../../shared/tickets/schemas.ts';
import { ApiError, errorOf } from '../api/client';

export type Answer = boolean | null;

export interface IntakeDraft {
  deviceId: string;
  description: string;
  answers: { serviceDown: Answer; businessInterrupted: Answer; dataLost: Answer; degraded: Answer };
  contactName: string;
  contactPhone: string;
  /** The honeypot: people never see it, so it stays empty. */
  website: string;
}

export type QuestionId = keyof IntakeDraft['answers'];

/** The plan's three questions; `degraded` is the rules' follow-up, asked when all three are no. */
export const MAIN_QUESTIONS: readonly QuestionId[] = ['serviceDown', 'businessInterrupted', 'dataLost'];

export function emptyDraft(context: Pick<IntakeContext, 'fixedDeviceId' | 'devices'>): IntakeDraft {
  const only = context.devices.length === 1 ? context.devices[0]?.deviceId : undefined;
  return {
    deviceId: context.fixedDeviceId ?? only ?? '',
    description: '',
    answers: { serviceDown: null, businessInterrupted: null, dataLost: null, degraded: null },
    contactName: '',
    contactPhone: '',
    website: '',
  };
}

/** Whether the follow-up question applies: the three questions are answered, all no. */
export function asksFollowUp(answers: IntakeDraft['answers']): boolean {
  return MAIN_QUESTIONS.every((id) => answers[id] === false);
}

/**
 * The level the answers propose so far: any yes is level 1 at once; otherwise a level once the three
 * questions have answers (the follow-up may stay open); else null.
 */
export function liveLevel(answers: IntakeDraft['answers']): FaultLevel | null {
  const main = MAIN_QUESTIONS.map((id) => answers[id]);
  const complete: IntakeAnswers = {
    serviceDown: answers.serviceDown === true,
    businessInterrupted: answers.businessInterrupted === true,
    dataLost: answers.dataLost === true,
    degraded: answers.degraded === true,
  };
  if (main.includes(true)) return proposeFaultLevel(complete);
  if (main.includes(null)) return null;
  return proposeFaultLevel(complete);
}

export type FieldName =
  | 'deviceId'
  | 'description'
  | 'answers.serviceDown'
  | 'answers.businessInterrupted'
  | 'answers.dataLost'
  | 'answers.degraded'
  | 'contactName'
  | 'contactPhone';

export const FIELD_ORDER: readonly FieldName[] = [
  'deviceId',
  'description',
  'answers.serviceDown',
  'answers.businessInterrupted',
  'answers.dataLost',
  'answers.degraded',
  'contactName',
  'contactPhone',
];

export type FieldProblem = 'required' | 'tooLong' | 'phone' | 'answer' | 'invalid';

export type FieldErrors = Partial<Record<FieldName, { problem: FieldProblem; message?: string }>>;

const isFieldName = (name: string): name is FieldName => (FIELD_ORDER as readonly string[]).includes(name);

/**
 * The body to send, or every field at fault. The rules are the server's (IntakeBodySchema), plus one
 * the schema cannot know: a form opened from a contract link needs a device.
 */
export function checkDraft(
  draft: IntakeDraft,
  context: Pick<IntakeContext, 'via' | 'fixedDeviceId'>,
  idempotencyKey: string,
  language: 'zh-CN' | 'en',
): { ok: true; body: IntakeBody } | { ok: false; errors: FieldErrors } {
  const answers: Record<string, boolean> = {};
  for (const [id, value] of Object.entries(draft.answers)) if (value !== null) answers[id] = value;
  if (!asksFollowUp(draft.answers)) delete answers.degraded;
  const deviceId = context.fixedDeviceId ?? draft.deviceId;
  const input = {
    ...(deviceId === '' ? {} : { deviceId }),
    description: draft.description,
    answers,
    contactName: draft.contactName,
    contactPhone: draft.contactPhone,
    idempotencyKey,
    language,
    ...(draft.website === '' ? {} : { website: draft.website }),
  };
  const errors: FieldErrors = {};
  if (context.via === 'contractLink' && deviceId === '') errors.deviceId = { problem: 'required' };
  const result = IntakeBodySchema.safeParse(input);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const name = issue.path.map(String).join('.');
      if (!isFieldName(name) || errors[name] !== undefined) continue;
      errors[name] = { problem: problemOf(name, issue.code, input) };
    }
  }
  if (Object.keys(errors).length > 0 || !result.success) {
    // A failure outside the fields (a filled honeypot, a bad key) still stops the send.
    return { ok: false, errors };
  }
  return { ok: true, body: result.data };
}

function problemOf(name: FieldName, code: string, input: Record<string, unknown>): FieldProblem {
  if (name.startsWith('answers.')) return 'answer';
  if (name === 'contactPhone') return String(input.contactPhone ?? '').trim() === '' ? 'required' : 'phone';
  if (code === 'too_big') return 'tooLong';
  if (code === 'too_small' || code === 'invalid_type') return 'required';
  return 'invalid';
}

/** What went wrong with a send or a load, in kinds the screen words. */
export type SendFailure =
  /** 400 about one field: shown beside it, in the server's words (in the language we asked for). */
  | { kind: 'field'; field: FieldName; message: string }
  /** 400 about the form as a whole (e.g. the hidden field was filled by the browser). */
  | { kind: 'rejected'; message: string }
  /** 404: the link is unknown or revoked. Nothing more is said. */
  | { kind: 'notFound' }
  | { kind: 'rateLimited' }
  | { kind: 'tooLarge' }
  | { kind: 'offline' }
  | { kind: 'unreachable' }
  | { kind: 'server' };

/** The server words a 400 as `field: reason`; beside the field the reason says it all. */
export function withoutFieldName(message: string, field: string): string {
  const escaped = field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const reason = message.replace(new RegExp(`^${escaped}\\s*[:：]\\s*`), '').trim() || message;
  return reason.charAt(0).toUpperCase() + reason.slice(1);
}

export function failureOf(error: unknown, online: boolean): SendFailure {
  if (!(error instanceof ApiError)) return { kind: 'server' };
  if (error.kind === 'network') return online ? { kind: 'unreachable' } : { kind: 'offline' };
  if (error.kind !== 'http') return { kind: 'server' };
  switch (error.status) {
    case 400: {
      const { field, message = '' } = errorOf(error);
      if (field !== undefined && isFieldName(field)) {
        return { kind: 'field', field, message: withoutFieldName(message, field) };
      }
      return { kind: 'rejected', message: field === undefined ? message : withoutFieldName(message, field) };
    }
    case 404:
      return { kind: 'notFound' };
    case 413:
      return { kind: 'tooLarge' };
    case 429:
      return { kind: 'rateLimited' };
    default:
      return { kind: 'server' };
  }
}

/** A UUID for the idempotency key; plain-http pages (no secure context) have no randomUUID. */
export function newIdempotencyKey(cryptoApi: Crypto = globalThis.crypto): string {
  if (typeof cryptoApi.randomUUID === 'function') return cryptoApi.randomUUID();
  const bytes = cryptoApi.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
