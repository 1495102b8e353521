// The JSON API under /api/v1: one table of operations drives both routing and the OpenAPI document.
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { z } from "zod";
import { AppError, isAppError } from "../../core/errors";
import { translate } from "../../core/i18n";
import { DEFAULT_LOCALE, LOCALES } from "../../core/domain";
import {
  errorOutput,
  cardOutput,
  meetingInput,
  meetingInviteInput,
  meetingUpdateInput,
  meetingInviteOutput,
  meetingOutput,
  objectivesOutput,
  organizationInput,
  pactDiffOutput,
  pactImportOutput,
  pactImportQuery,
  pactInput,
  pactOutput,
  pactSectionInput,
  pactSectionOutput,
  pactSummaryOutput,
  pactTemplateCreateInput,
  pactTemplateOutput,
  pactVersionInput,
  pactVersionOutput,
  pactVersionSummaryOutput,
  organizationOutput,
  roundtableInput,
  roundtableOutput,
  parseInput,
  policyAreasInput,
  policyAreasOutput,
  unheardOutput,
} from "../../core/schemas";
import type { Actor, Services } from "../services";
import type { MeetingInviteView } from "../services/meeting-invites";
import { clusterInput } from "../services/clustering";
import { minutesInput, type MinutesView } from "../services/minutes";
import type { UnheardView } from "../services/objectives";
import type {
  PactImportView,
  PactSummary,
  PactVersionSummary,
  PactVersionView,
  PactView,
} from "../services/pacts";
import type { RateLimiter } from "./rate-limit";
import { ballotInput, motionOpenInput, motionOutput, objectionInput } from "../../core/motions";
import { logger } from "../logger";
import { MAX_PACT_FILE_BYTES } from "../../core/pact/office-import";
import { pactHistoryOutput } from "../../core/pact/history";
import type { PactHistoryPage } from "../services/pact-history";
import { EXPORT_CONTENT_TYPES } from "../../core/export/model";
import { attachmentHeader, type FileReply } from "../../core/downloads";
import { publishInput } from "../services/exports";
import {
  organizationSignersOutput,
  signatureOutput,
  signaturesOutput,
  signedFileOutput,
  signedFileQuery,
  signersInput,
  signersOutput,
  signInput,
} from "../../core/signatures";
import { MAX_SIGNED_FILE_BYTES, SIGNED_FILE_CONTENT_TYPES } from "../../core/pact/signed-file";
import type { SignaturesView, SignatureView, SignedFileView } from "../services/signatures";
import {
  commentInput,
  commentsOutput,
  guestCommentsInput,
  replyInput,
  threadOutput,
} from "../../core/pact/comments";

const log = logger("api");

interface Operation {
  method: "get" | "post" | "put" | "delete";
  path: string;
  summary: string;
  body?: z.ZodType;
  /**
   * A file as the body instead of JSON: the media types accepted and the most bytes; `run` gets
   * the bytes as a Buffer.
   */
  upload?: { mediaTypes: readonly string[]; limit: number };
  /**
   * A file as the reply instead of JSON: the media types it may have. `run` returns a
   * `FileReply`, sent with its content type and as an attachment with its file name.
   */
  download?: { mediaTypes: readonly string[] };
  status: number;
  response: z.ZodType;
  run(ctx: {
    actor: Actor;
    services: Services;
    params: Record<string, string>;
    /** The query string's single-valued parameters (a repeated one is left out). */
    query: Record<string, string>;
    body: unknown;
    /** Where this instance is reached, for links it hands out (public URL, else the request's). */
    origin: string;
  }): Promise<unknown>;
}

export function sendFile(res: Response, status: number, file: FileReply): void {
  res.status(status);
  res.setHeader("Content-Type", file.contentType);
  res.setHeader("Content-Disposition", attachmentHeader(file.fileName));
  res.setHeader("X-Content-Type-Options", "nosniff");
  for (const [name, value] of Object.entries(file.headers ?? {})) res.setHeader(name, value);
  res.end(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength));
}

const iso = (d: Date) => d.toISOString();
/** The language of what a reply writes out (policy areas' labels): the caller's, else the default. */
const replyLocale = (actor: Actor) => actor.locale ?? DEFAULT_LOCALE;

function roundtableJson(r: Awaited<ReturnType<Services["roundtables"]["get"]>>) {
  return { ...r, createdAt: iso(r.createdAt) };
}
function organizationJson(o: Awaited<ReturnType<Services["roundtables"]["createOrganization"]>>) {
  return {
    id: o.id,
    roundtableId: o.roundtable_id,
    name: o.name,
    kind: o.kind,
    createdAt: iso(o.created_at),
  };
}
function meetingJson(m: Awaited<ReturnType<Services["meetings"]["get"]>>) {
  return { ...m, startsAt: iso(m.startsAt), createdAt: iso(m.createdAt) };
}

function minutesJson(m: MinutesView) {
  return {
    meetingId: m.meetingId,
    body: m.body,
    generatedAt: iso(m.generatedAt),
    updatedAt: iso(m.updatedAt),
    finalizedAt: m.finalizedAt ? iso(m.finalizedAt) : null,
    contentHash: m.contentHash,
  };
}

