import crypto from 'node:crypto';
import fs from 'node:fs';
import type { HandlerGroup } from '../router.ts';
import { importFile } from '../import/importer.ts';

export const importHandlers: HandlerGroup<'imports.run'> = {
  'imports.run': async ({ kind, uploadId, fileName, format, map, skipInvalid }, ctx, backend) => {
    const filePath = backend.uploads.pathOf(uploadId);
    const importId = crypto.randomUUID();
    try {
      const result = await importFile(backend.workspace, {
        kind,
        filePath,
        fileName,
        ...(format ? { format } : {}),
        ...(map ? { map } : {}),
        skipInvalid,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        onProgress: (p) => backend.events.emit('import.progress', { importId, fileName, ...p, done: false }),
      });
      const size = fs.statSync(filePath).size;
      backend.events.emit('import.progress', { importId, fileName, rows: result.rowsRead, bytes: size, totalBytes: size, done: true });
      if (result.inserted > 0) {
        backend.events.emit('samples.changed', { reason: 'import' });
        backend.flagger.schedule();
      }
      return result;
    } finally {
      backend.uploads.remove(uploadId);
    }
  },
};
