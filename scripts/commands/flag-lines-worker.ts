/** A worker thread of `coldstart flag --jobs N`: flags batches of input lines (see flag-lines.ts). */
import { useNodeUnitCopies } from '../../backend/node-units.ts';
import { serveRequests } from '../../backend/worker-client.ts';
import { FLAG_LINES_WORKER_MARK, flagLines, type LinesRequest } from './flag-lines.ts';

useNodeUnitCopies();
serveRequests(FLAG_LINES_WORKER_MARK, (r: LinesRequest) => flagLines(r.lines, r.firstLine, r.settings));
