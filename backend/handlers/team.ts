import type { teamProcedures } from '../../core/procedures/team.ts';
import type { HandlerGroup } from '../router.ts';

export const teamHandlers: HandlerGroup<keyof typeof teamProcedures> = {};