const minutesGenerateInput = z
  .object({ locale: z.enum(LOCALES, { error: "validation.choice" }).default("it") })
  .strict();

const minutesOutput = z.object({
  meetingId: z.uuid(),
  body: z.string().describe("Markdown"),
  generatedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  finalizedAt: z.iso.datetime().nullable().describe("Set once final: the text never changes again"),
  contentHash: z.string().nullable().describe("SHA-256 (hex) of the final text"),
});

function unheardJson(u: UnheardView) {
  return {
    meetings: u.meetings.map((m) => ({ ...m, startsAt: iso(m.startsAt) })),
    cards: u.cards.map((c) => ({ ...c, createdAt: iso(c.createdAt) })),
  };
}

function meetingInviteJson(i: MeetingInviteView) {
  return {
    ...i,
    createdAt: iso(i.createdAt),
    expiresAt: iso(i.expiresAt),
    revokedAt: i.revokedAt ? iso(i.revokedAt) : null,
  };
}

function pactSummaryJson(p: PactSummary) {
  return {
    id: p.id,
    roundtableId: p.roundtableId,
    title: p.title,
    template: p.template,
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
  };
}
function pactJson(p: PactView) {
  return { ...pactSummaryJson(p), sections: p.sections };
}
function pactVersionSummaryJson(v: PactVersionSummary) {
  return {
    id: v.id,
    pactId: v.pactId,
    number: v.number,
    label: v.label,
    hash: v.hash,
    createdAt: iso(v.createdAt),
    createdBy: v.createdBy,
    restoredFrom: v.restoredFrom,
    agreedAt: v.agreedAt && iso(v.agreedAt),
  };
}
function pactVersionJson(v: PactVersionView) {
  return { ...pactVersionSummaryJson(v), sections: v.sections };
}

const pactDiffQuery = z.object({
  from: z.string({ error: "validation.required" }).min(1, { error: "validation.required" }),
  to: z.string({ error: "validation.required" }).min(1, { error: "validation.required" }),
});

/** The media types of an imported pact file (any of them for either format). */
const PACT_FILE_TYPES = [
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.oasis.opendocument.text",
  "application/octet-stream",
] as const;

function pactHistoryJson(page: PactHistoryPage) {
  return {
    entries: page.entries.map((entry) =>
      entry.kind === "edit"
        ? {
            kind: entry.kind,
            source: entry.source,
            by: entry.by,
            section: entry.section,
            from: iso(entry.from),
            to: iso(entry.to),
            updates: entry.updates,
          }
        : {
            kind: entry.kind,
            by: entry.by,
            at: iso(entry.at),
            versionId: entry.versionId,
            number: entry.number,
            label: entry.label,
            hash: entry.hash,
            restoredFrom: entry.restoredFrom,
          },
    ),
    nextBefore: page.nextBefore ? iso(page.nextBefore) : null,
  };
}

function pactImportJson(result: PactImportView) {
  return { placements: result.placements, pact: pactJson(result.pact) };
}

/** The media types of a signed file (its kind is told from its bytes, whatever the type says). */
const SIGNED_FILE_TYPES = [
  "application/pdf",
  "application/pkcs7-mime",
  "application/x-pkcs7-mime",
  "application/octet-stream",
] as const;

function signatureJson(s: SignatureView) {
  return { ...s, signedAt: iso(s.signedAt) };
}
function signaturesJson(view: SignaturesView) {
  return {
    version: view.version && {
      ...view.version,
      agreedAt: view.version.agreedAt && iso(view.version.agreedAt),
    },
    newestVersionNumber: view.newestVersionNumber,
    signatures: view.signatures.map(signatureJson),
  };
}
function signedFileJson(f: SignedFileView) {
  return { ...f, uploadedAt: iso(f.uploadedAt) };
}

/** The page a meeting invite opens: a display name and a group, then the meeting. */
export const meetingInviteUrl = (origin: string, token: string) => `${origin}/join/${token}`;

