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

/** A reply body as JSON, or undefined when it is not JSON (a proxy's HTML error page, say). */
export function parseReplyJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The error a Coldstart server's HTTP reply stands for: its own payload, else what the status says. */
export function errorFromReply(status: number, body: unknown): AppError {
  if (body && typeof body === 'object' && 'code' in body && 'message' in body) return AppError.fromPayload(body);
  // A proxy or a crashed server: no payload to rebuild, so say what we know.
  return new AppError(status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : status >= 500 ? 'unavailable' : 'internal', `The server answered HTTP ${status}.`);
}

/** The value a server reply carries, or the AppError it stands for. Shared by the renderer's and the desktop shell's HTTP clients. */
export function readReply(status: number, ok: boolean, text: string): unknown {
  const body = parseReplyJson(text);
  if (ok) {
    if (body === undefined) throw new AppError('internal', `The server answered ${status} without valid JSON.`);
    return body;
  }
  throw errorFromReply(status, body);
}
