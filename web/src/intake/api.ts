/**
 * The customer's side of the API: the intake form and the status page. The credential is the token
 * of the link the customer opened, sent as `Authorization: Link <token>`; answers are checked with the
 * same schemas the server writes them with.
 */
import {
  type ConfirmBody,
  type IntakeBody,
  type IntakeContext,
  IntakeContextSchema,
  type IntakeCreated,
  IntakeCreatedSchema,
  type StatusView,
  StatusViewSchema,
} from '../../../shared/tickets/schemas.ts';
import { ApiError, type RequestOptions, requestJson } from '../api/client';

/**
 * What a link token can look like. Anything else cannot be ours, and would not even fit in a header:
 * it is answered as "not found" without asking the server.
 */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{8,200}$/;

export function isLinkToken(token: string | undefined): token is string {
  return token !== undefined && TOKEN_PATTERN.test(token);
}

function linkHeaders(token: string): Record<string, string> {
  if (!isLinkToken(token)) {
    throw new ApiError('http', 'not a link token', 404, { error: { code: 'not_found', message: '' } });
  }
  return { authorization: `Link ${token}` };
}

export function loadIntakeContext(token: string, options: RequestOptions = {}): Promise<IntakeContext> {
  return requestJson('/public/intake', (body) => IntakeContextSchema.parse(body), {
    ...options,
    headers: linkHeaders(token),
  });
}

/** 201 for a new report, 200 for the same `idempotencyKey` again: the same ticket either way. */
export function submitIntake(
  token: string,
  body: IntakeBody,
  options: RequestOptions = {},
): Promise<IntakeCreated> {
  return requestJson('/public/intake', (answer) => IntakeCreatedSchema.parse(answer), {
    timeoutMs: 20_000,
    ...options,
    method: 'POST',
    body,
    headers: linkHeaders(token),
  });
}

export function loadStatus(token: string, options: RequestOptions = {}): Promise<StatusView> {
  return requestJson('/public/status', (body) => StatusViewSchema.parse(body), {
    ...options,
    headers: linkHeaders(token),
  });
}

export function confirmRepair(
  token: string,
  body: ConfirmBody,
  options: RequestOptions = {},
): Promise<StatusView> {
  return requestJson('/public/status/confirm', (answer) => StatusViewSchema.parse(answer), {
    ...options,
    method: 'POST',
    body: body ?? {},
    headers: linkHeaders(token),
  });
}
