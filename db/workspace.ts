import path from 'node:path';
import { openDatabase, type Db, type OpenOptions } from './connection.ts';
import { PromptsRepo } from './repos/prompts.ts';
import { RunsRepo } from './repos/runs.ts';
import { SamplesRepo } from './repos/samples.ts';
import { RevisionsRepo } from './repos/revisions.ts';
import { StatsRepo } from './repos/stats.ts';

/** An open workspace: its folder, its database and the repositories over it. */
export class Workspace {
  readonly prompts: PromptsRepo;
  readonly runs: RunsRepo;
  readonly samples: SamplesRepo;
  readonly revisions: RevisionsRepo;
  readonly stats: StatsRepo;

  private constructor(
    readonly dir: string,
    readonly db: Db,
  ) {
    this.prompts = new PromptsRepo(db);
    this.runs = new RunsRepo(db);
    this.samples = new SamplesRepo(db);
    this.revisions = new RevisionsRepo(db);
    this.stats = new StatsRepo(db);
  }

  static open(dir: string, options?: OpenOptions): Workspace {
    const resolved = path.resolve(dir);
    return new Workspace(resolved, openDatabase(resolved, options));
  }

  get name(): string {
    return path.basename(this.dir);
  }

  /** Folder for uploaded files waiting to be imported, inside the workspace. */
  get uploadsDir(): string {
    return path.join(this.dir, 'uploads');
  }

  get reportsDir(): string {
    return path.join(this.dir, 'reports');
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
