// Pacts (issue 6): made from a template, written in their Yjs document (one fragment per section),
// read and imported as Markdown through the API, and frozen into named versions with a hash.
import * as Y from "yjs";
import type { JSONContent } from "@tiptap/core";
import { sql } from "kysely";
import type { Db } from "../../db/create-db";
import type { PactVersionSection } from "../../db/schema";
import { AppError } from "../../core/errors";
import { can } from "../../core/permissions";
import {
  parseInput,
  pactInput,
  pactSectionInput,
  pactTemplateCreateInput,
  pactVersionInput,
} from "../../core/schemas";
import { pactDocName } from "../../core/pact/extensions";
import type { LiveBlockResolver } from "../../core/pact/live-block";
import {
  BUILT_IN_TEMPLATES,
  builtInTemplate,
  type PactSectionSpec,
  type PactTemplate,
} from "../../core/pact/templates";
import { markdownToSection, sectionToMarkdown } from "../../core/pact/markdown";
import { importOffice, matchSections, type OfficeKind } from "../../core/pact/office-import";
import { readSection, writeSection } from "../../core/pact/section-doc";
import { countCharacters, limitState, type LimitState } from "../../core/pact/counting";
import { pactHash } from "../../core/pact/canonical";
import type { ExportObjective } from "../../core/export/model";
import { diffPact } from "../../core/pact/diff";
import { createDocumentStore } from "../yjs/persistence";
import type { Actor } from "./accounts";
import type { PactLiveBlocks } from "./pact-live-blocks";
import { assertId, authorize, standingIn } from "./access";
import { recordAudit } from "./audit";
import { HISTORY_DEFAULT_LIMIT, pactHistoryQuery, type EditAuthor } from "../../core/pact/history";
import { createPactHistory, type HistoryPerson, type PactHistoryPage } from "./pact-history";

/**
 * How the service reads and changes a pact's Yjs document. Alone (the CLI, a seed) it works on
 * the stored log; the /yjs endpoint puts its rooms in place, so that a change reaches open editors.
 */
export interface PactDocuments {
  /** Calls `read` with the document as it stands now; `read` must not change it. */
  read<T>(docName: string, read: (doc: Y.Doc) => T): Promise<T>;
  /** Lets `change` edit the document; resolves once the change is stored. */
  change(docName: string, change: (doc: Y.Doc) => void): Promise<void>;
}

/** The stored log as the document: read by replaying it, changed by appending one update. */
export function storedPactDocuments(db: Db): PactDocuments {
  const store = createDocumentStore(db);
  async function load(docName: string) {
    const doc = new Y.Doc({ gc: true });
    for (const update of (await store.load(docName)).updates) Y.applyUpdate(doc, update);
    return doc;
  }
  return {
    async read(docName, read) {
      const doc = await load(docName);
      try {
        return read(doc);
      } finally {
        doc.destroy();
      }
    },
    async change(docName, change) {
      const doc = await load(docName);
      try {
        const before = Y.encodeStateVector(doc);
        change(doc);
        await store.append([{ docName, update: Y.encodeStateAsUpdate(doc, before) }]);
      } finally {
        doc.destroy();
      }
    },
  };
}

export interface PactSectionView extends PactSectionSpec {
  /** The text as it stands before pending suggestions. */
  markdown: string;
  /** Characters as a regional form counts them (pending insertions included). */
  characters: number;
  limitState: LimitState;
}

