import { Workspace } from '../db/workspace.ts';
import type { OpenOptions } from '../db/connection.ts';
import { EventBus } from './events.ts';
import { Flagger } from './flagger.ts';
import { assistHandlers } from './handlers/assist.ts';
import { flagsHandlers } from './handlers/flags.ts';
import { generationHandlers } from './handlers/generation.ts';
import { importHandlers } from './handlers/imports.ts';
import { reviewHandlers } from './handlers/review.ts';
import { teamHandlers } from './handlers/team.ts';
import { versionsHandlers } from './handlers/versions.ts';
import { sampleHandlers } from './handlers/samples.ts';
import { workspaceHandlers } from './handlers/workspace.ts';
import { Router, type Handlers, type RouterOptions } from './router.ts';
import { Uploads } from './uploads.ts';
import { SearchIndexer } from './search-indexer.ts';
import { GenerationService } from './jobs/generation.ts';
import { releaseEngines } from './llm/factory.ts';
import { ModelDownloads } from './llm/download.ts';

export const handlers: Handlers = {
  ...workspaceHandlers,
  ...sampleHandlers,
  ...importHandlers,
  ...flagsHandlers,
  ...generationHandlers,
  ...reviewHandlers,
  ...versionsHandlers,
  ...teamHandlers,
  ...assistHandlers,
};

export interface BackendOptions extends RouterOptions {
  mode?: 'local' | 'team';
  open?: OpenOptions;
  /** Whether callers may name files by absolute path (the desktop app and CLI); never on a team server. */
  allowAbsolutePaths?: boolean;
}

/** Everything the transports need, built over one open workspace. Electron-free. */
export class Backend {
  readonly events = new EventBus();
  readonly router: Router;
  readonly uploads: Uploads;
  readonly flagger: Flagger;
  readonly searchIndexer: SearchIndexer;
  readonly mode: 'local' | 'team';
  private generationService: GenerationService | null = null;
  /** Whether callers may name files by absolute path: the desktop app and CLI yes, a team server no. */
  readonly allowAbsolutePaths: boolean;
  private modelDownloads: ModelDownloads | null = null;

  constructor(
    readonly workspace: Workspace,
    options: BackendOptions = {},
  ) {
    this.mode = options.mode ?? 'local';
    this.router = new Router(this, handlers, options);
    this.uploads = new Uploads(workspace.uploadsDir);
    this.flagger = new Flagger(workspace, this.events);
    this.searchIndexer = new SearchIndexer(workspace, this.events);
    this.allowAbsolutePaths = options.allowAbsolutePaths ?? this.mode === 'local';
  }

  /** Created on first use: it marks runs a crashed process left running as interrupted. */
  get generation(): GenerationService {
    this.generationService ??= new GenerationService(this, { allowAbsolutePaths: this.allowAbsolutePaths });
    return this.generationService;
  }

  /** Model downloads into this workspace's models folder, with progress on the event bus. */
  get downloads(): ModelDownloads {
    this.modelDownloads ??= new ModelDownloads(this.generation.modelsDir, (event) => this.events.emit('model.download', event));
    return this.modelDownloads;
  }

  /** Cancels running jobs (finished samples are already stored; partial downloads resume later) and closes the workspace. */
  async shutdown(): Promise<void> {
    await this.generationService?.stopAll();
    await this.modelDownloads?.stopAll();
    await releaseEngines();
    await this.flagger.close();
    this.close();
  }

  static open(dir: string, options: BackendOptions = {}): Backend {
    return new Backend(Workspace.open(dir, options.open), options);
  }

  /** Closes the workspace; a background flagging pass notices and stops at its next batch. */
  close(): void {
    this.searchIndexer.stop();
    void this.flagger.close();
    this.workspace.close();
  }
}
