import { contract, isProcedureName, type ParsedInput, type ProcedureName, type ProcedureOutput } from '../core/contract.ts';
import { AppError, toAppError } from '../core/errors.ts';
import type { Backend } from './backend.ts';

export interface Actor {
  /** null for the local desktop user, who is not a row in `annotators`. */
  id: number | null;
  name: string;
  role: 'lead' | 'annotator';
}

export interface CallContext {
  actor: Actor;
  signal?: AbortSignal;
}

export const LOCAL_ACTOR: Actor = { id: null, name: 'local', role: 'lead' };

export type Handler<P extends ProcedureName> = (input: ParsedInput<P>, ctx: CallContext, backend: Backend) => ProcedureOutput<P> | Promise<ProcedureOutput<P>>;

/** Every procedure in the contract must have a handler: a missing key is a compile error. */
export type Handlers = { [P in ProcedureName]: Handler<P> };
export type HandlerGroup<K extends ProcedureName> = { [P in K]: Handler<P> };

export interface RouterOptions {
  /** Parse handler output against the contract too; on in tests, where a drifted handler should fail loudly. */
  validateOutput?: boolean;
}

export class Router {
  private readonly validateOutput: boolean;

  constructor(
    private readonly backend: Backend,
    private readonly handlers: Handlers,
    options: RouterOptions = {},
  ) {
    this.validateOutput = options.validateOutput ?? Boolean(process.env.VITEST || process.env.COLDSTART_VALIDATE_OUTPUT);
  }

  accessOf(name: string): 'public' | 'annotator' | 'lead' | null {
    return isProcedureName(name) ? contract[name].access : null;
  }

  async call(name: string, rawInput: unknown, ctx: CallContext): Promise<unknown> {
    if (!isProcedureName(name)) throw new AppError('not_found', `Unknown procedure "${name}".`);
    const def = contract[name];
    if (def.access === 'lead' && ctx.actor.role !== 'lead') throw new AppError('forbidden', `${name} is for leads only.`);
    const parsed = def.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      const first = issues[0];
      throw new AppError('invalid_input', `Invalid input for ${name}${first ? `: ${first.path || '(root)'}: ${first.message}` : ''}`, { issues });
    }
    const handler = this.handlers[name] as (input: unknown, ctx: CallContext, backend: Backend) => unknown;
    let output: unknown;
    try {
      output = await handler(parsed.data, ctx, this.backend);
    } catch (error) {
      throw translateDbError(error);
    }
    if (this.validateOutput) {
      const checked = def.output.safeParse(output);
      if (!checked.success) throw new AppError('internal', `Handler for ${name} returned output that breaks the contract: ${checked.error.message}`);
    }
    return output;
  }
}

/** SQLite's own errors become ones a user can act on. */
export function translateDbError(error: unknown): AppError {
  const code = (error as { code?: string }).code;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new AppError('workspace_busy', 'The workspace is busy with another long write (an import or a generation run); try again when it finishes.');
  }
  if (code === 'SQLITE_FULL') return new AppError('internal', 'The disk is full: the change was not saved.');
  if (code === 'SQLITE_READONLY') return new AppError('internal', 'The workspace is read-only: the change was not saved.');
  return toAppError(error);
}
