// Signatures on an agreed pact version (issue 7): who signs for each organisation, the simple
// electronic signatures, the digitally signed files; the API's input and output schemas.
import { z } from "zod";

/** sottoscrittore (signs the pact) or aderente (adheres to it). */
export const SIGNATURE_ROLES = ["signatory", "adherent"] as const;
export type SignatureRole = (typeof SIGNATURE_ROLES)[number];

/** At most this many people sign for one organisation. */
export const MAX_SIGNERS = 20;

const id = (error: string) => z.string({ error }).uuid({ error });

export const signersInput = z
  .object({
    userIds: z
      .array(id("validation.invalid"), { error: "validation.required" })
      .max(MAX_SIGNERS, { error: "validation.too_many" }),
  })
  .strict();

export const signInput = z
  .object({
    organizationId: id("validation.choice"),
    role: z.enum(SIGNATURE_ROLES, { error: "validation.choice" }),
  })
  .strict();

export const signaturesQuery = z.object({ version: id("validation.invalid").optional() }).strict();

export const signedFileQuery = z
  .object({
    organizationId: id("validation.choice"),
    name: z.string({ error: "validation.invalid" }).max(500, { error: "validation.too_long" }),
  })
  .partial({ name: true })
  .strict();

export const signerOutput = z.object({
  userId: z.uuid(),
  name: z.string(),
  email: z.string().optional().describe("Only to facilitators and the secretary"),
});

export const signersOutput = z.object({
  pactId: z.uuid(),
  mayManage: z.boolean().describe("Whether the caller may name and remove signers"),
  organizations: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      signers: z
        .array(signerOutput)
        .nullable()
        .describe(
          "Who signs for it; null when the caller may not see it (neither a facilitator, the secretary nor one of its members)",
        ),
      members: z
        .array(z.object({ userId: z.uuid(), name: z.string() }))
        .optional()
        .describe("Its members who may be named (to facilitators and the secretary)"),
    }),
  ),
});

export const organizationSignersOutput = z.object({
  organizationId: z.uuid(),
  signers: z.array(signerOutput),
});

export const signatureOutput = z.object({
  id: z.uuid(),
  organizationId: z.uuid().nullable(),
  organization: z.string(),
  person: z.string(),
  role: z.enum(SIGNATURE_ROLES),
  signedAt: z.iso.datetime(),
  hash: z.string().describe("SHA-256 (hex) of the signed version's canonical text"),
  versionId: z.uuid(),
  versionNumber: z.number().int(),
  latest: z.boolean().describe("Whether the signed version is the pact's latest agreed version"),
});

const signedVersionOutput = z.object({
  id: z.uuid(),
  number: z.number().int(),
  label: z.string(),
  hash: z.string(),
  agreedAt: z.iso.datetime().nullable(),
  latest: z.boolean().describe("Whether it is the pact's latest agreed version"),
});

export const signaturesOutput = z.object({
  version: signedVersionOutput.nullable().describe("Null when no version is agreed yet"),
  newestVersionNumber: z
    .number()
    .int()
    .nullable()
    .describe("The pact's newest version, agreed or not: newer than `version` if the text changed"),
  signatures: z.array(signatureOutput),
});

export const signedFileOutput = z.object({
  id: z.uuid(),
  pactId: z.uuid(),
  versionId: z.uuid(),
  versionNumber: z.number().int(),
  organizationId: z.uuid().nullable(),
  organization: z.string(),
  kind: z.enum(["pades", "cades"]),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string().describe("SHA-256 (hex) of the file's bytes, checked on every download"),
  uploadedAt: z.iso.datetime(),
  uploadedBy: z.string().nullable(),
});
