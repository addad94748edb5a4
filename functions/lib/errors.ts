/**
 * Errors a handler may raise on purpose, and their one mapping to HTTP. Anything else is a fault
 * of ours: logged with its stack, answered with a 500 that reveals nothing.
 */
export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'rate_limited'
  | 'not_implemented';

const STATUS: Record<ErrorCode, 400 | 401 | 403 | 404 | 409 | 413 | 429 | 501> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  not_implemented: 501,
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The request field at fault, as a path like `contact.phone`. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status() {
    return STATUS[this.code];
  }
}