export const OPERATIONS: Operation[] = [
  {
    method: "get",
    path: "/roundtables",
    summary: "List the tavoli the caller belongs to",
    status: 200,
    response: z.object({ roundtables: z.array(roundtableOutput) }),
    run: async ({ actor, services }) => ({
      roundtables: (await services.roundtables.list(actor)).map(roundtableJson),
    }),
  },
  {
    method: "post",
    path: "/roundtables",
    summary: "Create a tavolo; the caller becomes its facilitator",
    body: roundtableInput,
    status: 201,
    response: roundtableOutput,
    run: async ({ actor, services, body }) =>
      roundtableJson(await services.roundtables.create(actor, body)),
  },
  {
    method: "get",
    path: "/roundtables/{id}",
    summary: "Read one tavolo",
    status: 200,
    response: roundtableOutput,
    run: async ({ actor, services, params }) =>
      roundtableJson(await services.roundtables.get(actor, params.id!)),
  },
  {
    method: "get",
    path: "/roundtables/{id}/organizations",
    summary: "List the organisations (enti) of a tavolo",
    status: 200,
    response: z.object({ organizations: z.array(organizationOutput) }),
    run: async ({ actor, services, params }) => ({
      organizations: (await services.roundtables.listOrganizations(actor, params.id!)).map(
        organizationJson,
      ),
    }),
  },
  {
    method: "post",
    path: "/roundtables/{id}/organizations",
    summary: "Add an organisation to a tavolo",
    body: organizationInput,
    status: 201,
    response: organizationOutput,
    run: async ({ actor, services, params, body }) =>
      organizationJson(await services.roundtables.createOrganization(actor, params.id!, body)),
  },
  {
    method: "get",
    path: "/roundtables/{id}/meetings",
    summary: "List the meetings of a tavolo, newest first",
    status: 200,
    response: z.object({ meetings: z.array(meetingOutput) }),
    run: async ({ actor, services, params }) => ({
      meetings: (await services.meetings.list(actor, params.id!)).map(meetingJson),
    }),
  },
  {
    method: "post",
    path: "/roundtables/{id}/meetings",
    summary: "Create a meeting; a start time without offset is read as Italian time",
    body: meetingInput,
    status: 201,
    response: meetingOutput,
    run: async ({ actor, services, params, body }) =>
      meetingJson(await services.meetings.create(actor, params.id!, body)),
  },
  {
    method: "get",
    path: "/meetings/{id}",
    summary: "Read one meeting with its agenda",
    status: 200,
    response: meetingOutput,
    run: async ({ actor, services, params }) =>
      meetingJson(await services.meetings.get(actor, params.id!)),
  },
  {
    method: "post",
    path: "/cluster",
    summary:
      "Suggest clusters for short statements (Italian or English): every input index in exactly one cluster, each cluster with a short label",
    body: clusterInput,
    status: 200,
    response: z.object({
      clusters: z.array(
        z.object({
          label: z.string(),
          members: z.array(z.number().int()).describe("Indices into `texts`"),
        }),
      ),
    }),
    run: async ({ actor, services, body }) => services.clustering.suggest(actor, body),
  },
  {
    method: "put",
    path: "/meetings/{id}",
    summary:
      "Change a meeting's details and agenda; agenda rows with an id are kept (and changed), rows without one added, rows left out deleted",
    body: meetingUpdateInput,
    status: 200,
    response: meetingOutput,
    run: async ({ actor, services, params, body }) =>
      meetingJson(await services.meetings.update(actor, params.id!, body)),
  },
  {
    method: "get",
    path: "/meetings/{id}/cards",
    summary: "List a meeting's board cards, as projected from its board document",
    status: 200,
    response: z.object({ cards: z.array(cardOutput) }),
    run: async ({ actor, services, params }) => ({
      cards: (await services.meetings.listCards(actor, params.id!)).map((card) => ({
        ...card,
        createdAt: iso(card.createdAt),
      })),
    }),
  },
  {
    method: "post",
    path: "/meetings/{id}/invites",
    summary:
      "Create an invite link for remote contributors (no account): the token and the URL are shown once",
    body: meetingInviteInput,
    status: 201,
    response: z.object({
      invite: meetingInviteOutput,
      token: z.string().describe("Also accepted as `?token=` on /yjs and as `auth.token` on /live"),
      url: z.string().describe("The page to share, e.g. as a QR code"),
    }),
    run: async ({ actor, services, params, body, origin }) => {
      const { token, invite } = await services.meetingInvites.create(actor, params.id!, body);
      return { invite: meetingInviteJson(invite), token, url: meetingInviteUrl(origin, token) };
    },
  },
  {
    method: "get",
    path: "/meetings/{id}/invites",
    summary: "List a meeting's invite links with their status (never their tokens)",
    status: 200,
    response: z.object({ invites: z.array(meetingInviteOutput) }),
    run: async ({ actor, services, params }) => ({
      invites: (await services.meetingInvites.list(actor, params.id!)).map(meetingInviteJson),
    }),
  },
  {
    method: "get",
    path: "/meetings/{id}/minutes",
    summary: "Read a meeting's minutes (verbale)",
    status: 200,
    response: minutesOutput,
    run: async ({ actor, services, params }) => {
      const minutes = await services.minutes.get(actor, params.id!);
      if (!minutes) throw new AppError("not_found", "error.minutes_missing");
      return minutesJson(minutes);
    },
  },
  {
    method: "post",
    path: "/meetings/{id}/minutes",
    summary:
      "Generate (or regenerate) the minutes' draft from the meeting's record: attendance, steps, cards, clusters, dot votes",
    body: minutesGenerateInput,
    status: 201,
    response: minutesOutput,
    run: async ({ actor, services, params, body }) => {
      const { locale } = parseInput(minutesGenerateInput, body ?? {});
      return minutesJson(await services.minutes.generate(actor, params.id!, locale));
    },
  },
  {
    method: "put",
    path: "/meetings/{id}/minutes",
    summary: "Replace the text of the minutes' draft (refused once final)",
    body: minutesInput,
    status: 200,
    response: minutesOutput,
    run: async ({ actor, services, params, body }) =>
      minutesJson(await services.minutes.update(actor, params.id!, body)),
  },
  {
    method: "post",
    path: "/meetings/{id}/minutes/finalize",
    summary: "Make the minutes final: immutable, with the SHA-256 of their text",
    body: z.object({}).strict(),
    status: 200,
    response: minutesOutput,
    run: async ({ actor, services, params }) =>
      minutesJson(await services.minutes.finalize(actor, params.id!)),
  },
  {
    method: "get",
    path: "/meetings/{id}/objectives",
    summary:
      "A meeting's objectives with their actions and indicators, each traced to its source clusters and cards, with voices by group and the priority from the latest dot vote on objectives",
    status: 200,
    response: objectivesOutput,
    run: async ({ actor, services, params }) =>
      services.objectives.list(actor, params.id!, replyLocale(actor)),
  },
  {
    method: "get",
    path: "/roundtables/{id}/policy-areas",
    summary:
      "The tavolo's policy areas: its own list, or the default macro-areas A–J in the caller's language",
    status: 200,
    response: policyAreasOutput,
    run: async ({ actor, services, params }) =>
      services.objectives.policyAreas(actor, params.id!, replyLocale(actor)),
  },
  {
    method: "put",
    path: "/roundtables/{id}/policy-areas",
    summary:
      "Replace the tavolo's policy areas (keys 1–12 letters, digits, dots or dashes, all different; at most 40); `areas: null` goes back to the default A–J",
    body: policyAreasInput,
    status: 200,
    response: policyAreasOutput,
    run: async ({ actor, services, params, body }) => {
      const { areas } = parseInput(policyAreasInput, body);
      return services.objectives.setPolicyAreas(actor, params.id!, areas, replyLocale(actor));
    },
  },
  {
    method: "get",
    path: "/roundtables/{id}/unheard",
    summary:
      "Across the tavolo's meetings, the cards that feed no objective yet; an anonymous card has an empty authorLabel",
    status: 200,
    response: unheardOutput,
    run: async ({ actor, services, params }) =>
      unheardJson(await services.objectives.unheard(actor, params.id!)),
  },
  {
    method: "delete",
    path: "/meetings/{id}/invites/{inviteId}",
    summary: "Revoke an invite link; whoever came in by it loses access within a second",
    status: 200,
    response: meetingInviteOutput,
    run: async ({ actor, services, params }) =>
      meetingInviteJson(await services.meetingInvites.revoke(actor, params.id!, params.inviteId!)),
  },
  {
    method: "get",
    path: "/pact-templates",
    summary:
      "The pact templates the caller can use: the built-in ones and the instance's; with `?roundtableId=` also that tavolo's own",
    status: 200,
    response: z.object({ templates: z.array(pactTemplateOutput) }),
    run: async ({ actor, services, query }) => ({
      templates: await services.pacts.listTemplates(actor, query.roundtableId),
    }),
  },
  {
    method: "post",
    path: "/roundtables/{id}/pact-templates",
    summary:
      "Create a tavolo's own template (admins and facilitators): its sections written out, or copied from one of its pacts with `fromPactId`",
    body: pactTemplateCreateInput,
    status: 201,
    response: pactTemplateOutput,
    run: async ({ actor, services, params, body }) =>
      services.pacts.createTemplate(actor, params.id!, body),
  },
  {
    method: "get",
    path: "/roundtables/{id}/pacts",
    summary: "List the pacts of a tavolo, newest first",
    status: 200,
    response: z.object({ pacts: z.array(pactSummaryOutput) }),
    run: async ({ actor, services, params }) => ({
      pacts: (await services.pacts.list(actor, params.id!)).map(pactSummaryJson),
    }),
  },
  {
    method: "post",
    path: "/roundtables/{id}/pacts",
    summary: "Create a pact from a template; it keeps its own copy of the template's sections",
    body: pactInput,
    status: 201,
    response: pactOutput,
    run: async ({ actor, services, params, body }) =>
      pactJson(await services.pacts.create(actor, params.id!, body)),
  },
  {
    method: "get",
    path: "/pacts/{id}",
    summary:
      "Read a pact: each section as Markdown, with its character count (spaces included) and its state against its limit",
    status: 200,
    response: pactOutput,
    run: async ({ actor, services, params }) =>
      pactJson(await services.pacts.get(actor, params.id!)),
  },
  {
    method: "put",
    path: "/pacts/{id}/sections/{key}",
    summary:
      "Replace a section's content with Markdown (headings ##–####, lists, GFM tables, links, footnotes); editors with the pact open see it at once",
    body: pactSectionInput,
    status: 200,
    response: pactSectionOutput,
    run: async ({ actor, services, params, body }) =>
      services.pacts.putSection(actor, params.id!, params.key!, body),
  },
  {
    method: "post",
    path: "/pacts/{id}/import",
    summary:
      "Import a Word (DOCX) or LibreOffice (ODT) file sent as the raw body (at most 10 MiB), keeping headings, lists, tables, emphasis, links and footnotes: `?format=docx|odt`; with `&section=<key>` the whole file replaces that section, without it the file is split at its top headings and each part replaces the section of the same title (case, accents and punctuation aside), the rest in order",
    upload: { mediaTypes: PACT_FILE_TYPES, limit: MAX_PACT_FILE_BYTES },
    status: 200,
    response: pactImportOutput,
    run: async ({ actor, services, params, query, body }) => {
      const { format, section } = parseInput(pactImportQuery, query);
      const bytes = body as Buffer;
      return pactImportJson(
        await services.pacts.importFile(actor, params.id!, {
          bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
          kind: format,
          sectionKey: section,
        }),
      );
    },
  },
  {
    method: "post",
    path: "/pacts/{id}/versions",
    summary:
      "Freeze the pact as it stands into a named, immutable version with the SHA-256 of its canonical text",
    body: pactVersionInput,
    status: 201,
    response: pactVersionSummaryOutput,
    run: async ({ actor, services, params, body }) =>
      pactVersionSummaryJson(await services.pacts.createVersion(actor, params.id!, body)),
  },
  {
    method: "get",
    path: "/pacts/{id}/versions",
    summary: "List a pact's versions, newest first, with who made each",
    status: 200,
    response: z.object({ versions: z.array(pactVersionSummaryOutput) }),
    run: async ({ actor, services, params }) => ({
      versions: (await services.pacts.listVersions(actor, params.id!)).map(pactVersionSummaryJson),
    }),
  },
  {
    method: "get",
    path: "/pacts/{id}/versions/{versionId}",
    summary: "Read one version with every section's Markdown",
    status: 200,
    response: pactVersionOutput,
    run: async ({ actor, services, params }) =>
      pactVersionJson(await services.pacts.getVersion(actor, params.id!, params.versionId!)),
  },
  {
    method: "get",
    path: "/pacts/{id}/diff",
    summary:
      "Compare two versions (`?from=<versionId>&to=<versionId>`) section by section, word by word",
    status: 200,
    response: pactDiffOutput,
    run: async ({ actor, services, params, query }) => {
      const { from, to } = parseInput(pactDiffQuery, query);
      const diff = await services.pacts.diff(actor, params.id!, from, to);
      return {
        from: pactVersionSummaryJson(diff.from),
        to: pactVersionSummaryJson(diff.to),
        sections: diff.sections,
      };
    },
  },
  {
    method: "post",
    path: "/pacts/{id}/versions/{versionId}/restore",
    summary:
      "Restore a version: its text replaces the pact's (open editors see it), and is frozen as a new version that names the one it restored",
    body: z.object({}).strict(),
    status: 201,
    response: pactVersionSummaryOutput,
    run: async ({ actor, services, params }) =>
      pactVersionSummaryJson(
        await services.pacts.restoreVersion(actor, params.id!, params.versionId!),
      ),
  },
  {
    method: "get",
    path: "/pacts/{id}/history",
    summary:
      "Who changed what, newest first: sessions of one person's edits in one section (edits at most 10 minutes apart; from the live editor, an import or a restore) and the versions made or restored; by name, never by email. `?limit=` (1–200, default 50), `?before=<nextBefore>` for the next page, `?section=<key>` and `?person=<userId>` to filter",
    status: 200,
    response: pactHistoryOutput,
    run: async ({ actor, services, params, query }) =>
      pactHistoryJson(await services.pacts.history(actor, params.id!, query)),
  },
  {
    method: "get",
    path: "/pacts/{id}/export",
    summary:
      "The pact as a document: `?format=docx|odt|pdf|md|html|csv|json` (CSV and JSON: the objectives, actions and indicators as open data), `&version=<id>` for a version (its signatories included), else the working draft as it stands. Title page, sections, objectives and actions, signatories, and the version and its hash in the footer",
    download: { mediaTypes: Object.values(EXPORT_CONTENT_TYPES) },
    status: 200,
    response: z.unknown(),
    run: async ({ actor, services, params, query }) =>
      services.exports.exportPact(actor, params.id!, query, replyLocale(actor)),
  },
  {
    method: "post",
    path: "/pacts/{id}/publication",
    summary:
      "Publish an agreed version (facilitators and the secretary): its public page, `/public/pacts/{id}`, is read without logging in",
    body: publishInput,
    status: 200,
    response: z.object({
      pactId: z.string(),
      versionId: z.string(),
      publishedAt: z.string(),
      url: z.string(),
    }),
    run: async ({ actor, services, params, body, origin }) => {
      const published = await services.exports.publish(actor, params.id!, body);
      return { ...published, publishedAt: iso(published.publishedAt), url: origin + published.url };
    },
  },
  {
    method: "delete",
    path: "/pacts/{id}/publication",
    summary: "Withdraw the public page (facilitators and the secretary)",
    status: 200,
    response: z.object({ ok: z.literal(true) }),
    run: async ({ actor, services, params }) => {
      await services.exports.unpublish(actor, params.id!);
      return { ok: true as const };
    },
  },
  {
    method: "get",
    path: "/meetings/{id}/minutes/export",
    summary:
      "A meeting's minutes (verbale) as a document: `?format=docx|odt|pdf|md|html|csv|json`; the saved text, or a fresh draft when none is saved",
    download: { mediaTypes: Object.values(EXPORT_CONTENT_TYPES) },
    status: 200,
    response: z.unknown(),
    run: async ({ actor, services, params, query }) =>
      services.exports.exportMinutes(actor, params.id!, query, replyLocale(actor)),
  },
  {
    method: "get",
    path: "/pacts/{id}/comments",
    summary:
      "The pact's comment threads, oldest first: each anchored to a range of a section (Yjs relative positions), with its replies, mentions (user ids) and whether it is resolved; authors by name, never by email",
    status: 200,
    response: commentsOutput,
    run: async ({ actor, services, params }) => services.pactComments.list(actor, params.id!),
  },
  {
    method: "post",
    path: "/pacts/{id}/comments",
    summary:
      "Open a comment thread on a range of a section (members who may comment; mentions must be members of the tavolo)",
    body: commentInput,
    status: 201,
    response: threadOutput,
    run: async ({ actor, services, params, body }) =>
      services.pactComments.add(actor, params.id!, body),
  },
  {
    method: "post",
    path: "/pacts/{id}/comments/{threadId}/replies",
    summary: "Reply to a thread (a reply reopens a resolved thread)",
    body: replyInput,
    status: 201,
    response: threadOutput,
    run: async ({ actor, services, params, body }) =>
      services.pactComments.reply(actor, params.id!, params.threadId!, body),
  },
  {
    method: "post",
    path: "/pacts/{id}/comments/{threadId}/resolve",
    summary: "Mark a thread resolved",
    body: z.object({}).strict(),
    status: 200,
    response: threadOutput,
    run: async ({ actor, services, params }) =>
      services.pactComments.setResolved(actor, params.id!, params.threadId!, true),
  },
  {
    method: "post",
    path: "/pacts/{id}/comments/{threadId}/reopen",
    summary: "Reopen a resolved thread",
    body: z.object({}).strict(),
    status: 200,
    response: threadOutput,
    run: async ({ actor, services, params }) =>
      services.pactComments.setResolved(actor, params.id!, params.threadId!, false),
  },
  {
    method: "delete",
    path: "/pacts/{id}/comments/{threadId}",
    summary: "Delete a thread: its author, or a secretary or facilitator",
    status: 200,
    response: z.object({ deleted: z.literal(true) }),
    run: async ({ actor, services, params }) => {
      await services.pactComments.remove(actor, params.id!, params.threadId!);
      return { deleted: true as const };
    },
  },
  {
    method: "put",
    path: "/pacts/{id}/guest-comments",
    summary:
      "Let remote contributors (guests of a meeting of the tavolo) comment on the pact, or stop them (facilitators)",
    body: guestCommentsInput,
    status: 200,
    response: guestCommentsInput,
    run: async ({ actor, services, params, body }) => {
      const { allowed } = parseInput(guestCommentsInput, body);
      await services.pactComments.setGuestComments(actor, params.id!, allowed);
      return { allowed };
    },
  },
  {
    method: "post",
    path: "/pacts/{id}/motions",
    summary:
      "Open a motion (facilitators and the secretary) on a version of the pact (`target: {versionId}`, one open motion per version) or on objectives of a meeting of the tavolo (`target: {meetingId, objectiveIds}`): approval with quorum and majority, consent, or a dot vote on objectives; one vote per organisation or per member; secret or open; results hidden until the close if asked",
    body: motionOpenInput,
    status: 201,
    response: motionOutput,
    run: async ({ actor, services, params, body }) =>
      services.motions.open(actor, params.id!, body),
  },
  {
    method: "get",
    path: "/pacts/{id}/motions",
    summary:
      "The pact's motions, newest first, each as the caller may see it: hidden results show only how many voted; who voted what only for open ballots",
    status: 200,
    response: z.object({ motions: z.array(motionOutput) }),
    run: async ({ actor, services, params }) => ({
      motions: await services.motions.list(actor, params.id!),
    }),
  },
  {
    method: "get",
    path: "/motions/{id}",
    summary: "Read one motion as the caller may see it",
    status: 200,
    response: motionOutput,
    run: async ({ actor, services, params }) => services.motions.get(actor, params.id!),
  },
  {
    method: "post",
    path: "/motions/{id}/ballots",
    summary:
      "Vote (members, the secretary and facilitators; per organisation, for one's organisation, whose first ballot counts): `choice` for approval, `allocation` (objective id → dots) for a dot vote. An open ballot may be changed until the close; a secret one is final and names no one",
    body: ballotInput,
    status: 201,
    response: motionOutput,
    run: async ({ actor, services, params, body }) =>
      services.motions.vote(actor, params.id!, body),
  },
  {
    method: "post",
    path: "/motions/{id}/objections",
    summary:
      "Raise an objection to a consent motion, with its reason; the motion passes only if none stands at the close",
    body: objectionInput,
    status: 201,
    response: motionOutput,
    run: async ({ actor, services, params, body }) =>
      services.motions.object(actor, params.id!, body),
  },
  {
    method: "post",
    path: "/motions/{id}/objections/{objectionId}/withdraw",
    summary: "Withdraw one's own objection",
    body: z.object({}).strict(),
    status: 200,
    response: motionOutput,
    run: async ({ actor, services, params }) =>
      services.motions.withdraw(actor, params.id!, params.objectionId!),
  },
  {
    method: "post",
    path: "/motions/{id}/close",
    summary:
      "Close a motion (facilitators and the secretary): its result is frozen, and a passed motion on a version marks that version agreed",
    body: z.object({}).strict(),
    status: 200,
    response: motionOutput,
    run: async ({ actor, services, params }) => services.motions.close(actor, params.id!),
  },
  {
    method: "get",
    path: "/pacts/{id}/signers",
    summary:
      "The tavolo's organisations and who signs for each: all of them, with emails, to facilitators and the secretary; to anyone else, by name, the signers of their own organisation only",
    status: 200,
    response: signersOutput,
    run: async ({ actor, services, params }) => services.signatures.listSigners(actor, params.id!),
  },
  {
    method: "put",
    path: "/organizations/{orgId}/signers",
    summary:
      "Name who signs for an organisation (facilitators and the secretary): `userIds` replaces the list; each must be a member of that organisation in the tavolo, and not an observer",
    body: signersInput,
    status: 200,
    response: organizationSignersOutput,
    run: async ({ actor, services, params, body }) =>
      services.signatures.setSigners(actor, params.orgId!, body),
  },
  {
    method: "get",
    path: "/pacts/{id}/signatures",
    summary:
      "The signatures of the latest agreed version, or of `?version=<id>`: organisation, person, role (signatory: sottoscrittore; adherent: aderente), time and the version hash signed; `latest` tells whether that version is the latest agreed one",
    status: 200,
    response: signaturesOutput,
    run: async ({ actor, services, params, query }) =>
      signaturesJson(await services.signatures.listSignatures(actor, params.id!, query)),
  },
  {
    method: "post",
    path: "/pacts/{id}/versions/{versionId}/signatures",
    summary:
      "Sign an agreed version for an organisation, as `signatory` (sottoscrittore) or `adherent` (aderente): a simple electronic signature by a named signer of that organisation, one per organisation and version, never changed; 409 if the version is not agreed, already signed for that organisation, or its text no longer matches its hash",
    body: signInput,
    status: 201,
    response: signatureOutput,
    run: async ({ actor, services, params, body }) =>
      signatureJson(await services.signatures.sign(actor, params.id!, params.versionId!, body)),
  },
  {
    method: "get",
    path: "/pacts/{id}/signed-files",
    summary:
      "The digitally signed files returned by organisations, newest first, without their bytes",
    status: 200,
    response: z.object({ files: z.array(signedFileOutput) }),
    run: async ({ actor, services, params }) => ({
      files: (await services.signatures.listSignedFiles(actor, params.id!)).map(signedFileJson),
    }),
  },
  {
    method: "post",
    path: "/pacts/{id}/versions/{versionId}/signed-files",
    summary:
      "Attach a digitally signed file an organisation returned for an agreed version (facilitators and the secretary), sent as the raw body (at most 20 MiB) with `?organizationId=<id>&name=<file name>`: a PDF with a signature dictionary (PAdES) or a PKCS#7 signedData envelope (CAdES, .p7m), told from its bytes; a PDF without a signature and any other file are refused. Kept with its SHA-256",
    upload: { mediaTypes: SIGNED_FILE_TYPES, limit: MAX_SIGNED_FILE_BYTES },
    status: 201,
    response: signedFileOutput,
    run: async ({ actor, services, params, query, body }) => {
      const { organizationId, name } = parseInput(signedFileQuery, query);
      const bytes = body as Buffer;
      return signedFileJson(
        await services.signatures.attachSignedFile(actor, params.id!, params.versionId!, {
          organizationId,
          name,
          bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        }),
      );
    },
  },
  {
    method: "get",
    path: "/signed-files/{id}",
    summary:
      "Download a signed file as it was attached, its SHA-256 in `X-Content-SHA256` (checked before sending)",
    download: { mediaTypes: Object.values(SIGNED_FILE_CONTENT_TYPES) },
    status: 200,
    response: z.unknown(),
    run: async ({ actor, services, params }) =>
      services.signatures.downloadSignedFile(actor, params.id!),
  },
];

