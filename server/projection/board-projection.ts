// Projects a board document into relational read models: idempotent, debounced, rebuildable.
import { createHash } from "node:crypto";
import * as Y from "yjs";
import type { Db } from "../../db/create-db";
import { readBoard, type BoardSnapshot } from "../../core/board";
import { boardDocName } from "../../core/domain";
import { createDocumentStore } from "../yjs/persistence";
import { logger } from "../logger";

const log = logger("projection");
const INSERT_CHUNK = 500;

function contentHash(snapshot: BoardSnapshot): string {
  const { skipped: _skipped, ...content } = snapshot;
  return createHash("sha256").update(JSON.stringify(content)).digest("hex");
}

async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await insert(rows.slice(i, i + INSERT_CHUNK));
}

/**
 * Makes the meeting's read models equal to the snapshot, in one transaction. Projecting the same
 * content twice changes nothing (its hash is kept), so repeated or replayed calls are harmless.
 */
export async function projectBoard(
  db: Db,
  meetingId: string,
  snapshot: BoardSnapshot,
): Promise<boolean> {
  const hash = contentHash(snapshot);
  return db.transaction().execute(async (tx) => {
    const current = await tx
      .selectFrom("board_projections")
      .select("content_hash")
      .where("meeting_id", "=", meetingId)
      .forUpdate()
      .executeTakeFirst();
    if (current?.content_hash === hash) return false;
    for (const table of [
      "board_cards",
      "board_clusters",
      "board_objective_clusters",
      "board_objectives",
      "board_actions",
      "board_indicators",
    ] as const) {
      await tx.deleteFrom(table).where("meeting_id", "=", meetingId).execute();
    }
    await insertChunked(snapshot.clusters, (chunk) =>
      tx
        .insertInto("board_clusters")
        .values(chunk.map((c) => ({ meeting_id: meetingId, id: c.id, label: c.label })))
        .execute(),
    );
    await insertChunked(snapshot.cards, (chunk) =>
      tx
        .insertInto("board_cards")
        .values(
          chunk.map((c) => ({
            meeting_id: meetingId,
            id: c.id,
            text: c.text,
            cluster_id: c.clusterId,
            author_label: c.authorLabel,
            group_label: c.group,
            created_at: c.createdAt,
            in_person: c.inPerson,
            sort_order: c.order,
          })),
        )
        .execute(),
    );
    await insertChunked(snapshot.objectives, (chunk) =>
      tx
        .insertInto("board_objectives")
        .values(
          chunk.map((o) => ({
            meeting_id: meetingId,
            id: o.id,
            title: o.title,
            description: o.description,
            policy_area: o.policyArea,
            sort_order: o.order,
          })),
        )
        .execute(),
    );
    const links = snapshot.objectives.flatMap((o) =>
      o.clusterIds.map((clusterId, position) => ({
        meeting_id: meetingId,
        objective_id: o.id,
        cluster_id: clusterId,
        position,
      })),
    );
    await insertChunked(links, (chunk) =>
      tx.insertInto("board_objective_clusters").values(chunk).execute(),
    );
    await insertChunked(snapshot.actions, (chunk) =>
      tx
        .insertInto("board_actions")
        .values(
          chunk.map((a) => ({
            meeting_id: meetingId,
            id: a.id,
            objective_id: a.objectiveId,
            title: a.title,
            description: a.description,
            target_group: a.targetGroup,
            places: JSON.stringify(a.places),
            responsible_organization_id: a.responsibleOrganizationId,
            partner_organization_ids: JSON.stringify(a.partnerOrganizationIds),
            resources: JSON.stringify(a.resources),
            timeline: JSON.stringify({
              start: a.timeline.start,
              end: a.timeline.end,
              milestones: a.timeline.milestones.map((m) => ({
                id: m.id,
                label: m.label,
                date: m.date,
              })),
            }),
            sort_order: a.order,
          })),
        )
        .execute(),
    );
    const indicators = snapshot.actions.flatMap((a) =>
      a.indicators.map((i) => ({
        meeting_id: meetingId,
        action_id: a.id,
        id: i.id,
        kind: i.kind,
        measure: i.measure,
        baseline: i.baseline,
        target: i.target,
        sort_order: i.order,
      })),
    );
    await insertChunked(indicators, (chunk) =>
      tx.insertInto("board_indicators").values(chunk).execute(),
    );
    await tx
      .insertInto("board_projections")
      .values({ meeting_id: meetingId, content_hash: hash })
      .onConflict((oc) =>
        oc.column("meeting_id").doUpdateSet({ content_hash: hash, projected_at: new Date() }),
      )
      .execute();
    return true;
  });
}

