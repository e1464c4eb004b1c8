import type { flagsProcedures } from '../../core/procedures/flags.ts';
import type { HandlerGroup } from '../router.ts';

export const flagsHandlers: HandlerGroup<keyof typeof flagsProcedures> = {
  'flags.getSettings': (_input, _ctx, backend) => backend.flagger.settings(),
  'flags.updateSettings': (input, _ctx, backend) => {
    // zod leaves absent keys out of the parsed patch, so only the keys sent are stored.
    const patch = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    return backend.flagger.updateSettings(patch);
  },
  'flags.reflag': (_input, _ctx, backend) => {
    void backend.flagger.reflag();
    return backend.flagger.status();
  },
  'flags.status': (_input, _ctx, backend) => backend.flagger.status(),
};
