// Signatures (issue 7): who signs for each organisation, the simple electronic signatures on an
// agreed version (person, organisation, role, time and the version hash, immutable), and the
// digitally signed files (PAdES, CAdES) an organisation returns, kept with their SHA-256.
import { createHash } from "node:crypto";
import type { Db } from "../../db/create-db";
import { MEMBER_ROLES } from "../../core/domain";
import { AppError } from "../../core/errors";
import { can, type Action, type Standing } from "../../core/permissions";
import { parseInput } from "../../core/schemas";
import { pactHash } from "../../core/pact/canonical";
import {
  detectSignedFile,
  MAX_SIGNED_FILE_BYTES,
  SIGNED_FILE_CONTENT_TYPES,
  signedFileName,
  type SignedFileKind,
} from "../../core/pact/signed-file";
import {
  signersInput,
  signInput,
  signaturesQuery,
  type SignatureRole,
} from "../../core/signatures";
import type { Actor } from "./accounts";
import { assertId, authorize, authorizeForPact, findPact, standingIn } from "./access";
import { recordAudit } from "./audit";
import { versionHeading, type VersionHeading } from "./pacts";

/**
 * Naming who signs and keeping the signed files is the hand-off of an agreed pact: the roles that
 * publish it (facilitators, the secretary) do it.
 */
const COLLECT: Action = "pact.publish";

export interface SignerView {
  userId: string;
  name: string;
  /** Only to facilitators and the secretary. */
  email?: string;
}

export interface OrganizationSignersView {
  id: string;
  name: string;
  /** Null when the reader may not see them (not a manager, not one of its members). */
  signers: SignerView[] | null;
  /** Its members who may sign, to choose from (managers only). */
  members?: { userId: string; name: string }[];
}

export interface PactSignersView {
  pactId: string;
  mayManage: boolean;
  organizations: OrganizationSignersView[];
}

export interface SignatureView {
  id: string;
  organizationId: string | null;
  organization: string;
  person: string;
  role: SignatureRole;
  signedAt: Date;
  hash: string;
  versionId: string;
  versionNumber: number;
  /** Whether the signed version is the pact's latest agreed one. */
  latest: boolean;
}

export interface SignedVersionView extends VersionHeading {
  latest: boolean;
}

export interface SignaturesView {
  /** The version shown (the latest agreed by default); null when none is agreed. */
  version: SignedVersionView | null;
  /** The newest version of the pact, agreed or not (a changed text makes a new one). */
  newestVersionNumber: number | null;
  signatures: SignatureView[];
}

export interface SignedFileView {
  id: string;
  pactId: string;
  versionId: string;
  versionNumber: number;
  organizationId: string | null;
  organization: string;
  kind: SignedFileKind;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedAt: Date;
  uploadedBy: string | null;
}

export interface SignedFileDownload {
  bytes: Uint8Array;
  contentType: string;
  fileName: string;
  headers: Record<string, string>;
}

const notFound = () => new AppError("not_found", "error.not_found");
const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

function uniqueViolation(error: unknown): boolean {
  return String((error as { code?: string }).code) === "23505";
}

/** The roles whose members may sign (and so may be named to). */
const mayBeSigner = (role: Standing) => role !== "admin" && can(role, "pact.sign");
const SIGNING_ROLES = MEMBER_ROLES.filter(mayBeSigner);