/**
 * Debounces projections per meeting: a burst of edits costs one projection after it settles,
 * and at most one runs per meeting at a time. `flush()` runs what is pending now (shutdown, tests);
 * `settle(meetingId)` does so for one meeting, so that a read right after a write sees it.
 */
export function createBoardProjector(db: Db, options: { debounceMs?: number } = {}) {
  const debounceMs = options.debounceMs ?? 300;
  const store = createDocumentStore(db);
  const pending = new Map<string, { doc: Y.Doc; timer: NodeJS.Timeout }>();
  const running = new Map<string, Promise<void>>();

  /** Runs `task` after whatever this meeting's queue holds; failures are logged, not thrown. */
  async function enqueue(meetingId: string, task: () => Promise<unknown>): Promise<void> {
    const previous = running.get(meetingId) ?? Promise.resolve();
    const next = previous.then(task).then(
      () => undefined,
      (error: unknown) => log.error("projection failed", { meetingId, error: String(error) }),
    );
    running.set(meetingId, next);
    await next;
    if (running.get(meetingId) === next) running.delete(meetingId);
  }

  const run = (meetingId: string, doc: Y.Doc) =>
    enqueue(meetingId, () => projectBoard(db, meetingId, readBoard(doc)));

  function takePending(meetingId: string): Y.Doc | null {
    const existing = pending.get(meetingId);
    if (!existing) return null;
    clearTimeout(existing.timer);
    pending.delete(meetingId);
    return existing.doc;
  }

  /** A board never projected (or whose projection a migration forgot) is read from storage. */
  async function catchUp(meetingId: string): Promise<void> {
    const projected = await db
      .selectFrom("board_projections")
      .select("meeting_id")
      .where("meeting_id", "=", meetingId)
      .executeTakeFirst();
    if (projected) return;
    const doc = new Y.Doc();
    try {
      const stored = await store.load(boardDocName(meetingId));
      for (const update of stored.updates) Y.applyUpdate(doc, update);
      await projectBoard(db, meetingId, readBoard(doc));
    } finally {
      doc.destroy();
    }
  }

  return {
    schedule(meetingId: string, doc: Y.Doc): void {
      const existing = pending.get(meetingId);
      if (existing) clearTimeout(existing.timer);
      const timer = setTimeout(() => {
        pending.delete(meetingId);
        void run(meetingId, doc);
      }, debounceMs);
      timer.unref();
      pending.set(meetingId, { doc, timer });
    },

    /** Projects now, bypassing the debounce: used to rebuild the read models from a document. */
    rebuild(meetingId: string, doc: Y.Doc): Promise<void> {
      takePending(meetingId);
      return run(meetingId, doc);
    },

    /**
     * Makes the meeting's read models current before a read: its pending projection runs now (or
     * the one running ends), and a board with no projection yet is projected from storage.
     */
    async settle(meetingId: string): Promise<void> {
      const doc = takePending(meetingId);
      if (doc) await run(meetingId, doc);
      await enqueue(meetingId, () => catchUp(meetingId));
    },

    async flush(): Promise<void> {
      const due = [...pending.entries()];
      pending.clear();
      for (const [, { timer }] of due) clearTimeout(timer);
      await Promise.all([...due.map(([id, { doc }]) => run(id, doc)), ...running.values()]);
    },
  };
}

export type BoardProjector = ReturnType<typeof createBoardProjector>;
