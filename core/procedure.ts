import { z } from 'zod';

export type Access = 'public' | 'annotator' | 'lead';

export interface ProcedureDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** Who may call it over the team server: `public` needs no token, `lead` is for leads only. */
  access: Access;
  /** One sentence for docs/api.md. */
  summary: string;
}

export function procedure<I extends z.ZodType, O extends z.ZodType>(def: ProcedureDef<I, O>): ProcedureDef<I, O> {
  return def;
}

export const emptyInput = z.object({}).strict();