const toExpressPath = (path: string) => path.replace(/\{(\w+)\}/g, ":$1");

function jsonSchema(schema: z.ZodType, io: "input" | "output") {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io,
    target: "draft-2020-12",
    unrepresentable: "any",
  }) as Record<string, unknown>;
  return rest;
}

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  const errorSchema = jsonSchema(errorOutput, "output");
  const errorResponse = (description: string) => ({
    description,
    content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
  });
  for (const op of OPERATIONS) {
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      // Ids are UUIDs; a section's key is a short code.
      schema: /(^id|Id)$/.test(m[1]!) ? { type: "string", format: "uuid" } : { type: "string" },
    }));
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      summary: op.summary,
      operationId: `${op.method}${op.path.replace(/\{(\w+)\}/g, "By$1").replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase())}`,
      ...(params.length ? { parameters: params } : {}),
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: jsonSchema(op.body, "input") } },
            },
          }
        : {}),
      ...(op.upload
        ? {
            requestBody: {
              required: true,
              content: Object.fromEntries(
                op.upload.mediaTypes.map((type) => [
                  type,
                  { schema: { type: "string", format: "binary", maxLength: op.upload!.limit } },
                ]),
              ),
            },
          }
        : {}),
      responses: {
        [op.status]: {
          description: "OK",
          content: op.download
            ? Object.fromEntries(
                op.download.mediaTypes.map((type) => [
                  type,
                  { schema: { type: "string", format: "binary" } },
                ]),
              )
            : { "application/json": { schema: jsonSchema(op.response, "output") } },
        },
        ...(op.body ? { 400: errorResponse("Invalid body; `fields` names each bad field") } : {}),
        ...(op.upload ? { 400: errorResponse("A missing, malformed or unreadable file") } : {}),
        ...(op.download ? { 400: errorResponse("An unknown format or a malformed query") } : {}),
        401: errorResponse("Missing or invalid bearer token"),
        ...(params.length
          ? { 403: errorResponse("Not allowed"), 404: errorResponse("Not found") }
          : {}),
        ...(op.method !== "get"
          ? { 409: errorResponse("Conflict"), 413: errorResponse("Body too large") }
          : {}),
        429: errorResponse("Too many requests"),
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Tavolo API",
      version: "1.0.0",
      description: "Tavoli, organisations and meetings.",
    },
    servers: [{ url: "/api/v1" }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: { Error: errorSchema },
    },
  };
}

