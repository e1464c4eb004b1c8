import type { Db } from '../connection.ts';
import { AppError } from '../../core/errors.ts';
import { nowIso, parseJson } from './util.ts';

export interface AssignmentRow {
  id: number;
  batch: string;
  sampleId: number;
  slot: number;
  annotatorId: number | null;
  status: 'open' | 'reserved' | 'done';
  reservedUntil: string | null;
}

export interface BatchSummary {
  id: number;
  name: string;
  overlap: number;
  filter: Record<string, unknown>;
  members: string[];
  items: number;
  slots: number;
  open: number;
  reserved: number;
  done: number;
  createdAt: string;
}

interface RawAssignment {
  id: number;
  batch: string;
  sample_id: number;
  slot: number;
  annotator_id: number | null;
  status: AssignmentRow['status'];
  reserved_until: string | null;
}

const toRow = (r: RawAssignment): AssignmentRow => ({ id: r.id, batch: r.batch, sampleId: r.sample_id, slot: r.slot, annotatorId: r.annotator_id, status: r.status, reservedUntil: r.reserved_until });

/** Stable per-(batch, sample) order, so which items get an overlap slot does not depend on id order. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Candidates a given annotator may take: open or expired rows of their batches, never a second slot of an item they hold. */
const AVAILABLE = `FROM assignments a
  JOIN batches b ON b.name = a.batch
  JOIN batch_members m ON m.batch_id = b.id AND m.annotator_id = @me
  WHERE (a.status = 'open' OR (a.status = 'reserved' AND a.reserved_until <= @now))
    AND NOT EXISTS (SELECT 1 FROM assignments o WHERE o.batch = a.batch AND o.sample_id = a.sample_id AND o.annotator_id = @me AND o.id != a.id)`;

export class AssignmentsRepo {
  private readonly insertBatch;
  private readonly insertMember;
  private readonly insertSlot;
  private readonly batchByName;
  private readonly heldStmt;
  private readonly extendStmt;
  private readonly pickStmt;
  private readonly reserveStmt;
  private readonly assigneeStmt;
  private readonly completeStmt;
  private readonly availableCount;
  private readonly heldCount;
  private readonly byIdStmt;
  private readonly batchesStmt;
  private readonly overlapStmt;

  constructor(private readonly db: Db) {
    this.insertBatch = db.prepare('INSERT INTO batches (name, filter, overlap, created_by, created_at) VALUES (?, ?, ?, ?, ?)');
    this.insertMember = db.prepare('INSERT OR IGNORE INTO batch_members (batch_id, annotator_id) VALUES (?, ?)');
    this.insertSlot = db.prepare("INSERT INTO assignments (batch, sample_id, slot, status, created_at) VALUES (?, ?, ?, 'open', ?)");
    this.batchByName = db.prepare<[string], { id: number }>('SELECT id FROM batches WHERE name = ?');
    this.heldStmt = db.prepare<{ me: number; now: string }, RawAssignment>(
      "SELECT * FROM assignments WHERE annotator_id = @me AND status = 'reserved' AND reserved_until > @now ORDER BY reserved_at, id LIMIT 1",
    );
    this.extendStmt = db.prepare('UPDATE assignments SET reserved_until = ? WHERE id = ?');
    this.pickStmt = db.prepare<{ me: number; now: string }, { id: number }>(`SELECT a.id ${AVAILABLE} ORDER BY b.id, a.sample_id, a.slot LIMIT 1`);
    this.reserveStmt = db.prepare("UPDATE assignments SET annotator_id = ?, status = 'reserved', reserved_at = ?, reserved_until = ? WHERE id = ?");
    this.assigneeStmt = db.prepare('UPDATE samples SET assignee_id = ? WHERE id = ?');
    this.completeStmt = db.prepare("UPDATE assignments SET status = 'done', done_at = ?, reserved_until = NULL WHERE sample_id = ? AND annotator_id = ? AND status = 'reserved'");
    this.availableCount = db.prepare<{ me: number; now: string }, { n: number }>(`SELECT count(*) AS n ${AVAILABLE}`);
    this.heldCount = db.prepare<{ me: number; now: string }, { n: number }>(
      "SELECT count(*) AS n FROM assignments WHERE annotator_id = @me AND status = 'reserved' AND reserved_until > @now",
    );
    this.byIdStmt = db.prepare<[number], RawAssignment>('SELECT * FROM assignments WHERE id = ?');
    this.batchesStmt = db.prepare<[], { id: number; name: string; overlap: number; filter: string; created_at: string; members: string | null; items: number; slots: number; open: number; reserved: number; done: number }>(
      `SELECT b.id, b.name, b.overlap, b.filter, b.created_at,
        (SELECT group_concat(an.name, char(10)) FROM batch_members m JOIN annotators an ON an.id = m.annotator_id WHERE m.batch_id = b.id) AS members,
        (SELECT count(DISTINCT sample_id) FROM assignments WHERE batch = b.name) AS items,
        (SELECT count(*) FROM assignments WHERE batch = b.name) AS slots,
        (SELECT count(*) FROM assignments WHERE batch = b.name AND status = 'open') AS open,
        (SELECT count(*) FROM assignments WHERE batch = b.name AND status = 'reserved') AS reserved,
        (SELECT count(*) FROM assignments WHERE batch = b.name AND status = 'done') AS done
       FROM batches b ORDER BY b.id`,
    );
    this.overlapStmt = db.prepare<[], { sample_id: number }>('SELECT DISTINCT sample_id FROM assignments WHERE slot = 1');
  }

