// A pact's history (issue 6): edits from the live editor gathered in memory and written every few
// seconds as sessions (never a row per keystroke); imports and restores written at once; read back
// newest first, merged with the versions.
import type { Db } from "../../db/create-db";
import type { PactSectionSpec } from "../../core/pact/templates";
import {
  continues,
  joinRuns,
  newestFirst,
  pageCutoff,
  runKey,
  sectionKeyOfRoot,
  sessionWrite,
  type EditAuthor,
  type EditRun,
  type EditSource,
} from "../../core/pact/history";
import { logger } from "../logger";

const log = logger("pact-history");

/** How long edits from the live editor wait in memory before they are written. */
export const EDIT_FLUSH_MS = 5_000;

const PACT_DOC = /^pact:([0-9a-f-]{36})$/;

/** Someone in the history: a name, never an email; `id` null for a guest without an account. */
export interface HistoryPerson {
  id: string | null;
  name: string;
}

export type PactHistoryEntry =
  | {
      kind: "edit";
      source: EditSource;
      by: HistoryPerson | null;
      section: { key: string; title: string };
      from: Date;
      to: Date;
      updates: number;
      /** When it is placed in the history: its end. */
      at: Date;
    }
  | {
      kind: "version" | "restore";
      by: HistoryPerson | null;
      at: Date;
      versionId: string;
      number: number;
      label: string;
      hash: string;
      restoredFrom: number | null;
    };

export interface PactHistoryPage {
  entries: PactHistoryEntry[];
  /** The `before` of the next page; null on the last. */
  nextBefore: Date | null;
}

export interface HistoryFilter {
  before?: Date;
  limit: number;
  section?: string;
  person?: string;
}

/**
 * Edits waiting to be written, one open run per pact, person, section and source: an edit that
 * continues its key's run extends it; one that does not closes it and opens its own.
 */
export class EditBuffer {
  private readonly open = new Map<string, EditRun>();
  private closed: EditRun[] = [];

  add(edit: EditRun) {
    const key = runKey(edit);
    const run = this.open.get(key);
    if (run && continues(run, edit)) {
      this.open.set(key, joinRuns(run, edit));
      return;
    }
    if (run) this.closed.push(run);
    this.open.set(key, edit);
  }

  get size() {
    return this.open.size + this.closed.length;
  }

  /** Everything waiting, emptied. */
  take(): EditRun[] {
    const runs = [...this.closed, ...this.open.values()];
    this.closed = [];
    this.open.clear();
    return runs;
  }
}

type PactForHistory = { id: string; sections: PactSectionSpec[] };