export function sendError(res: Response, error: AppError) {
  // RFC 9110: a 401 names the scheme that would be accepted.
  if (error.code === "unauthenticated") res.setHeader("WWW-Authenticate", 'Bearer realm="tavolo"');
  const body: { error: { code: string; message: string; fields?: Record<string, string> } } = {
    error: { code: error.code, message: translate("en", error.messageKey, error.vars) },
  };
  if (error.fields) {
    body.error.fields = Object.fromEntries(
      Object.entries(error.fields).map(([field, key]) => [field, translate("en", key)]),
    );
  }
  res.status(error.status).json(body);
}

/** Refuses an upload of another media type, or without a file. */
function uploadedFile(req: Request, mediaTypes: readonly string[]): void {
  const mediaType = (req.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!mediaTypes.includes(mediaType)) throw new AppError("invalid", "error.upload_type");
  if (!Buffer.isBuffer(req.body) || req.body.length === 0)
    throw new AppError("invalid", "error.upload_empty");
}

/**
 * The most bytes a request to this path (under /api/v1) may carry, when it is an upload with a
 * limit of its own; null for the server's default.
 */
export function uploadLimitFor(path: string): number | null {
  for (const op of OPERATIONS) {
    if (!op.upload) continue;
    const pattern = new RegExp(`^${op.path.replace(/\{\w+\}/g, "[^/]+")}/?$`);
    if (pattern.test(path)) return op.upload.limit;
  }
  return null;
}

