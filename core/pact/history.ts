// A pact's history (issue 6, "who changed what"): edits gathered into sessions of one person in one
// section, and the query and reply of `GET /pacts/:id/history`.
import { z } from "zod";

/** Edits of one person in one section at most this far apart are one session. */
export const SESSION_GAP_MS = 10 * 60_000;
export const HISTORY_DEFAULT_LIMIT = 50;
export const HISTORY_MAX_LIMIT = 200;

/** Where an edit came from: the live editor, an import (Markdown or a file), a restored version. */
export const EDIT_SOURCES = ["editor", "import", "restore"] as const;
export type EditSource = (typeof EDIT_SOURCES)[number];

/** Whom an edit is credited to: a user, or a guest with no account (and perhaps no name). */
export interface EditAuthor {
  userId: string | null;
  name: string | null;
}

/** Edits of one person in one section of a pact, from `from` to `to`. */
export interface EditRun {
  pactId: string;
  author: EditAuthor;
  sectionKey: string;
  source: EditSource;
  from: Date;
  to: Date;
  updates: number;
}

const SECTION_ROOT = "section:";

/** The section a root type of a pact's document holds, from the root's name; null for any other. */
export function sectionKeyOfRoot(rootName: string): string | null {
  if (!rootName.startsWith(SECTION_ROOT)) return null;
  const key = rootName.slice(SECTION_ROOT.length);
  return key === "" ? null : key;
}

/** What runs that may join share: the pact, the person (by account, else by name), the section. */
export function runKey(run: Pick<EditRun, "pactId" | "author" | "sectionKey" | "source">): string {
  const who = run.author.userId ?? `guest:${run.author.name ?? ""}`;
  return JSON.stringify([run.pactId, who, run.sectionKey, run.source]);
}

/**
 * Whether `next` belongs to the session `run`: edits in the live editor, starting at most the gap
 * after the session ends (or earlier: updates from several instances may come out of order). An
 * import or a restore is an event of its own, never a session.
 */
export function continues(
  run: { source: EditSource; from: Date; to: Date },
  next: { source: EditSource; from: Date; to: Date },
  gapMs = SESSION_GAP_MS,
): boolean {
  if (run.source !== "editor" || next.source !== "editor") return false;
  return (
    next.from.getTime() - run.to.getTime() <= gapMs &&
    run.from.getTime() - next.to.getTime() <= gapMs
  );
}

/** Two runs of one session as one: the earliest start, the latest end, the updates summed. */
export function joinRuns(run: EditRun, next: Pick<EditRun, "from" | "to" | "updates">): EditRun {
  return {
    ...run,
    from: next.from < run.from ? next.from : run.from,
    to: next.to > run.to ? next.to : run.to,
    updates: run.updates + next.updates,
  };
}

/**
 * Edits waiting to be written, gathered by pact, person, section and source: each edit extends the
 * last run of its key when it continues it, else starts a new one. Returns the runs in the order
 * their keys first came.
 */
export function gatherEdits(edits: EditRun[], gapMs = SESSION_GAP_MS): EditRun[] {
  const byKey = new Map<string, EditRun[]>();
  for (const edit of edits) {
    const key = runKey(edit);
    const runs = byKey.get(key);
    if (!runs) {
      byKey.set(key, [edit]);
      continue;
    }
    const last = runs[runs.length - 1]!;
    if (continues(last, edit, gapMs)) runs[runs.length - 1] = joinRuns(last, edit);
    else runs.push(edit);
  }
  return [...byKey.values()].flat();
}

/** The latest stored session of a run's key, as the database has it. */
export interface StoredSession {
  id: string;
  startedAt: Date;
  endedAt: Date;
  updates: number;
}

/**
 * How a run waiting in memory is written: extending the latest stored session of its key when it
 * continues it (same person and section, at most the gap between), else as a new row.
 */
export function sessionWrite(
  last: StoredSession | null,
  run: EditRun,
  gapMs = SESSION_GAP_MS,
):
  | { kind: "extend"; id: string; startedAt: Date; endedAt: Date; updates: number }
  | { kind: "insert" } {
  if (!last) return { kind: "insert" };
  const stored = { source: run.source, from: last.startedAt, to: last.endedAt };
  if (!continues(stored, run, gapMs)) return { kind: "insert" };
  const joined = joinRuns({ ...run, ...stored, updates: last.updates }, run);
  return {
    kind: "extend",
    id: last.id,
    startedAt: joined.from,
    endedAt: joined.to,
    updates: joined.updates,
  };
}

/**
 * Where a page of `limit` entries ends, given more than `limit` entries sorted newest first: the
 * millisecond of its last entry (the page then takes every entry of that millisecond, and the
 * next page starts before it, so none is skipped); null when all of them fit.
 */
export function pageCutoff(sorted: { at: Date }[], limit: number): Date | null {
  if (sorted.length <= limit) return null;
  return new Date(sorted[limit - 1]!.at.getTime());
}

/** Entries of two lists sorted newest first, as one list newest first. */
export function newestFirst<T extends { at: Date }>(a: T[], b: T[]): T[] {
  return [...a, ...b].sort((x, y) => y.at.getTime() - x.at.getTime());
}

export const pactHistoryQuery = z.object({
  before: z.iso
    .datetime({ offset: true, error: "validation.datetime" })
    .optional()
    .describe("Only what happened before this instant (ISO 8601): the `nextBefore` of a page"),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, { error: "validation.history_limit" })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(1, { error: "validation.history_limit" })
        .max(HISTORY_MAX_LIMIT, { error: "validation.history_limit" }),
    )
    .optional()
    .describe(
      `At most this many entries (1–${HISTORY_MAX_LIMIT}, default ${HISTORY_DEFAULT_LIMIT})`,
    ),
  section: z
    .string()
    .trim()
    .min(1, { error: "validation.choice" })
    .max(64, { error: "validation.choice" })
    .optional()
    .describe("Only the edits of this section (versions are left out)"),
  person: z
    .uuid({ error: "validation.invalid" })
    .optional()
    .describe("Only what this user did (their id)"),
});
export type PactHistoryQuery = z.infer<typeof pactHistoryQuery>;

const historyPerson = z
  .object({
    id: z.uuid().nullable().describe("Null for a guest without an account"),
    name: z.string(),
  })
  .nullable()
  .describe("Who (a display name, never an email); null when nobody can be named");

export const pactHistoryOutput = z.object({
  entries: z
    .array(
      z.discriminatedUnion("kind", [
        z.object({
          kind: z.literal("edit"),
          source: z
            .enum(EDIT_SOURCES)
            .describe("editor: typed in the live editor; import: Markdown or a file; restore"),
          by: historyPerson,
          section: z.object({ key: z.string(), title: z.string() }),
          from: z.iso.datetime(),
          to: z.iso.datetime(),
          updates: z
            .number()
            .int()
            .describe("How many changes the session gathered (1 for an import or a restore)"),
        }),
        z.object({
          kind: z.enum(["version", "restore"]),
          by: historyPerson,
          at: z.iso.datetime(),
          versionId: z.uuid(),
          number: z.number().int(),
          label: z.string(),
          hash: z.string(),
          restoredFrom: z.number().int().nullable().describe("The number of the version restored"),
        }),
      ]),
    )
    .describe("Newest first: edits by when they ended, versions by when they were made"),
  nextBefore: z.iso
    .datetime()
    .nullable()
    .describe("Pass as `before` for the next page; null on the last page"),
});
