// Exports and publishing (issue 7): a pact version, the working draft or a meeting's minutes become
// one ExportDocument (core/export/model.ts), rendered off the event loop in any format; a secretary
// publishes an agreed version on a public page that anyone reads without logging in, with the text,
// the signatories, the downloads and how many voices from which groups shaped each objective.
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Db } from "../../db/create-db";
import type { Locale } from "../../core/domain";
import { AppError } from "../../core/errors";
import { blocksFromMarkdown } from "../../core/export/from-markdown";
import { exportLabels } from "../../core/export/labels";
import {
  EXPORT_CONTENT_TYPES,
  EXPORT_FORMATS,
  type ExportDocument,
  type ExportFormat,
  type ExportObjective,
  type ExportSignatory,
} from "../../core/export/model";
import { exportFileName } from "../../core/export/outline";
import { translate } from "../../core/i18n";
import { parseInput } from "../../core/schemas";
import type { PactVersionSection } from "../../db/schema";
import type { Actor } from "./accounts";
import { assertId, authorize } from "./access";
import { recordAudit } from "./audit";
import type { Minutes } from "./minutes";
import { versionHeading, type Pacts, type VersionHeading } from "./pacts";

/** Renders a document in a format (a worker pool in the server: server/export/). */
export interface ExportRenderer {
  render(doc: ExportDocument, format: ExportFormat): Promise<Uint8Array>;
  close(): Promise<void>;
}

export interface ExportFile {
  bytes: Uint8Array;
  contentType: string;
  fileName: string;
}

export const exportQuery = z
  .object({
    format: z.enum(EXPORT_FORMATS, { error: "validation.choice" }),
    version: z
      .string({ error: "validation.invalid" })
      .uuid({ error: "validation.invalid" })
      .optional(),
  })
  .strict();

export const publishInput = z
  .object({
    versionId: z.string({ error: "validation.required" }).uuid({ error: "validation.invalid" }),
  })
  .strict();

/** A published pact as its public page shows it: nothing about remote contributors but counts. */
export interface PublicPactView {
  pactId: string;
  title: string;
  roundtable: string;
  territory: string;
  version: VersionHeading;
  publishedAt: Date;
  sections: PactVersionSection[];
  signatories: ExportSignatory[];
  /** Each objective with how many voices from which group shaped it (groups, never people). */
  objectives: ExportObjective[];
}

const notFound = () => new AppError("not_found", "error.not_found");

/** The SHA-256 (hex) of a text: the minutes' stand-in for a version hash while they are a draft. */
const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