export function createApiRouter(
  services: Services,
  limiter: RateLimiter,
  publicOrigin: string | null = null,
): Router {
  const router = express.Router();
  let cachedDocument: unknown = null;

  router.get("/openapi.json", (_req, res) => {
    cachedDocument ??= openApiDocument();
    res.json(cachedDocument);
  });

  router.use(async (req: Request, res: Response, next: NextFunction) => {
    try {
      const header = req.get("authorization") ?? "";
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw new AppError("unauthenticated", "error.api_unauthenticated");
      const wait = limiter.hit(match[1]!.slice(0, 16));
      if (wait > 0) {
        res.setHeader("Retry-After", String(wait));
        throw new AppError("rate_limited", "error.rate_limited");
      }
      const actor = await services.accounts.actorForApiToken(match[1]!);
      if (!actor) throw new AppError("unauthenticated", "error.api_unauthenticated");
      res.locals.actor = actor;
      next();
    } catch (error) {
      next(error);
    }
  });

  const jsonBody = express.json({ limit: "256kb", type: () => true });

  for (const op of OPERATIONS) {
    const readBody = op.upload
      ? express.raw({ limit: op.upload.limit, type: [...op.upload.mediaTypes] })
      : jsonBody;
    router[op.method](toExpressPath(op.path), readBody, async (req, res, next) => {
      try {
        if (op.upload) uploadedFile(req, op.upload.mediaTypes);
        const result = await op.run({
          actor: res.locals.actor as Actor,
          services,
          params: req.params as Record<string, string>,
          query: Object.fromEntries(
            Object.entries(req.query).filter(
              (entry): entry is [string, string] => typeof entry[1] === "string",
            ),
          ),
          body: req.body,
          origin: publicOrigin ?? `${req.protocol}://${req.get("host")}`,
        });
        if (op.download) sendFile(res, op.status, result as FileReply);
        else res.status(op.status).json(result);
      } catch (error) {
        next(error);
      }
    });
  }

  router.use((_req, _res, next) => next(new AppError("not_found", "error.not_found")));

  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (isAppError(error)) return sendError(res, error);
    const typed = error as { type?: string; status?: number };
    if (typed.type === "entity.too.large")
      return sendError(res, new AppError("too_large", "error.too_large"));
    // Express could not percent-decode a path parameter: no such resource, as for a malformed id.
    if (error instanceof URIError)
      return sendError(res, new AppError("not_found", "error.not_found"));
    // Any other body the parser refused (malformed JSON, unsupported charset or encoding).
    if (
      typed.type &&
      typeof typed.status === "number" &&
      typed.status >= 400 &&
      typed.status < 500
    ) {
      return sendError(res, new AppError("invalid", "error.bad_json"));
    }
    log.error("unhandled API error", { error: String((error as Error)?.stack ?? error) });
    res.status(500).json({ error: { code: "internal", message: "Internal error" } });
  });

  return router;
}
