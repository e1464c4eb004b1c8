/**
 * Team-server authentication: bearer tokens per annotator, stored only as sha256 hashes,
 * and a per-address limit on failed attempts. Tokens are never logged or echoed.
 */
import crypto from 'node:crypto';
import { AnnotatorsRepo } from '../db/repos/annotators.ts';
import type { Workspace } from '../db/workspace.ts';
import { LOCAL_ACTOR, type Actor } from './router.ts';

/** 32 random bytes, base64url: 256 bits, safe in headers and query strings. */
export function generateToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

const repos = new WeakMap<Workspace, AnnotatorsRepo>();
export function annotatorsOf(ws: Workspace): AnnotatorsRepo {
  let repo = repos.get(ws);
  if (!repo) repos.set(ws, (repo = new AnnotatorsRepo(ws.db)));
  return repo;
}

export interface AuthenticatorOptions {
  /**
   * Whether a token-less caller may act as the local user while the workspace has no
   * annotators. Only for a loopback server: the one person at this machine.
   */
  allowLocal: boolean;
}

/**
 * Resolves a bearer token to an annotator. The lookup keys on the token's hash, so the
 * secret never drives a data-dependent comparison; the match is then re-checked with
 * timingSafeEqual. Revoked annotators have no hash left to match.
 */
export function createAuthenticator(ws: Workspace, options: AuthenticatorOptions): (token: string | null) => Actor | null {
  const repo = annotatorsOf(ws);
  return (token) => {
    if (!token) return options.allowLocal && repo.activeCount() === 0 ? LOCAL_ACTOR : null;
    if (token.length > 256) return null;
    const hash = hashToken(token);
    const row = repo.byTokenHash(hash);
    if (!row) return null;
    const a = Buffer.from(row.tokenHash, 'hex');
    const b = Buffer.from(hash, 'hex');
    if (a.length !== b.length || !crypto.timingSafeEqual(a, b)) return null;
    return { id: row.id, name: row.name, role: row.role };
  };
}

/**
 * Counts failed authentications per client address in a sliding window; past `max`, the
 * address gets 429 until old failures age out, so tokens cannot be guessed at line speed.
 */
export class FailedAuthLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly max = 10,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(address: string): number[] {
    const cutoff = this.now() - this.windowMs;
    const list = (this.failures.get(address) ?? []).filter((t) => t > cutoff);
    if (list.length === 0) this.failures.delete(address);
    else this.failures.set(address, list);
    return list;
  }

  /** Seconds until the address may try again; 0 when it may try now. */
  blockedFor(address: string): number {
    const list = this.recent(address);
    if (list.length < this.max) return 0;
    return Math.max(1, Math.ceil((list[list.length - this.max]! + this.windowMs - this.now()) / 1000));
  }

  fail(address: string): void {
    const list = this.recent(address);
    list.push(this.now());
    this.failures.set(address, list);
    // Bound memory under a spray of addresses: forget the oldest address first.
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value!);
  }
}

/** Whether a bind address only accepts connections from this machine. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
