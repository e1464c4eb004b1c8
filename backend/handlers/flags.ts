import type { flagsProcedures } from '../../core/procedures/flags.ts';
import type { HandlerGroup } from '../router.ts';

export const flagsHandlers: HandlerGroup<keyof typeof flagsProcedures> = {};
