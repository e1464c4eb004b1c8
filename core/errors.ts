/**
 * Errors that cross process and network boundaries as `{code, message, details}` and are
 * rebuilt on the other side, so a renderer can branch on `code` (e.g. show the conflict view
 * on `conflict`) instead of parsing messages.
 */
export const ERROR_STATUS = {
  bad_request: 400,
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  invalid_file: 422,
  rate_limited: 429,
  cancelled: 499,
  internal: 500,
  workspace_busy: 503,
  workspace_incompatible: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toPayload(): ErrorPayload {
    return this.details === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, details: this.details };
  }

  static fromPayload(payload: unknown): AppError {
    if (payload && typeof payload === 'object' && 'code' in payload && 'message' in payload) {
      const p = payload as ErrorPayload;
      const code = (p.code in ERROR_STATUS ? p.code : 'internal') as ErrorCode;
      return new AppError(code, String(p.message), p.details);
    }
    return new AppError('internal', 'Malformed error from the server');
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Describes any thrown value as an AppError without leaking stack traces to clients. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof Error && error.name === 'AbortError') return new AppError('cancelled', 'Cancelled');
  return new AppError('internal', error instanceof Error ? error.message : String(error));
}