  /**
   * Creates a batch over `sampleIds`: one slot per item, plus a second slot for
   * round(overlap × items) of them (chosen by a stable hash) so two annotators see those.
   */
  createBatch(input: { name: string; filter: unknown; overlap: number; createdBy: number | null; sampleIds: number[]; memberIds: number[] }): { batchId: number; items: number; overlapItems: number } {
    return this.db
      .transaction(() => {
        if (this.batchByName.get(input.name)) throw new AppError('conflict', `A batch named "${input.name}" already exists.`);
        const now = nowIso();
        const batchId = Number(this.insertBatch.run(input.name, JSON.stringify(input.filter ?? {}), input.overlap, input.createdBy, now).lastInsertRowid);
        for (const id of input.memberIds) this.insertMember.run(batchId, id);
        const overlapCount = Math.round(input.overlap * input.sampleIds.length);
        const ranked = [...input.sampleIds].sort((a, b) => fnv1a(`${input.name}:${a}`) - fnv1a(`${input.name}:${b}`) || a - b);
        const overlapIds = new Set(ranked.slice(0, overlapCount));
        for (const id of input.sampleIds) {
          this.insertSlot.run(input.name, id, 0, now);
          if (overlapIds.has(id)) this.insertSlot.run(input.name, id, 1, now);
        }
        return { batchId, items: input.sampleIds.length, overlapItems: overlapIds.size };
      })
      .immediate();
  }

  addMembers(batchName: string, memberIds: number[]): void {
    const batch = this.batchByName.get(batchName);
    if (!batch) throw new AppError('not_found', `No batch named "${batchName}".`);
    for (const id of memberIds) this.insertMember.run(batch.id, id);
  }

  /**
   * The annotator's current item: the one they already hold (a reload gets the same item,
   * its reservation renewed), else the next free one, reserved until now + `minutes`.
   * Immediate transaction: two servers or connections can never hand out the same slot.
   */
  next(annotatorId: number, minutes: number, at = new Date()): AssignmentRow | null {
    return this.db
      .transaction((): AssignmentRow | null => {
        const now = at.toISOString();
        const until = new Date(at.getTime() + minutes * 60_000).toISOString();
        const held = this.heldStmt.get({ me: annotatorId, now });
        if (held) {
          this.extendStmt.run(until, held.id);
          return toRow(this.byIdStmt.get(held.id)!);
        }
        const pick = this.pickStmt.get({ me: annotatorId, now });
        if (!pick) return null;
        this.reserveStmt.run(annotatorId, now, until, pick.id);
        const row = this.byIdStmt.get(pick.id)!;
        this.assigneeStmt.run(annotatorId, row.sample_id);
        return toRow(row);
      })
      .immediate();
  }

  /** Marks the annotator's reserved slots of a sample done (they reviewed it); returns how many. */
  complete(sampleId: number, annotatorId: number): number {
    return this.completeStmt.run(nowIso(), sampleId, annotatorId).changes;
  }

  /** Items still ahead of the annotator: what they hold plus what they may still take. */
  remaining(annotatorId: number, at = new Date()): number {
    const params = { me: annotatorId, now: at.toISOString() };
    return this.availableCount.get(params)!.n + this.heldCount.get(params)!.n;
  }

  get(id: number): AssignmentRow | undefined {
    const r = this.byIdStmt.get(id);
    return r && toRow(r);
  }

  batches(): BatchSummary[] {
    return this.batchesStmt.all().map((b) => ({
      id: b.id,
      name: b.name,
      overlap: b.overlap,
      filter: parseJson<Record<string, unknown>>(b.filter, {}),
      members: b.members ? b.members.split('\n').sort() : [],
      items: b.items,
      slots: b.slots,
      open: b.open,
      reserved: b.reserved,
      done: b.done,
      createdAt: b.created_at,
    }));
  }

  /** Samples that were handed to two annotators on purpose, for agreement. */
  overlapSampleIds(): number[] {
    return this.overlapStmt.all().map((r) => r.sample_id);
  }
}
