/**
 * Which backend the desktop window uses: the local workspace, or a team server that main
 * reaches through a RemoteBackend. Every later invoke and the event forwarding follow the
 * switch, so the renderer keeps one transport (the bridge) and never holds the token.
 * Electron-free: the connector and the store are injected, so it is tested with fakes.
 */
import type { BridgeResult, DesktopConnection, RemoteConnection } from '../core/bridge.ts';
import type { EventMessage } from '../core/contract.ts';
import { AppError } from '../core/errors.ts';

/** What the switch needs of a remote backend (RemoteBackend in remote.ts). */
export interface RemoteLike {
  readonly url: string;
  call(procedure: string, input: unknown): Promise<BridgeResult>;
  subscribe(listener: (message: EventMessage) => void): () => void;
  close(): void;
}

/** Probes and opens a server; throws AppError (with `details.field`) when it cannot be used. */
export type Connector = (url: string, token: string) => Promise<{ backend: RemoteLike; connection: RemoteConnection }>;

export interface SavedConnection {
  url: string;
  /** Only where the store can keep it encrypted; null otherwise. */
  token: string | null;
}

/** Where the last server is remembered across restarts (main: a file, token via safeStorage). */
export interface ConnectionStore {
  load(): SavedConnection | null;
  save(saved: SavedConnection | null): void;
}

type Listener = (message: EventMessage) => void;

export class BackendSwitch {
  #remote: { backend: RemoteLike; connection: RemoteConnection; unsubscribe: () => void } | null = null;
  #lastUrl: string | null;
  /** Bumped by every connect and disconnect, so a slow probe cannot undo a later choice. */
  #generation = 0;
  readonly #listeners = new Set<Listener>();

  constructor(
    local: { subscribe(listener: Listener): () => void },
    private readonly connector: Connector,
    private readonly store: ConnectionStore | null = null,
  ) {
    // Local events (background flagging of this computer's workspace) mean nothing to a window
    // showing a team server: they pass only while the window is local.
    local.subscribe((message) => {
      if (!this.#remote) this.#emit(message);
    });
    this.#lastUrl = safely(() => store?.load()?.url ?? null, null);
  }

  /** The team server calls go to, or null for the local workspace. */
  get remote(): RemoteLike | null {
    return this.#remote?.backend ?? null;
  }

  state(): DesktopConnection {
    return { remote: this.#remote ? { ...this.#remote.connection } : null, lastUrl: this.#lastUrl };
  }

  /** `desktop.connect`: on success every later call goes to the server; on failure nothing changes. */
  async connect(input: unknown): Promise<RemoteConnection> {
    const { url, token } = (input ?? {}) as { url?: unknown; token?: unknown };
    if (typeof url !== 'string') throw new AppError('invalid_input', 'desktop.connect: url must be a string.', { field: 'url' });
    if (typeof token !== 'string') throw new AppError('invalid_input', 'desktop.connect: token must be a string.', { field: 'token' });
    const generation = ++this.#generation;
    const opened = await this.connector(url, token);
    if (generation !== this.#generation) {
      opened.backend.close();
      throw new AppError('cancelled', 'Another connect or disconnect replaced this one.');
    }
    this.#use(opened);
    this.#lastUrl = opened.connection.url;
    safely(() => this.store?.save({ url: opened.connection.url, token: token.trim() }), undefined);
    return { ...opened.connection };
  }

  /** `desktop.disconnect`: back to the local workspace; the token is forgotten, the address kept. */
  disconnect(): DesktopConnection {
    this.#generation++;
    this.#use(null);
    safely(() => this.store?.save(this.#lastUrl ? { url: this.#lastUrl, token: null } : null), undefined);
    return this.state();
  }

  /** At start-up: reconnect to a remembered server whose token was kept; stays local on failure. */
  async restore(): Promise<AppError | null> {
    const saved = safely(() => this.store?.load() ?? null, null);
    if (!saved?.token) return null;
    try {
      await this.connect(saved);
      return null;
    } catch (error) {
      return error instanceof AppError ? error : new AppError('unavailable', String(error));
    }
  }

  /** Events of whichever backend is in use; what forwardEvents subscribes to. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  close(): void {
    this.#generation++;
    this.#use(null);
  }

  #use(next: { backend: RemoteLike; connection: RemoteConnection } | null): void {
    const previous = this.#remote;
    this.#remote = next ? { ...next, unsubscribe: next.backend.subscribe((message) => this.#remote?.backend === next.backend && this.#emit(message)) } : null;
    if (previous) {
      previous.unsubscribe();
      previous.backend.close();
    }
  }

  #emit(message: EventMessage): void {
    for (const listener of [...this.#listeners]) listener(message);
  }
}

/** Remembering the server is a convenience: a broken store must not break connecting. */
function safely<T>(action: () => T, fallback: T): T {
  try {
    return action();
  } catch {
    return fallback;
  }
}