export function createSignatures(db: Db, clock: () => Date) {
  async function findVersion(pactId: string, versionId: string) {
    const version = await db
      .selectFrom("pact_versions")
      .select(["id", "number", "label", "hash", "sections", "agreed_at"])
      .where("pact_id", "=", pactId)
      .where("id", "=", assertId(versionId))
      .executeTakeFirst();
    if (!version) throw notFound();
    return version;
  }
  type VersionRow = Awaited<ReturnType<typeof findVersion>>;

  function requireAgreed(version: VersionRow) {
    if (!version.agreed_at) throw new AppError("conflict", "signatures.error.not_agreed");
  }

  /** The organisation, if it is one of the pact's tavolo; else `invalid` on the field. */
  async function organizationOf(roundtableId: string, organizationId: string) {
    const organization = await db
      .selectFrom("organizations")
      .select(["id", "name"])
      .where("id", "=", organizationId.toLowerCase())
      .where("roundtable_id", "=", roundtableId)
      .executeTakeFirst();
    if (!organization) {
      throw new AppError("invalid", "error.invalid", { organizationId: "validation.choice" });
    }
    return organization;
  }

  async function latestAgreedVersionId(pactId: string): Promise<string | null> {
    const row = await db
      .selectFrom("pact_versions")
      .select("id")
      .where("pact_id", "=", pactId)
      .where("agreed_at", "is not", null)
      .orderBy("number", "desc")
      .limit(1)
      .executeTakeFirst();
    return row?.id ?? null;
  }

  /**
   * The named signers who are still members of their organisation in the tavolo, in a role that
   * signs: someone who left, represents another organisation or became an observer no longer
   * signs for it.
   */
  function currentSigners(roundtableId: string) {
    return db
      .selectFrom("organization_signers as s")
      .innerJoin("roundtable_members as m", (join) =>
        join
          .onRef("m.user_id", "=", "s.user_id")
          .onRef("m.organization_id", "=", "s.organization_id")
          .on("m.roundtable_id", "=", roundtableId),
      )
      .innerJoin("users as u", "u.id", "s.user_id")
      .where("m.role", "in", SIGNING_ROLES)
      .select(["s.organization_id", "s.user_id", "u.name", "u.email"])
      .orderBy("u.name")
      .orderBy("s.user_id");
  }

  async function signersOf(roundtableId: string, organizationId: string, withEmail: boolean) {
    const rows = await currentSigners(roundtableId)
      .where("s.organization_id", "=", organizationId)
      .execute();
    return rows.map((row) => signerView(row, withEmail));
  }

  function signerView(row: { user_id: string; name: string; email: string }, withEmail: boolean) {
    return withEmail
      ? { userId: row.user_id, name: row.name, email: row.email }
      : { userId: row.user_id, name: row.name };
  }

  /**
   * Replaces who signs for an organisation by `next(current)`, with its signers locked, so that
   * two changes at once apply one after the other.
   */
  async function changeSigners(
    actor: Actor,
    organizationId: string,
    next: (current: string[]) => string[],
  ) {
    const organization = await db
      .selectFrom("organizations")
      .select(["id", "name", "roundtable_id"])
      .where("id", "=", assertId(organizationId))
      .executeTakeFirst();
    if (!organization) throw notFound();
    await authorize(db, actor, organization.roundtable_id, COLLECT);
    const change = await db.transaction().execute(async (tx) => {
      await tx
        .selectFrom("organizations")
        .select("id")
        .where("id", "=", organization.id)
        .forUpdate()
        .execute();
      const current = (
        await tx
          .selectFrom("organization_signers")
          .select("user_id")
          .where("organization_id", "=", organization.id)
          .execute()
      ).map((r) => r.user_id);
      const wanted = [...new Set(next(current).map((id) => id.toLowerCase()))];
      const added = wanted.filter((id) => !current.includes(id));
      const removed = current.filter((id) => !wanted.includes(id));
      if (added.length > 0) {
        const members = await tx
          .selectFrom("roundtable_members")
          .select(["user_id", "role"])
          .where("roundtable_id", "=", organization.roundtable_id)
          .where("organization_id", "=", organization.id)
          .where("user_id", "in", added)
          .execute();
        const eligible = new Set(members.filter((m) => mayBeSigner(m.role)).map((m) => m.user_id));
        if (added.some((id) => !eligible.has(id))) {
          throw new AppError("invalid", "error.invalid", {
            userIds: "signatures.error.not_organization_member",
          });
        }
        await tx
          .insertInto("organization_signers")
          .values(
            added.map((userId) => ({
              organization_id: organization.id,
              user_id: userId,
              named_by: actor.userId,
              named_at: clock(),
            })),
          )
          .execute();
      }
      if (removed.length > 0) {
        await tx
          .deleteFrom("organization_signers")
          .where("organization_id", "=", organization.id)
          .where("user_id", "in", removed)
          .execute();
      }
      return { added, removed };
    });
    if (change.added.length > 0 || change.removed.length > 0) {
      await recordAudit(db, {
        action: "pact.signers_changed",
        actorUserId: actor.userId,
        roundtableId: organization.roundtable_id,
        subjectId: organization.id,
        detail: change,
      });
    }
    return {
      organizationId: organization.id,
      signers: await signersOf(organization.roundtable_id, organization.id, true),
    };
  }

  function signatureView(
    row: {
      id: string;
      organization_id: string | null;
      organization_name: string;
      person_name: string;
      role: SignatureRole;
      signed_at: Date;
      version_hash: string;
      version_id: string;
      version_number: number;
    },
    latestId: string | null,
  ): SignatureView {
    return {
      id: row.id,
      organizationId: row.organization_id,
      organization: row.organization_name,
      person: row.person_name,
      role: row.role,
      signedAt: row.signed_at,
      hash: row.version_hash,
      versionId: row.version_id,
      versionNumber: row.version_number,
      latest: row.version_id === latestId,
    };
  }

  function signaturesQueryOf(pactId: string) {
    return db
      .selectFrom("pact_signatures as s")
      .innerJoin("pact_versions as v", "v.id", "s.version_id")
      .select([
        "s.id",
        "s.organization_id",
        "s.organization_name",
        "s.person_name",
        "s.role",
        "s.signed_at",
        "s.version_hash",
        "s.version_id",
        "v.number as version_number",
      ])
      .where("s.pact_id", "=", pactId)
      .orderBy("s.signed_at")
      .orderBy("s.id");
  }

  function signedFileView(row: {
    id: string;
    pact_id: string;
    version_id: string;
    version_number: number;
    organization_id: string | null;
    organization_name: string;
    kind: SignedFileKind;
    file_name: string;
    content_type: string;
    size: number;
    sha256: string;
    uploaded_at: Date;
    uploader_name: string | null;
  }): SignedFileView {
    return {
      id: row.id,
      pactId: row.pact_id,
      versionId: row.version_id,
      versionNumber: row.version_number,
      organizationId: row.organization_id,
      organization: row.organization_name,
      kind: row.kind,
      fileName: row.file_name,
      contentType: row.content_type,
      size: row.size,
      sha256: row.sha256,
      uploadedAt: row.uploaded_at,
      uploadedBy: row.uploader_name,
    };
  }

  function signedFilesQuery() {
    return db
      .selectFrom("pact_signed_files as f")
      .innerJoin("pact_versions as v", "v.id", "f.version_id")
      .leftJoin("users as u", "u.id", "f.uploaded_by")
      .select([
        "f.id",
        "f.pact_id",
        "f.version_id",
        "v.number as version_number",
        "f.organization_id",
        "f.organization_name",
        "f.kind",
        "f.file_name",
        "f.content_type",
        "f.size",
        "f.sha256",
        "f.uploaded_at",
        "u.name as uploader_name",
      ]);
  }

  return {
    /**
     * The tavolo's organisations and who signs for each: every organisation and its signers with
     * their emails to facilitators and the secretary; to anyone else who reads the pact, the
     * signers of their own organisation only, by name.
     */
    async listSigners(actor: Actor, pactId: string): Promise<PactSignersView> {
      const { pact, standing } = await authorizeForPact(db, actor, pactId, "pact.view");
      const mayManage = can(standing, COLLECT);
      const [organizations, signers, own, members] = await Promise.all([
        db
          .selectFrom("organizations")
          .select(["id", "name"])
          .where("roundtable_id", "=", pact.roundtable_id)
          .orderBy("name")
          .execute(),
        currentSigners(pact.roundtable_id).execute(),
        db
          .selectFrom("roundtable_members")
          .select("organization_id")
          .where("roundtable_id", "=", pact.roundtable_id)
          .where("user_id", "=", actor.userId)
          .executeTakeFirst(),
        mayManage
          ? db
              .selectFrom("roundtable_members as m")
              .innerJoin("users as u", "u.id", "m.user_id")
              .select(["m.organization_id", "m.user_id", "m.role", "u.name"])
              .where("m.roundtable_id", "=", pact.roundtable_id)
              .where("m.organization_id", "is not", null)
              .orderBy("u.name")
              .execute()
          : Promise.resolve([]),
      ]);
      return {
        pactId: pact.id,
        mayManage,
        organizations: organizations.map((organization) => {
          const visible = mayManage || own?.organization_id === organization.id;
          return {
            id: organization.id,
            name: organization.name,
            signers: visible
              ? signers
                  .filter((s) => s.organization_id === organization.id)
                  .map((s) => signerView(s, mayManage))
              : null,
            ...(mayManage
              ? {
                  members: members
                    .filter((m) => m.organization_id === organization.id && mayBeSigner(m.role))
                    .map((m) => ({ userId: m.user_id, name: m.name })),
                }
              : {}),
          };
        }),
      };
    },

    /** Replaces who signs for an organisation (facilitators and the secretary). */
    async setSigners(actor: Actor, organizationId: string, input: unknown) {
      const { userIds } = parseInput(signersInput, input);
      return changeSigners(actor, organizationId, () => userIds);
    },

    /** Names one more person to sign for an organisation: one of its members in the tavolo. */
    async nameSigner(actor: Actor, organizationId: string, userId: string) {
      const id = assertId(userId);
      return changeSigners(actor, organizationId, (current) => [...current, id]);
    },

    async removeSigner(actor: Actor, organizationId: string, userId: string) {
      const id = assertId(userId);
      return changeSigners(actor, organizationId, (current) => current.filter((u) => u !== id));
    },

    /**
     * Signs an agreed version for an organisation, as sottoscrittore or aderente: only a named
     * signer of that organisation, once per organisation and version. The signature keeps the
     * names and the version's hash, checked first against the hash of the version's text.
     */
    async sign(
      actor: Actor,
      pactId: string,
      versionId: string,
      input: unknown,
    ): Promise<SignatureView> {
      const { pact } = await authorizeForPact(db, actor, pactId, "pact.sign");
      const version = await findVersion(pact.id, versionId);
      const { organizationId, role } = parseInput(signInput, input);
      const organization = await organizationOf(pact.roundtable_id, organizationId);
      requireAgreed(version);
      const signer = await currentSigners(pact.roundtable_id)
        .where("s.organization_id", "=", organization.id)
        .where("s.user_id", "=", actor.userId)
        .executeTakeFirst();
      if (!signer) throw new AppError("forbidden", "signatures.error.not_signer");

      const alreadySigned = async () => {
        const existing = await db
          .selectFrom("pact_signatures")
          .select(["person_name", "role"])
          .where("version_id", "=", version.id)
          .where("organization_id", "=", organization.id)
          .executeTakeFirst();
        if (!existing) return null;
        return new AppError("conflict", "signatures.error.already_signed", undefined, {
          person: existing.person_name,
          organization: organization.name,
        });
      };
      const taken = await alreadySigned();
      if (taken) throw taken;
      if (pactHash(version.sections) !== version.hash) {
        throw new AppError("conflict", "signatures.error.version_altered");
      }

      const row = await db
        .insertInto("pact_signatures")
        .values({
          pact_id: pact.id,
          version_id: version.id,
          version_hash: version.hash,
          organization_id: organization.id,
          organization_name: organization.name,
          user_id: actor.userId,
          person_name: signer.name,
          role,
          signed_at: clock(),
        })
        .returningAll()
        .executeTakeFirstOrThrow()
        .catch(async (error: unknown) => {
          // Two signers of one organisation at once: the other signed first.
          if (uniqueViolation(error)) throw (await alreadySigned()) ?? error;
          throw error;
        });
      await recordAudit(db, {
        action: "pact.signed",
        actorUserId: actor.userId,
        roundtableId: pact.roundtable_id,
        subjectId: pact.id,
        detail: {
          signatureId: row.id,
          versionId: version.id,
          number: version.number,
          hash: version.hash,
          organizationId: organization.id,
          role,
        },
      });
      return signatureView(
        { ...row, version_number: version.number },
        await latestAgreedVersionId(pact.id),
      );
    },

    /**
     * The signatures of a version (`?version=`), by default of the latest agreed one, in the order
     * they were made.
     */
    async listSignatures(actor: Actor, pactId: string, query: unknown): Promise<SignaturesView> {
      const { pact } = await authorizeForPact(db, actor, pactId, "pact.view");
      const { version: versionId } = parseInput(signaturesQuery, query);
      const [latestId, newest] = await Promise.all([
        latestAgreedVersionId(pact.id),
        db
          .selectFrom("pact_versions")
          .select("number")
          .where("pact_id", "=", pact.id)
          .orderBy("number", "desc")
          .limit(1)
          .executeTakeFirst(),
      ]);
      const shownId = versionId ?? latestId;
      const newestVersionNumber = newest?.number ?? null;
      if (!shownId) return { version: null, newestVersionNumber, signatures: [] };
      const version = await findVersion(pact.id, shownId);
      const rows = await signaturesQueryOf(pact.id)
        .where("s.version_id", "=", version.id)
        .execute();
      return {
        version: { ...versionHeading(version), latest: version.id === latestId },
        newestVersionNumber,
        signatures: rows.map((row) => signatureView(row, latestId)),
      };
    },

    /**
     * Keeps a digitally signed file an organisation returned for an agreed version (facilitators
     * and the secretary): a PDF with a signature dictionary (PAdES) or a signedData envelope
     * (CAdES), told from its bytes; a PDF without a signature and anything else are refused.
     */
    async attachSignedFile(
      actor: Actor,
      pactId: string,
      versionId: string,
      file: { organizationId: string; name?: string; bytes: Uint8Array },
    ): Promise<SignedFileView> {
      const { pact } = await authorizeForPact(db, actor, pactId, COLLECT);
      const version = await findVersion(pact.id, versionId);
      const organization = await organizationOf(
        pact.roundtable_id,
        String(file.organizationId ?? ""),
      );
      if (file.bytes.byteLength === 0) {
        throw new AppError("invalid", "error.invalid", { file: "signatures.error.file_empty" });
      }
      if (file.bytes.byteLength > MAX_SIGNED_FILE_BYTES) {
        throw new AppError("too_large", "error.too_large", {
          file: "signatures.error.file_too_large",
        });
      }
      const detected = detectSignedFile(file.bytes);
      if (!detected.ok) {
        const key =
          detected.reason === "unsigned_pdf"
            ? "signatures.error.pdf_not_signed"
            : "signatures.error.file_kind";
        throw new AppError("invalid", key, { file: key });
      }
      requireAgreed(version);
      const sha256 = sha256Hex(file.bytes);
      const row = await db
        .insertInto("pact_signed_files")
        .values({
          pact_id: pact.id,
          version_id: version.id,
          organization_id: organization.id,
          organization_name: organization.name,
          kind: detected.kind,
          file_name: signedFileName(
            file.name ?? "",
            detected.kind,
            `${organization.name} - versione ${version.number}`,
          ),
          content_type: SIGNED_FILE_CONTENT_TYPES[detected.kind],
          size: file.bytes.byteLength,
          sha256,
          data: file.bytes,
          uploaded_by: actor.userId,
          uploaded_at: clock(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(db, {
        action: "pact.signed_file_attached",
        actorUserId: actor.userId,
        roundtableId: pact.roundtable_id,
        subjectId: pact.id,
        detail: {
          fileId: row.id,
          versionId: version.id,
          organizationId: organization.id,
          kind: detected.kind,
          size: file.bytes.byteLength,
          sha256,
        },
      });
      return signedFileView(
        await signedFilesQuery().where("f.id", "=", row.id).executeTakeFirstOrThrow(),
      );
    },

    /** The pact's signed files, newest first, without their bytes. */
    async listSignedFiles(actor: Actor, pactId: string): Promise<SignedFileView[]> {
      const { pact } = await authorizeForPact(db, actor, pactId, "pact.view");
      const rows = await signedFilesQuery()
        .where("f.pact_id", "=", pact.id)
        .orderBy("f.uploaded_at", "desc")
        .orderBy("f.id")
        .execute();
      return rows.map(signedFileView);
    },

    /**
     * A signed file's bytes, as stored, with its checksum in `X-Content-SHA256`; refused if the
     * bytes no longer match the checksum taken when it was attached.
     */
    async downloadSignedFile(actor: Actor, fileId: string): Promise<SignedFileDownload> {
      const file = await db
        .selectFrom("pact_signed_files as f")
        .innerJoin("pacts as p", "p.id", "f.pact_id")
        .select(["f.data", "f.sha256", "f.content_type", "f.file_name", "p.roundtable_id"])
        .where("f.id", "=", assertId(fileId))
        .executeTakeFirst();
      if (!file) throw notFound();
      await authorize(db, actor, file.roundtable_id, "pact.view");
      const bytes = new Uint8Array(file.data);
      if (sha256Hex(bytes) !== file.sha256) {
        throw new AppError("conflict", "signatures.error.file_altered");
      }
      return {
        bytes,
        contentType: file.content_type,
        fileName: file.file_name,
        headers: { "X-Content-SHA256": file.sha256 },
      };
    },

    /** Whether the actor may name signers and attach signed files in the pact's tavolo. */
    async mayCollect(actor: Actor, pactId: string): Promise<boolean> {
      const pact = await findPact(db, pactId);
      return can(await standingIn(db, actor, pact.roundtable_id), COLLECT);
    },
  };
}

export type Signatures = ReturnType<typeof createSignatures>;
