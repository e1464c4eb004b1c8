import type { versionsProcedures } from '../../core/procedures/versions.ts';
import type { HandlerGroup } from '../router.ts';

export const versionsHandlers: HandlerGroup<keyof typeof versionsProcedures> = {};