export function createExports(
  db: Db,
  deps: { pacts: Pacts; minutes: Minutes; renderer: ExportRenderer; clock: () => Date },
) {
  const { pacts, minutes, renderer, clock } = deps;

  async function roundtableOf(roundtableId: string) {
    return db
      .selectFrom("roundtables")
      .select(["name", "territory"])
      .where("id", "=", roundtableId)
      .executeTakeFirstOrThrow();
  }

  async function signatoriesOf(versionId: string): Promise<ExportSignatory[]> {
    const rows = await db
      .selectFrom("pact_signatures")
      .select(["organization_name", "person_name", "role", "signed_at", "version_hash"])
      .where("version_id", "=", versionId)
      .orderBy("role", "desc")
      .orderBy("signed_at")
      .execute();
    return rows.map((row) => ({
      organization: row.organization_name,
      person: row.person_name,
      role: row.role,
      signedAt: row.signed_at,
      hash: row.version_hash,
    }));
  }

  async function storedVersion(pactId: string, versionId: string) {
    const row = await db
      .selectFrom("pact_versions")
      .select([
        "id",
        "number",
        "label",
        "hash",
        "sections",
        "objectives",
        "created_at",
        "agreed_at",
      ])
      .where("pact_id", "=", pactId)
      .where("id", "=", assertId(versionId))
      .executeTakeFirst();
    if (!row) throw notFound();
    return row;
  }

  function pactDocument(
    locale: Locale,
    pact: { title: string },
    roundtable: { name: string; territory: string },
    text: {
      versionLabel: string;
      hash: string;
      date: Date;
      sections: PactVersionSection[];
      objectives: ExportObjective[];
      signatories: ExportSignatory[];
    },
  ): ExportDocument {
    return {
      kind: "pact",
      locale,
      title: pact.title,
      roundtable: roundtable.name,
      territory: roundtable.territory,
      versionLabel: text.versionLabel,
      hash: text.hash,
      date: text.date,
      sections: text.sections.map((s) => ({
        key: s.key,
        title: s.title,
        blocks: blocksFromMarkdown(s.markdown),
      })),
      objectives: text.objectives,
      signatories: text.signatories,
      labels: exportLabels(locale, "pact"),
    };
  }

  const versionLabel = (locale: Locale, v: { number: number; label: string }) =>
    translate(locale, "publishing.version_label", { number: v.number, label: v.label });

  async function render(doc: ExportDocument, format: ExportFormat, version: number | null) {
    const bytes = await renderer.render(doc, format);
    return {
      bytes,
      contentType: EXPORT_CONTENT_TYPES[format],
      fileName: exportFileName(doc, version, format),
    };
  }

  async function versionDocument(
    locale: Locale,
    pact: { id: string; title: string; roundtable_id: string },
    versionId: string,
  ) {
    const version = await storedVersion(pact.id, versionId);
    const doc = pactDocument(locale, pact, await roundtableOf(pact.roundtable_id), {
      versionLabel: versionLabel(locale, version),
      hash: version.hash,
      date: version.agreed_at ?? version.created_at,
      sections: version.sections,
      objectives: version.objectives,
      signatories: await signatoriesOf(version.id),
    });
    return { doc, version };
  }

  async function findPact(pactId: string) {
    const pact = await db
      .selectFrom("pacts")
      .select(["id", "title", "roundtable_id", "published_version_id", "published_at"])
      .where("id", "=", assertId(pactId))
      .executeTakeFirst();
    if (!pact) throw notFound();
    return pact;
  }

  return {
    /**
     * A pact in a format: the version asked for, or the working draft as it stands (labelled so,
     * with the hash it would have as a version, and no signatures).
     */
    async exportPact(actor: Actor, pactId: string, query: unknown, locale: Locale) {
      const { format, version } = parseInput(exportQuery, query);
      const pact = await findPact(pactId);
      await authorize(db, actor, pact.roundtable_id, "pact.export");
      if (version) {
        const { doc, version: stored } = await versionDocument(locale, pact, version);
        return render(doc, format, stored.number);
      }
      const draft = await pacts.workingCopy(actor, pact.id);
      const now = clock();
      const doc = pactDocument(locale, pact, await roundtableOf(pact.roundtable_id), {
        versionLabel: translate(locale, "publishing.working_draft"),
        hash: draft.hash,
        date: now,
        sections: draft.sections,
        objectives: draft.objectives,
        signatories: [],
      });
      return render(doc, format, null);
    },

    /** A meeting's minutes (verbale) in a format: the saved text, or a fresh draft if none. */
    async exportMinutes(actor: Actor, meetingId: string, query: unknown, locale: Locale) {
      const { format } = parseInput(exportQuery.omit({ version: true }), query);
      const saved =
        (await minutes.get(actor, meetingId)) ?? (await minutes.generate(actor, meetingId, locale));
      const meeting = await db
        .selectFrom("meetings")
        .select(["title", "roundtable_id", "starts_at"])
        .where("id", "=", saved.meetingId)
        .executeTakeFirstOrThrow();
      const roundtable = await roundtableOf(meeting.roundtable_id);
      const labels = exportLabels(locale, "minutes");
      const doc: ExportDocument = {
        kind: "minutes",
        locale,
        title: meeting.title,
        roundtable: roundtable.name,
        territory: roundtable.territory,
        versionLabel: translate(
          locale,
          saved.finalizedAt ? "publishing.minutes_final" : "publishing.minutes_draft",
        ),
        hash: saved.contentHash ?? sha256(saved.body),
        date: saved.finalizedAt ?? meeting.starts_at,
        sections: [
          { key: "verbale", title: labels.documentKind, blocks: blocksFromMarkdown(saved.body) },
        ],
        objectives: [],
        signatories: [],
        labels,
      };
      return render(doc, format, null);
    },

    /** Publishes an agreed version: the public page shows it from now on. */
    async publish(actor: Actor, pactId: string, input: unknown) {
      const { versionId } = parseInput(publishInput, input);
      const pact = await findPact(pactId);
      await authorize(db, actor, pact.roundtable_id, "pact.publish");
      const version = await storedVersion(pact.id, versionId);
      if (!version.agreed_at) {
        throw new AppError("conflict", "publishing.error_not_agreed", {
          versionId: "publishing.error_not_agreed",
        });
      }
      const at = clock();
      await db
        .updateTable("pacts")
        .set({ published_version_id: version.id, published_at: at, published_by: actor.userId })
        .where("id", "=", pact.id)
        .execute();
      await recordAudit(db, {
        action: "pact.published",
        actorUserId: actor.userId,
        roundtableId: pact.roundtable_id,
        subjectId: pact.id,
        detail: { versionId: version.id, number: version.number, hash: version.hash },
      });
      return {
        pactId: pact.id,
        versionId: version.id,
        publishedAt: at,
        url: `/public/pacts/${pact.id}`,
      };
    },

    async unpublish(actor: Actor, pactId: string) {
      const pact = await findPact(pactId);
      await authorize(db, actor, pact.roundtable_id, "pact.publish");
      await db
        .updateTable("pacts")
        .set({ published_version_id: null, published_at: null, published_by: null })
        .where("id", "=", pact.id)
        .execute();
      await recordAudit(db, {
        action: "pact.unpublished",
        actorUserId: actor.userId,
        roundtableId: pact.roundtable_id,
        subjectId: pact.id,
        detail: {},
      });
    },

    /** Which version the public page shows, for those who may read the pact; null: none. */
    async publication(actor: Actor, pactId: string) {
      const pact = await findPact(pactId);
      await authorize(db, actor, pact.roundtable_id, "pact.view");
      if (!pact.published_version_id || !pact.published_at) return null;
      return { versionId: pact.published_version_id, publishedAt: pact.published_at };
    },

    /** What the public page shows, to anyone; not found when the pact is not published. */
    async publicPact(pactId: string): Promise<PublicPactView> {
      const pact = await findPact(pactId);
      if (!pact.published_version_id || !pact.published_at) throw notFound();
      const version = await storedVersion(pact.id, pact.published_version_id);
      const roundtable = await roundtableOf(pact.roundtable_id);
      return {
        pactId: pact.id,
        title: pact.title,
        roundtable: roundtable.name,
        territory: roundtable.territory,
        version: versionHeading(version),
        publishedAt: pact.published_at,
        sections: version.sections,
        signatories: await signatoriesOf(version.id),
        objectives: version.objectives,
      };
    },

    /** The published version in a format, to anyone. */
    async exportPublic(pactId: string, query: unknown, locale: Locale) {
      const { format } = parseInput(exportQuery.omit({ version: true }), query);
      const pact = await findPact(pactId);
      if (!pact.published_version_id) throw notFound();
      const { doc, version } = await versionDocument(locale, pact, pact.published_version_id);
      return render(doc, format, version.number);
    },

    close: () => renderer.close(),
  };
}

export type Exports = ReturnType<typeof createExports>;
