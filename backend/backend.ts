import { Workspace } from '../db/workspace.ts';
import type { OpenOptions } from '../db/connection.ts';
import { EventBus } from './events.ts';
import { Flagger } from './flagger.ts';
import { flagsHandlers } from './handlers/flags.ts';
import { generationHandlers } from './handlers/generation.ts';
import { importHandlers } from './handlers/imports.ts';
import { teamHandlers } from './handlers/team.ts';
import { versionsHandlers } from './handlers/versions.ts';
import { sampleHandlers } from './handlers/samples.ts';
import { workspaceHandlers } from './handlers/workspace.ts';
import { Router, type Handlers, type RouterOptions } from './router.ts';
import { Uploads } from './uploads.ts';

export const handlers: Handlers = {
  ...workspaceHandlers,
  ...sampleHandlers,
  ...importHandlers,
  ...flagsHandlers,
  ...generationHandlers,
  ...versionsHandlers,
  ...teamHandlers,
};

export interface BackendOptions extends RouterOptions {
  mode?: 'local' | 'team';
  open?: OpenOptions;
}

/** Everything the transports need, built over one open workspace. Electron-free. */
export class Backend {
  readonly events = new EventBus();
  readonly router: Router;
  readonly uploads: Uploads;
  readonly flagger: Flagger;
  readonly mode: 'local' | 'team';

  constructor(
    readonly workspace: Workspace,
    options: BackendOptions = {},
  ) {
    this.mode = options.mode ?? 'local';
    this.router = new Router(this, handlers, options);
    this.uploads = new Uploads(workspace.uploadsDir);
    this.flagger = new Flagger(workspace, this.events);
  }

  static open(dir: string, options: BackendOptions = {}): Backend {
    return new Backend(Workspace.open(dir, options.open), options);
  }

  close(): void {
    this.workspace.close();
  }
}