export function createPactHistory(db: Db, clock: () => Date, flushMs = EDIT_FLUSH_MS) {
  const buffer = new EditBuffer();
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();

  function schedule() {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      void flush();
    }, flushMs);
    timer.unref();
  }

  /** Writes what waits, after any write still running; never rejects (a failure is logged). */
  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    const runs = buffer.take();
    if (runs.length === 0) return writing;
    writing = writing.then(() => writeRuns(runs));
    return writing;
  }

  /** Runs whose section the pact has (a client may make roots of any name), then each written. */
  async function writeRuns(runs: EditRun[]) {
    try {
      const ids = [...new Set(runs.map((r) => r.pactId))];
      const pacts = await db
        .selectFrom("pacts")
        .select(["id", "sections"])
        .where("id", "in", ids)
        .execute();
      const keys = new Map(pacts.map((p) => [p.id, new Set(p.sections.map((s) => s.key))]));
      for (const run of runs) {
        if (!keys.get(run.pactId)?.has(run.sectionKey)) continue;
        await writeRun(run);
      }
    } catch (error) {
      // The history is a record, not the document: what fails to be written is let go.
      log.error("could not record pact edits", { runs: runs.length, error: String(error) });
    }
  }

  async function writeRun(run: EditRun) {
    if (run.source === "editor") {
      const last = await db
        .selectFrom("pact_edits")
        .select(["id", "started_at", "ended_at", "updates"])
        .where("pact_id", "=", run.pactId)
        .where("section_key", "=", run.sectionKey)
        .where("source", "=", "editor")
        .where((eb) =>
          run.author.userId
            ? eb("user_id", "=", run.author.userId)
            : eb.and([
                eb("user_id", "is", null),
                run.author.name === null
                  ? eb("author_name", "is", null)
                  : eb("author_name", "=", run.author.name),
              ]),
        )
        .orderBy("ended_at", "desc")
        .limit(1)
        .executeTakeFirst();
      const write = sessionWrite(
        last
          ? {
              id: last.id,
              startedAt: last.started_at,
              endedAt: last.ended_at,
              updates: last.updates,
            }
          : null,
        run,
      );
      if (write.kind === "extend") {
        await db
          .updateTable("pact_edits")
          .set({ started_at: write.startedAt, ended_at: write.endedAt, updates: write.updates })
          .where("id", "=", write.id)
          .execute();
        return;
      }
    }
    await db
      .insertInto("pact_edits")
      .values({
        pact_id: run.pactId,
        user_id: run.author.userId,
        author_name: run.author.name,
        section_key: run.sectionKey,
        source: run.source,
        started_at: run.from,
        ended_at: run.to,
        updates: run.updates,
      })
      .execute();
  }

  function person(id: string | null, userName: string | null, authorName: string | null) {
    if (id && userName !== null) return { id, name: userName };
    return authorName !== null ? { id: null, name: authorName } : null;
  }

  function editsQuery(pactId: string, filter: HistoryFilter) {
    let query = db
      .selectFrom("pact_edits as e")
      .leftJoin("users as u", "u.id", "e.user_id")
      .select([
        "e.id",
        "e.user_id",
        "e.author_name",
        "u.name as user_name",
        "e.section_key",
        "e.source",
        "e.started_at",
        "e.ended_at",
        "e.updates",
      ])
      .where("e.pact_id", "=", pactId);
    if (filter.section) query = query.where("e.section_key", "=", filter.section);
    if (filter.person) query = query.where("e.user_id", "=", filter.person);
    return query;
  }

  function versionsQuery(pactId: string, filter: HistoryFilter) {
    let query = db
      .selectFrom("pact_versions as v")
      .leftJoin("users as u", "u.id", "v.created_by")
      .leftJoin("pact_versions as r", "r.id", "v.restored_from")
      .select([
        "v.id",
        "v.number",
        "v.label",
        "v.hash",
        "v.created_at",
        "v.created_by",
        "u.name as user_name",
        "r.number as restored_number",
      ])
      .where("v.pact_id", "=", pactId);
    if (filter.person) query = query.where("v.created_by", "=", filter.person);
    return query;
  }

  /** The entries in [from, to): both lists, each newest first (at most `limit` of each when given). */
  async function entriesBetween(
    pact: PactForHistory,
    filter: HistoryFilter,
    range: { from?: Date; to?: Date },
    limit?: number,
  ): Promise<PactHistoryEntry[]> {
    let edits = editsQuery(pact.id, filter).orderBy("e.ended_at", "desc").orderBy("e.id");
    if (range.from) edits = edits.where("e.ended_at", ">=", range.from);
    if (range.to) edits = edits.where("e.ended_at", "<", range.to);
    if (limit !== undefined) edits = edits.limit(limit);
    // A section's history is its edits: versions are of the whole pact.
    const withVersions = !filter.section;
    let versions = versionsQuery(pact.id, filter).orderBy("v.created_at", "desc").orderBy("v.id");
    if (range.from) versions = versions.where("v.created_at", ">=", range.from);
    if (range.to) versions = versions.where("v.created_at", "<", range.to);
    if (limit !== undefined) versions = versions.limit(limit);
    const [editRows, versionRows] = await Promise.all([
      edits.execute(),
      withVersions ? versions.execute() : Promise.resolve([]),
    ]);
    const titles = new Map(pact.sections.map((s) => [s.key, s.title]));
    const editEntries: PactHistoryEntry[] = editRows.map((row) => ({
      kind: "edit",
      source: row.source,
      by: person(row.user_id, row.user_name, row.author_name),
      section: { key: row.section_key, title: titles.get(row.section_key) ?? row.section_key },
      from: row.started_at,
      to: row.ended_at,
      updates: row.updates,
      at: row.ended_at,
    }));
    const versionEntries: PactHistoryEntry[] = versionRows.map((row) => ({
      kind: row.restored_number === null ? "version" : "restore",
      by: person(row.created_by, row.user_name, null),
      at: row.created_at,
      versionId: row.id,
      number: row.number,
      label: row.label,
      hash: row.hash,
      restoredFrom: row.restored_number,
    }));
    // At one instant a version goes first: it freezes what was written just before it.
    return newestFirst(versionEntries, editEntries);
  }

  return {
    /** An update from the live editor: the sections among the roots it changed, for its pact. */
    recordEditorEdit(edit: { docName: string; author: EditAuthor; roots: string[]; at: Date }) {
      const pactId = PACT_DOC.exec(edit.docName)?.[1];
      if (!pactId) return;
      for (const root of edit.roots) {
        const sectionKey = sectionKeyOfRoot(root);
        if (sectionKey === null) continue;
        buffer.add({
          pactId,
          author: edit.author,
          sectionKey,
          source: "editor",
          from: edit.at,
          to: edit.at,
          updates: 1,
        });
      }
      if (buffer.size > 0) schedule();
    },

    /** A write through the API (an import or a restore), recorded at once. */
    async recordWrite(
      author: EditAuthor,
      pactId: string,
      sectionKeys: string[],
      source: Exclude<EditSource, "editor">,
    ) {
      const at = clock();
      const runs = [...new Set(sectionKeys)].map((sectionKey) => ({
        pactId,
        author,
        sectionKey,
        source,
        from: at,
        to: at,
        updates: 1,
      }));
      writing = writing.then(() => writeRuns(runs));
      await writing;
    },

    /** Writes every edit waiting in memory (before a read, and at shutdown). */
    flush,

    /** A page of the pact's history, newest first. */
    async page(pact: PactForHistory, filter: HistoryFilter): Promise<PactHistoryPage> {
      await flush();
      const sorted = await entriesBetween(pact, filter, { to: filter.before }, filter.limit + 1);
      const cutoff = pageCutoff(sorted, filter.limit);
      if (!cutoff) return { entries: sorted, nextBefore: null };
      // Every entry of the cutoff's millisecond (the database keeps microseconds), then the rest.
      const nextMs = new Date(cutoff.getTime() + 1);
      const tied = await entriesBetween(pact, filter, {
        from: cutoff,
        to: filter.before && filter.before < nextMs ? filter.before : nextMs,
      });
      const newer = sorted.filter((entry) => entry.at >= nextMs);
      return { entries: [...newer, ...tied], nextBefore: cutoff };
    },

    /** Everyone the pact's history names, by name (for a filter). */
    async people(pactId: string): Promise<HistoryPerson[]> {
      await flush();
      const rows = await db
        .selectFrom("pact_edits as e")
        .innerJoin("users as u", "u.id", "e.user_id")
        .select(["u.id", "u.name"])
        .where("e.pact_id", "=", pactId)
        .union(
          db
            .selectFrom("pact_versions as v")
            .innerJoin("users as u", "u.id", "v.created_by")
            .select(["u.id", "u.name"])
            .where("v.pact_id", "=", pactId),
        )
        .execute();
      return rows
        .map((r) => ({ id: r.id, name: r.name }))
        .sort((a, b) => a.name.localeCompare(b.name, "it") || a.id.localeCompare(b.id));
    },
  };
}

export type PactHistory = ReturnType<typeof createPactHistory>;
