/** A `coldstart flag` worker that flags its first batch and then dies, as a thread that runs out of memory does. */
import { serveRequests } from '../../../backend/worker-client.ts';
import { FLAG_LINES_WORKER_MARK, flagLines, type LinesRequest } from '../flag-lines.ts';

let batches = 0;
serveRequests(FLAG_LINES_WORKER_MARK, (r: LinesRequest) => {
  if (++batches === 2) process.exit(3);
  return flagLines(r.lines, r.firstLine, r.settings);
});