export interface PactSummary {
  id: string;
  roundtableId: string;
  title: string;
  /** The key of the template it was made from; null for a pact made before templates. */
  template: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface PactView extends PactSummary {
  sections: PactSectionView[];
}

export interface PactTemplateView extends PactTemplate {
  scope: "built_in" | "instance" | "roundtable";
  roundtableId: string | null;
}

/** Which version a page shows, above its text or its signatures: number, label, hash, agreement. */
export interface VersionHeading {
  id: string;
  number: number;
  label: string;
  hash: string;
  agreedAt: Date | null;
}

export function versionHeading(row: {
  id: string;
  number: number;
  label: string;
  hash: string;
  agreed_at: Date | null;
}): VersionHeading {
  return {
    id: row.id,
    number: row.number,
    label: row.label,
    hash: row.hash,
    agreedAt: row.agreed_at,
  };
}

export interface PactVersionSummary {
  id: string;
  pactId: string;
  number: number;
  label: string;
  hash: string;
  createdAt: Date;
  /** A display name, never an email; null once the account is gone. */
  createdBy: { id: string; name: string } | null;
  restoredFrom: { id: string; number: number } | null;
  /** When a motion on it passed; null: not agreed. */
  agreedAt: Date | null;
}

export interface PactVersionView extends PactVersionSummary {
  sections: PactVersionSection[];
}

/** Where an imported file's sections went. */
export interface PactImportView {
  /** The file's sections in order: its heading ("" before the first) and the section it went to. */
  placements: { title: string; section: string | null }[];
  pact: PactView;
}

export type PactDiffView = {
  from: PactVersionSummary;
  to: PactVersionSummary;
  sections: ReturnType<typeof diffPact>;
};

/** The label of the version a restore makes (stored, so in the tavolo's language: Italian). */
export const restoredLabel = (number: number) => `Ripristino della versione ${number}`;

const notFound = () => new AppError("not_found", "error.not_found");

/** A document change the /yjs rooms refused because the document would grow past its limit. */
export function tooLargeAsAppError(error: unknown): never {
  const refused = error as { name?: string; reason?: string };
  if (refused?.name === "DocumentChangeRefused" && refused.reason === "too_large") {
    throw new AppError("too_large", "error.too_large");
  }
  throw error;
}

export function createPacts(db: Db, clock: () => Date) {
  let documents: PactDocuments = storedPactDocuments(db);
  /** Reads live blocks' meetings; until one is put in place, every block reads as unreadable. */
  let liveBlockSource: Pick<PactLiveBlocks, "resolverFor" | "objectivesFor"> | null = null;
  const history = createPactHistory(db, clock);
  const authorOf = (actor: Actor): EditAuthor => ({ userId: actor.userId, name: actor.name });

  async function findPact(pactId: string) {
    const pact = await db
      .selectFrom("pacts")
      .selectAll()
      .where("id", "=", assertId(pactId))
      .executeTakeFirst();
    if (!pact) throw notFound();
    return pact;
  }
  type PactRow = Awaited<ReturnType<typeof findPact>>;

  /** A pact, if the actor's standing in its tavolo allows `action` (outsiders get not_found). */
  async function authorizedPact(actor: Actor, pactId: string, action: Parameters<typeof can>[1]) {
    const pact = await findPact(pactId);
    await authorize(db, actor, pact.roundtable_id, action);
    return pact;
  }

  /** When the document last changed: the latest of an API write and the stored log. */
  async function lastChanged(pacts: PactRow[]): Promise<Map<string, Date>> {
    const changed = new Map(pacts.map((p) => [p.id, p.updated_at]));
    if (pacts.length === 0) return changed;
    const names = pacts.map((p) => pactDocName(p.id));
    const rows = await db
      .selectFrom("yjs_updates")
      .select(["doc_name", sql<Date>`max(created_at)`.as("at")])
      .where("doc_name", "in", names)
      .groupBy("doc_name")
      .union(
        db
          .selectFrom("yjs_snapshots")
          .select(["doc_name", "updated_at as at"])
          .where("doc_name", "in", names),
      )
      .execute();
    for (const row of rows) {
      const id = row.doc_name.slice("pact:".length);
      const at = new Date(row.at);
      if (at > (changed.get(id) ?? at)) changed.set(id, at);
    }
    return changed;
  }

  function summary(pact: PactRow, updatedAt: Date): PactSummary {
    return {
      id: pact.id,
      roundtableId: pact.roundtable_id,
      title: pact.title,
      template: pact.template_key,
      createdAt: pact.created_at,
      updatedAt,
    };
  }

  function sectionView(
    spec: PactSectionSpec,
    json: JSONContent,
    liveBlocks: LiveBlockResolver,
  ): PactSectionView {
    const characters = countCharacters(json, { liveBlocks });
    return {
      ...spec,
      markdown: sectionToMarkdown(json, { liveBlocks }),
      characters,
      limitState: limitState(characters, spec.limit),
    };
  }

  /**
   * Sections' documents as they stand (all, or those of `keys`), with their live blocks' data read
   * as `actor` may read it: the tables of objectives and actions are the board's as of now.
   */
  async function readSections(actor: Actor, pact: PactRow, keys?: readonly string[]) {
    const specs = keys ? pact.sections.filter((s) => keys.includes(s.key)) : pact.sections;
    const sections = await documents.read(pactDocName(pact.id), (doc) =>
      specs.map((spec) => readSection(doc, spec.key)),
    );
    const liveBlocks: LiveBlockResolver = liveBlockSource
      ? await liveBlockSource.resolverFor(actor, pact.roundtable_id, sections)
      : () => null;
    return { specs, sections, liveBlocks };
  }

  async function view(actor: Actor, pact: PactRow): Promise<PactView> {
    const { specs, sections: docs, liveBlocks } = await readSections(actor, pact);
    const sections = specs.map((spec, i) => sectionView(spec, docs[i]!, liveBlocks));
    const updatedAt = (await lastChanged([pact])).get(pact.id) ?? pact.updated_at;
    return { ...summary(pact, updatedAt), sections };
  }

  /**
   * Every section's title and Markdown as they stand, in the pact's order: what a version freezes.
   * Live blocks are written as their tables as of now, so the version keeps them as they stood.
   */
  async function currentText(actor: Actor, pact: PactRow): Promise<PactVersionSection[]> {
    return (await currentState(actor, pact)).sections;
  }

  /** The text as it stands and the objectives of its live blocks: what a version keeps. */
  async function currentState(actor: Actor, pact: PactRow) {
    const { specs, sections, liveBlocks } = await readSections(actor, pact);
    const text: PactVersionSection[] = specs.map((spec, i) => ({
      key: spec.key,
      title: spec.title,
      markdown: sectionToMarkdown(sections[i]!, { liveBlocks }),
    }));
    const objectives: ExportObjective[] = liveBlockSource
      ? await liveBlockSource.objectivesFor(actor, pact.roundtable_id, sections)
      : [];
    return { sections: text, objectives };
  }

  async function touch(pactId: string) {
    await db.updateTable("pacts").set({ updated_at: clock() }).where("id", "=", pactId).execute();
  }

  /** Templates stored for the instance (and the tavolo, when given). */
  async function storedTemplates(roundtableId: string | null): Promise<PactTemplateView[]> {
    const rows = await db
      .selectFrom("pact_templates")
      .selectAll()
      .where((eb) =>
        roundtableId
          ? eb.or([eb("roundtable_id", "is", null), eb("roundtable_id", "=", roundtableId)])
          : eb("roundtable_id", "is", null),
      )
      .orderBy("created_at")
      .orderBy("key")
      .execute();
    return rows.map((row) => ({
      key: row.key,
      title: row.title,
      description: row.description,
      sections: row.sections,
      scope: row.roundtable_id ? "roundtable" : "instance",
      roundtableId: row.roundtable_id,
    }));
  }

  async function templatesFor(roundtableId: string | null): Promise<PactTemplateView[]> {
    const builtIn: PactTemplateView[] = BUILT_IN_TEMPLATES.map((t) => ({
      ...t,
      sections: t.sections.map((s) => ({ ...s })),
      scope: "built_in",
      roundtableId: null,
    }));
    return [...builtIn, ...(await storedTemplates(roundtableId))];
  }

  const versionColumns = [
    "v.id",
    "v.pact_id",
    "v.number",
    "v.label",
    "v.hash",
    "v.created_at",
    "v.created_by",
    "v.agreed_at",
    "u.name as author_name",
    "r.id as restored_id",
    "r.number as restored_number",
  ] as const;

  function versionsQuery(pactId: string) {
    return db
      .selectFrom("pact_versions as v")
      .leftJoin("users as u", "u.id", "v.created_by")
      .leftJoin("pact_versions as r", "r.id", "v.restored_from")
      .where("v.pact_id", "=", pactId);
  }

  type VersionRow = {
    id: string;
    pact_id: string;
    number: number;
    label: string;
    hash: string;
    created_at: Date;
    created_by: string | null;
    agreed_at: Date | null;
    author_name: string | null;
    restored_id: string | null;
    restored_number: number | null;
  };

  function versionSummary(row: VersionRow): PactVersionSummary {
    return {
      id: row.id,
      pactId: row.pact_id,
      number: row.number,
      label: row.label,
      hash: row.hash,
      createdAt: row.created_at,
      agreedAt: row.agreed_at,
      createdBy:
        row.created_by && row.author_name !== null
          ? { id: row.created_by, name: row.author_name }
          : null,
      restoredFrom:
        row.restored_id && row.restored_number !== null
          ? { id: row.restored_id, number: row.restored_number }
          : null,
    };
  }

  async function findVersion(pactId: string, versionId: string): Promise<PactVersionView> {
    const row = await versionsQuery(pactId)
      .select([...versionColumns, "v.sections"])
      .where("v.id", "=", assertId(versionId))
      .executeTakeFirst();
    if (!row) throw notFound();
    return { ...versionSummary(row), sections: row.sections };
  }

  /**
   * Stores a version of these sections with the next number. Two at once may pick the same
   * number: the unique (pact, number) refuses the second, which takes the next one.
   */
  async function storeVersion(
    actor: Actor,
    pact: PactRow,
    label: string,
    { sections, objectives }: { sections: PactVersionSection[]; objectives: ExportObjective[] },
    restoredFrom: string | null,
  ): Promise<PactVersionSummary> {
    const hash = pactHash(sections);
    for (let attempt = 0; ; attempt += 1) {
      const last = await db
        .selectFrom("pact_versions")
        .select(sql<number>`coalesce(max(number), 0)`.as("n"))
        .where("pact_id", "=", pact.id)
        .executeTakeFirstOrThrow();
      const inserted = await db
        .insertInto("pact_versions")
        .values({
          pact_id: pact.id,
          number: Number(last.n) + 1,
          label,
          hash,
          sections: JSON.stringify(sections),
          objectives: JSON.stringify(objectives),
          created_by: actor.userId,
          restored_from: restoredFrom,
        })
        .onConflict((oc) => oc.columns(["pact_id", "number"]).doNothing())
        .returning("id")
        .executeTakeFirst();
      if (inserted) {
        const row = await versionsQuery(pact.id)
          .select(versionColumns)
          .where("v.id", "=", inserted.id)
          .executeTakeFirstOrThrow();
        return versionSummary(row);
      }
      if (attempt >= 10) throw new AppError("conflict", "error.conflict");
    }
  }

  return {
    /** Puts in place how documents are read and changed (the /yjs endpoint's rooms). */
    useDocuments(live: PactDocuments) {
      documents = live;
    },

    /** Puts in place how live blocks read their meetings' objectives (the objectives service). */
    useLiveBlocks(source: Pick<PactLiveBlocks, "resolverFor" | "objectivesFor">) {
      liveBlockSource = source;
    },

    /** How documents are read and changed now: the comments share them. */
    documents(): PactDocuments {
      return documents;
    },

    /** An update from the live editor (the /yjs endpoint): the sections it changed, by whom. */
    recordEdit(edit: { docName: string; author: EditAuthor; roots: string[]; at: Date }) {
      history.recordEditorEdit(edit);
    },

    /** Writes the edits waiting in memory (at shutdown). */
    flushEdits(): Promise<void> {
      return history.flush();
    },

    /**
     * Who changed what, newest first: sessions of edits per person and section (live editor,
     * imports, restores) and the versions made or restored; by name, never by email. Pages go
     * back in time with `before`.
     */
    async history(actor: Actor, pactId: string, input: unknown): Promise<PactHistoryPage> {
      const pact = await authorizedPact(actor, pactId, "pact.view");
      const query = parseInput(pactHistoryQuery, input);
      if (query.section !== undefined && !pact.sections.some((s) => s.key === query.section)) {
        throw new AppError("invalid", "error.invalid", { section: "validation.choice" });
      }
      return history.page(pact, {
        before: query.before ? new Date(query.before) : undefined,
        limit: query.limit ?? HISTORY_DEFAULT_LIMIT,
        section: query.section,
        person: query.person?.toLowerCase(),
      });
    },

    /** Everyone the pact's history names (for a filter by person), by name. */
    async historyPeople(actor: Actor, pactId: string): Promise<HistoryPerson[]> {
      const pact = await authorizedPact(actor, pactId, "pact.view");
      return history.people(pact.id);
    },

    /** The built-in templates and the instance's; with a tavolo, its own too. */
    async listTemplates(actor: Actor, roundtableId?: string): Promise<PactTemplateView[]> {
      if (roundtableId === undefined) return templatesFor(null);
      await authorize(db, actor, roundtableId, "pact.view");
      return templatesFor(assertId(roundtableId));
    },

    /** A tavolo's own template, from its sections or copied from one of its pacts. */
    async createTemplate(
      actor: Actor,
      roundtableId: string,
      input: unknown,
    ): Promise<PactTemplateView> {
      await authorize(db, actor, roundtableId, "template.create");
      const id = assertId(roundtableId);
      const parsed = parseInput(pactTemplateCreateInput, input);
      let sections: PactSectionSpec[];
      if (parsed.fromPactId) {
        const pact = await db
          .selectFrom("pacts")
          .select("sections")
          .where("id", "=", parsed.fromPactId.toLowerCase())
          .where("roundtable_id", "=", id)
          .executeTakeFirst();
        if (!pact)
          throw new AppError("invalid", "error.invalid", { fromPactId: "validation.choice" });
        sections = pact.sections;
      } else {
        sections = parsed.sections!;
      }
      const taken =
        builtInTemplate(parsed.key) !== null ||
        (await storedTemplates(id)).some((t) => t.key === parsed.key);
      if (taken) {
        throw new AppError("conflict", "error.conflict", { key: "validation.template_key_taken" });
      }
      const row = await db
        .insertInto("pact_templates")
        .values({
          roundtable_id: id,
          key: parsed.key,
          title: parsed.title,
          description: parsed.description,
          sections: JSON.stringify(sections),
          created_by: actor.userId,
        })
        .onConflict((oc) => oc.columns(["roundtable_id", "key"]).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) {
        throw new AppError("conflict", "error.conflict", { key: "validation.template_key_taken" });
      }
      await recordAudit(db, {
        action: "pact_template.created",
        actorUserId: actor.userId,
        roundtableId: id,
        subjectId: row.id,
        detail: { key: row.key, fromPactId: parsed.fromPactId ?? null },
      });
      return {
        key: row.key,
        title: row.title,
        description: row.description,
        sections: row.sections,
        scope: "roundtable",
        roundtableId: id,
      };
    },

    /** A new pact with the sections of a template (the tavolo's own, the instance's or built in). */
    async create(actor: Actor, roundtableId: string, input: unknown): Promise<PactView> {
      await authorize(db, actor, roundtableId, "pact.create");
      const id = assertId(roundtableId);
      const { title, template } = parseInput(pactInput, input);
      // A tavolo's own template first: its key cannot shadow a built-in one (createTemplate).
      const chosen = (await templatesFor(id)).find((t) => t.key === template);
      if (!chosen) {
        throw new AppError("invalid", "error.invalid", { template: "validation.template_unknown" });
      }
      const pact = await db
        .insertInto("pacts")
        .values({
          roundtable_id: id,
          title,
          template_key: chosen.key,
          sections: JSON.stringify(chosen.sections),
          created_by: actor.userId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(db, {
        action: "pact.created",
        actorUserId: actor.userId,
        roundtableId: id,
        subjectId: pact.id,
        detail: { title, template: chosen.key },
      });
      // A new pact's document is empty: nothing to read.
      const sections = pact.sections.map((spec) => ({
        ...spec,
        markdown: "",
        characters: 0,
        limitState: limitState(0, spec.limit),
      }));
      return { ...summary(pact, pact.updated_at), sections };
    },

    /** The pacts of a tavolo, newest first. */
    async list(actor: Actor, roundtableId: string): Promise<PactSummary[]> {
      await authorize(db, actor, roundtableId, "pact.view");
      const pacts = await db
        .selectFrom("pacts")
        .selectAll()
        .where("roundtable_id", "=", assertId(roundtableId))
        .orderBy("created_at", "desc")
        .orderBy("id")
        .execute();
      const changed = await lastChanged(pacts);
      return pacts.map((p) => summary(p, changed.get(p.id) ?? p.updated_at));
    },

    /** A pact with every section as Markdown, its character count and its state against its limit. */
    async get(actor: Actor, pactId: string): Promise<PactView> {
      return view(actor, await authorizedPact(actor, pactId, "pact.view"));
    },

    /** Whether the actor may edit this pact (for pages deciding between editor and reader). */
    async canEdit(actor: Actor, pactId: string): Promise<boolean> {
      const pact = await authorizedPact(actor, pactId, "pact.view");
      return can(await standingIn(db, actor, pact.roundtable_id), "pact.edit");
    },

    /**
     * Replaces a section's content with Markdown (the import of existing text): written into the
     * pact's document, so open editors see it at once. Returns the section as it now stands.
     */
    async putSection(
      actor: Actor,
      pactId: string,
      sectionKey: string,
      input: unknown,
    ): Promise<PactSectionView> {
      const pact = await authorizedPact(actor, pactId, "pact.edit");
      const spec = pact.sections.find((s) => s.key === sectionKey);
      if (!spec) throw notFound();
      const { markdown } = parseInput(pactSectionInput, input);
      const content = markdownToSection(markdown);
      const docName = pactDocName(pact.id);
      await documents
        .change(docName, (doc) => writeSection(doc, spec.key, content))
        .catch(tooLargeAsAppError);
      await touch(pact.id);
      await history.recordWrite(authorOf(actor), pact.id, [spec.key], "import");
      const read = await readSections(actor, pact, [spec.key]);
      const section = sectionView(spec, read.sections[0]!, read.liveBlocks);
      await recordAudit(db, {
        action: "pact.section_imported",
        actorUserId: actor.userId,
        roundtableId: pact.roundtable_id,
        subjectId: pact.id,
        detail: { section: spec.key, characters: section.characters },
      });
      return section;
    },

    /**
     * Imports a Word (DOCX) or LibreOffice (ODT) file: with a section key, the whole file goes
     * into that section; without, the file's sections (split at its top headings) go into the
     * pact's sections of the same title, the rest in order. Written in one change, so open editors
     * see it at once; a malformed file is refused before anything changes.
     */
    async importFile(
      actor: Actor,
      pactId: string,
      file: { bytes: Uint8Array; kind: OfficeKind; sectionKey?: string },
    ): Promise<PactImportView> {
      const pact = await authorizedPact(actor, pactId, "pact.edit");
      const target =
        file.sectionKey === undefined
          ? null
          : (pact.sections.find((s) => s.key === file.sectionKey) ?? null);
      if (file.sectionKey !== undefined && !target) throw notFound();
      const imported = importOffice(file.bytes, file.kind);
      const writes = target
        ? [{ title: "", section: target.key, content: imported.blocks }]
        : (() => {
            const keys = matchSections(
              imported.sections.map((s) => s.title),
              pact.sections,
            );
            return imported.sections.map((s, i) => ({
              title: s.title,
              section: keys[i] ?? null,
              content: s.content,
            }));
          })();
      if (writes.every((w) => sectionToMarkdown(w.content) === "")) {
        throw new AppError("invalid", "error.office_empty");
      }
      await documents
        .change(pactDocName(pact.id), (doc) =>
          doc.transact(() => {
            for (const w of writes) if (w.section) writeSection(doc, w.section, w.content);
          }),
        )
        .catch(tooLargeAsAppError);
      await touch(pact.id);
      const written = writes.flatMap((w) => (w.section ? [w.section] : []));
      await history.recordWrite(authorOf(actor), pact.id, written, "import");
      const placements = writes.map(({ title, section }) => ({ title, section }));
      await recordAudit(db, {
        action: "pact.section_imported",
        actorUserId: actor.userId,
        roundtableId: pact.roundtable_id,
        subjectId: pact.id,
        detail: { format: file.kind, bytes: file.bytes.length, placements },
      });
      return { placements, pact: await view(actor, pact) };
    },

    /** Freezes the text as it stands into a named version with its hash. */
    async createVersion(actor: Actor, pactId: string, input: unknown): Promise<PactVersionSummary> {
      const pact = await authorizedPact(actor, pactId, "pact.version");
      const { label } = parseInput(pactVersionInput, input);
      const version = await storeVersion(actor, pact, label, await currentState(actor, pact), null);
      await recordAudit(db, {
        action: "pact.version_created",
        actorUserId: actor.userId,
        roundtableId: pact.roundtable_id,
        subjectId: pact.id,
        detail: { versionId: version.id, number: version.number, hash: version.hash },
      });
      return version;
    },

    /**
     * The text as it stands, with the objectives of its live blocks and the hash it would have as a
     * version: what an export of the working draft prints.
     */
    async workingCopy(actor: Actor, pactId: string) {
      const pact = await authorizedPact(actor, pactId, "pact.view");
      const state = await currentState(actor, pact);
      return { ...state, hash: pactHash(state.sections) };
    },

    /** The versions, newest first: who froze what, when. */
    async listVersions(actor: Actor, pactId: string): Promise<PactVersionSummary[]> {
      const pact = await authorizedPact(actor, pactId, "pact.view");
      const rows = await versionsQuery(pact.id)
        .select(versionColumns)
        .orderBy("v.number", "desc")
        .execute();
      return rows.map(versionSummary);
    },

    async getVersion(actor: Actor, pactId: string, versionId: string): Promise<PactVersionView> {
      const pact = await authorizedPact(actor, pactId, "pact.view");
      return findVersion(pact.id, versionId);
    },

    /** Two versions compared section by section, word by word. */
    async diff(
      actor: Actor,
      pactId: string,
      fromVersionId: string,
      toVersionId: string,
    ): Promise<PactDiffView> {
      const pact = await authorizedPact(actor, pactId, "pact.view");
      const from = await findVersion(pact.id, fromVersionId);
      const to = await findVersion(pact.id, toVersionId);
      const { sections: a, ...fromSummary } = from;
      const { sections: b, ...toSummary } = to;
      return { from: fromSummary, to: toSummary, sections: diffPact(a, b) };
    },

    /**
     * Writes an old version's text back into the document (open editors see it), then freezes the
     * result as a new version that says which one it restored.
     */
    async restoreVersion(
      actor: Actor,
      pactId: string,
      versionId: string,
    ): Promise<PactVersionSummary> {
      const pact = await authorizedPact(actor, pactId, "pact.version");
      const old = await findVersion(pact.id, versionId);
      const texts = new Map(old.sections.map((s) => [s.key, s.markdown]));
      const contents = pact.sections.map((spec) => ({
        key: spec.key,
        content: markdownToSection(texts.get(spec.key) ?? ""),
      }));
      const before = await currentText(actor, pact);
      await documents
        .change(pactDocName(pact.id), (doc) =>
          doc.transact(() => {
            for (const { key, content } of contents) writeSection(doc, key, content);
          }),
        )
        .catch(tooLargeAsAppError);
      await touch(pact.id);
      const after = await currentText(actor, pact);
      const changed = after.filter((s, i) => s.markdown !== before[i]?.markdown).map((s) => s.key);
      await history.recordWrite(authorOf(actor), pact.id, changed, "restore");
      // The restored text's live blocks are plain tables now: the objectives are the old version's.
      const { objectives } = await db
        .selectFrom("pact_versions")
        .select("objectives")
        .where("id", "=", old.id)
        .executeTakeFirstOrThrow();
      const version = await storeVersion(
        actor,
        pact,
        restoredLabel(old.number),
        { sections: after, objectives },
        old.id,
      );
      await recordAudit(db, {
        action: "pact.version_restored",
        actorUserId: actor.userId,
        roundtableId: pact.roundtable_id,
        subjectId: pact.id,
        detail: { restored: old.number, versionId: version.id, number: version.number },
      });
      return version;
    },
  };
}

export type Pacts = ReturnType<typeof createPacts>;
