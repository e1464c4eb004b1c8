import type { generationProcedures } from '../../core/procedures/generation.ts';
import type { HandlerGroup } from '../router.ts';

export const generationHandlers: HandlerGroup<keyof typeof generationProcedures> = {};
