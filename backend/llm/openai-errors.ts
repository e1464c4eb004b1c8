/**
 * Typed failures of an OpenAI-compatible endpoint. They extend AppError so they cross the
 * IPC/HTTP transports with a code, but never as `unauthorized`: a key the *model server*
 * rejected must not read, to our own client, as its session token being bad.
 *
 * Messages name the endpoint and, for auth failures, the environment variable holding the
 * key — never the key itself (see `redact`).
 */
import { AppError, type ErrorCode } from '../../core/errors.ts';

export type EngineErrorKind =
  | 'unreachable' // connection refused / reset / DNS / timed out, after retries
  | 'auth' // 401 or 403
  | 'rate_limited' // 429 after retries
  | 'server' // 5xx after retries
  | 'request' // other 4xx: unknown model, prompt too long, bad parameter
  | 'stream'; // the event stream was not valid SSE/JSON or ended early

const CODE_OF: Record<EngineErrorKind, ErrorCode> = {
  unreachable: 'unavailable',
  auth: 'unavailable',
  rate_limited: 'rate_limited',
  server: 'unavailable',
  request: 'bad_request',
  stream: 'unavailable',
};

export class EngineError extends AppError {
  readonly kind: EngineErrorKind;
  readonly httpStatus: number | undefined;
  readonly attempts: number;

  constructor(kind: EngineErrorKind, message: string, opts: { httpStatus?: number; attempts?: number } = {}) {
    super(CODE_OF[kind], message, { kind, httpStatus: opts.httpStatus, attempts: opts.attempts ?? 1 });
    this.name = 'EngineError';
    this.kind = kind;
    this.httpStatus = opts.httpStatus;
    this.attempts = opts.attempts ?? 1;
  }
}

/** Replaces every occurrence of the secret (servers sometimes echo the key they rejected). */
export function redact(text: string, secret: string | undefined): string {
  if (!secret || secret.length < 4) return text;
  return text.split(secret).join('[redacted]');
}

/** The endpoint as shown to users and stored with runs: no userinfo, query or fragment. */
export function publicUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(invalid URL)';
  }
}

/** Server error bodies are usually `{error: {message}}` or `{message}` or `{detail}`; fall back to a clipped body. */
export function serverMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown; detail?: unknown };
    const err = parsed.error;
    const msg = typeof err === 'string' ? err : (err?.message ?? parsed.message ?? parsed.detail);
    if (typeof msg === 'string' && msg.trim() !== '') return clip(msg.trim());
  } catch {
    // not JSON
  }
  return clip(body.trim()) || '(empty body)';
}

function clip(s: string, max = 300): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  if (/^\d+(?:\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
