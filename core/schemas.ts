// Input and output schemas, shared by forms, the API and its OpenAPI description.
import { z } from "zod";
import { AppError, type FieldErrors } from "./errors";
import { policyAreaList } from "./policy-areas";
import { INDICATOR_KINDS } from "./board";
import { pactTemplateInput } from "./pact/templates";
import { LOCALES, MEETING_KINDS, MEETING_PHASES, MEMBER_ROLES, ORGANIZATION_KINDS } from "./domain";

const required = "validation.required";
const trimmed = (max: number) =>
  z
    .string({ error: required })
    .trim()
    .min(1, { error: required })
    .max(max, { error: "validation.too_long" });
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: "validation.too_long" })
    .optional()
    .transform((v) => (v ? v : undefined));

export const email = z
  .string({ error: required })
  .trim()
  .toLowerCase()
  .min(1, { error: required })
  .max(254, { error: "validation.too_long" })
  .pipe(z.email({ error: "validation.email" }));

export const password = z
  .string({ error: required })
  .min(10, { error: "validation.password_short" })
  .max(200, { error: "validation.too_long" });

export const signUpInput = z.object({
  email,
  name: trimmed(80),
  password,
});
export type SignUpInput = z.infer<typeof signUpInput>;

export const logInInput = z.object({
  email,
  password: z.string({ error: required }).min(1, { error: required }).max(200),
});

export const changePasswordInput = z.object({
  currentPassword: z.string({ error: required }).min(1, { error: required }).max(200),
  newPassword: password,
});

export const tokenNameInput = z.object({ name: trimmed(60) });

export const roundtableInput = z.object({
  name: trimmed(160),
  territory: trimmed(160),
  description: optionalText(4000),
});
export type RoundtableInput = z.infer<typeof roundtableInput>;

export const organizationInput = z.object({
  name: trimmed(160),
  kind: z.enum(ORGANIZATION_KINDS, { error: "validation.choice" }),
});
export type OrganizationInput = z.infer<typeof organizationInput>;

export const memberRole = z.enum(MEMBER_ROLES, { error: "validation.choice" });

export const inviteInput = z.object({
  role: memberRole,
  organizationId: z
    .uuid({ error: "validation.choice" })
    .optional()
    .or(z.literal("").transform(() => undefined)),
  note: optionalText(120),
});
export type InviteInput = z.infer<typeof inviteInput>;

/** A meeting invite link for remote contributors: valid for some hours (a week unless told). */
export const meetingInviteInput = z.object({
  label: optionalText(80),
  expiresInHours: z.coerce
    .number({ error: "validation.number" })
    .int({ error: "validation.number" })
    .min(1, { error: "validation.invite_hours" })
    .max(24 * 90, { error: "validation.invite_hours" })
    .default(24 * 7),
});
export type MeetingInviteInput = z.infer<typeof meetingInviteInput>;

export const agendaItemInput = z.object({
  title: trimmed(160),
  durationMinutes: z.coerce
    .number({ error: "validation.number" })
    .int({ error: "validation.number" })
    .min(1, { error: "validation.duration" })
    .max(600, { error: "validation.duration" }),
  /** What the step opens to participants (core/live.ts AgendaStep). */
  writing: z.boolean({ error: "validation.invalid" }).default(true),
  voting: z.boolean({ error: "validation.invalid" }).default(false),
  editing: z.boolean({ error: "validation.invalid" }).default(true),
});

export const meetingInput = z.object({
  title: trimmed(160),
  kind: z.enum(MEETING_KINDS, { error: "validation.choice" }),
  startsAt: z.iso.datetime({ offset: true, local: true, error: "validation.datetime" }),
  place: optionalText(200),
  onlineUrl: z
    .url({ protocol: /^https?$/, error: "validation.url" })
    .max(500, { error: "validation.too_long" })
    .optional()
    .or(z.literal("").transform(() => undefined)),
  agenda: z.array(agendaItemInput).max(50, { error: "validation.too_many" }).default([]),
});
export type MeetingInput = z.infer<typeof meetingInput>;

/** Editing a meeting: the same fields; agenda rows that already exist carry their id. */
export const meetingUpdateInput = meetingInput.extend({
  agenda: z
    .array(agendaItemInput.extend({ id: z.uuid({ error: "validation.invalid" }).optional() }))
    .max(50, { error: "validation.too_many" })
    .default([]),
});

export const localeInput = z.enum(LOCALES, { error: "validation.choice" });

// Outputs of the API.
export const organizationOutput = z.object({
  id: z.uuid(),
  roundtableId: z.uuid(),
  name: z.string(),
  kind: z.enum(ORGANIZATION_KINDS),
  createdAt: z.iso.datetime(),
});

export const roundtableOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  territory: z.string(),
  description: z.string().nullable(),
  createdAt: z.iso.datetime(),
  role: z.enum(["admin", ...MEMBER_ROLES]).describe("The caller's role in this tavolo"),
});

export const agendaItemOutput = z.object({
  id: z.uuid(),
  position: z.number().int(),
  title: z.string(),
  durationMinutes: z.number().int(),
  writing: z.boolean().describe("Participants may add cards during this step"),
  voting: z.boolean().describe("A vote may be opened and cast during this step"),
  editing: z.boolean().describe("Members may move, edit and cluster cards during this step"),
});

export const meetingOutput = z.object({
  id: z.uuid(),
  roundtableId: z.uuid(),
  title: z.string(),
  kind: z.enum(MEETING_KINDS),
  phase: z.enum(MEETING_PHASES),
  startsAt: z.iso.datetime(),
  place: z.string().nullable(),
  onlineUrl: z.string().nullable(),
  agenda: z.array(agendaItemOutput),
  boardDoc: z.string().describe('The Yjs document of its board: "board:<id>"'),
  createdAt: z.iso.datetime(),
});

export const cardOutput = z.object({
  id: z.string(),
  text: z.string(),
  clusterId: z.string().nullable(),
  clusterLabel: z.string().nullable(),
  authorLabel: z.string().describe("A display label chosen by the author; never an email"),
  group: z.string().nullable().describe("The author's group, e.g. families, schools, services"),
  createdAt: z.iso.datetime(),
});

export const meetingInviteOutput = z.object({
  id: z.uuid(),
  meetingId: z.uuid(),
  label: z.string().nullable().describe("A note for the facilitator, e.g. «QR in sala»"),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
  status: z.enum(["valid", "expired", "revoked"]),
});

export const errorOutput = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
  }),
});

// Sensemaking (issue 5): policy areas, objectives with their actions, and unheard cards.

/** `PUT /roundtables/:id/policy-areas`: the tavolo's own list, or null for the default A–J. */
export const policyAreasInput = z
  .object({
    areas: policyAreaList.nullable().describe("null: back to the default macro-areas A–J"),
  })
  .strict();

export const policyAreaOutput = z.object({ key: z.string(), label: z.string() });

export const policyAreasOutput = z.object({
  areas: z.array(policyAreaOutput),
  custom: z.boolean().describe("false: the default macro-areas A–J"),
});

const namedOrganizationOutput = z.object({ id: z.uuid(), name: z.string() });

export const actionOutput = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  targetGroup: z.string(),
  places: z.array(z.string()),
  responsibleOrganization: namedOrganizationOutput
    .nullable()
    .describe("One of the tavolo's organisations"),
  partners: z.array(namedOrganizationOutput),
  indicators: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(INDICATOR_KINDS),
      measure: z.string(),
      baseline: z.string(),
      target: z.string(),
    }),
  ),
  resources: z.object({
    staffHours: z.number().nullable(),
    euros: z.number().nullable(),
    fundingSource: z.string(),
  }),
  timeline: z.object({
    start: z.iso.date().nullable(),
    end: z.iso.date().nullable(),
    milestones: z.array(
      z.object({ id: z.string(), label: z.string(), date: z.iso.date().nullable() }),
    ),
  }),
});

export const objectiveOutput = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  policyArea: policyAreaOutput.nullable(),
  clusterIds: z.array(z.string()),
  clusters: z.array(z.object({ id: z.string(), label: z.string(), cardIds: z.array(z.string()) })),
  cardIds: z.array(z.string()).describe("The cards of its clusters"),
  voices: z
    .record(z.string(), z.number().int())
    .describe("Cards by the group of who wrote them (one card, one voice); never who"),
  cardCount: z.number().int(),
  inPerson: z.number().int().describe("Cards typed up from paper in the room"),
  priority: z
    .object({ dots: z.number().int(), rank: z.number().int().min(1) })
    .nullable()
    .describe("From the meeting's latest dot vote on objectives; null if it got no dots"),
  actions: z.array(actionOutput),
});

export const objectivesOutput = z.object({
  meetingId: z.uuid(),
  policyAreas: z.array(policyAreaOutput),
  objectives: z.array(objectiveOutput),
  unheardCardIds: z.array(z.string()).describe("Cards that feed no objective"),
});

export const unheardOutput = z.object({
  meetings: z.array(z.object({ id: z.uuid(), title: z.string(), startsAt: z.iso.datetime() })),
  cards: z.array(
    z.object({
      id: z.string(),
      meetingId: z.uuid(),
      text: z.string(),
      group: z.string().nullable(),
      authorLabel: z.string().describe('"" for an anonymous card; never an email'),
      inPerson: z.boolean(),
      clusterId: z.string().nullable(),
      clusterLabel: z.string().nullable(),
      createdAt: z.iso.datetime(),
    }),
  ),
});

/** Parses input or throws an `invalid` AppError naming each bad field by its catalogue key. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: FieldErrors = {};
  for (const issue of result.error.issues) {
    const path = issue.path.length > 0 ? issue.path.join(".") : "_";
    if (fields[path]) continue;
    fields[path] = issue.message.startsWith("validation.") ? issue.message : "validation.invalid";
  }
  throw new AppError("invalid", "error.invalid", fields);
}

// Pacts (issue 6).

/** Longest Markdown one section may be given (about 65 pages). */
export const MAX_SECTION_MARKDOWN = 200_000;

export const pactInput = z
  .object({
    title: trimmed(200),
    template: z
      .string({ error: required })
      .trim()
      .min(1, { error: required })
      .max(48, { error: "validation.template_unknown" })
      .describe("A template's key, e.g. patto-educativo, proposta-progettuale, piano-di-zona"),
  })
  .strict();
export type PactInput = z.infer<typeof pactInput>;

export const pactSectionInput = z
  .object({
    markdown: z
      .string({ error: required })
      .max(MAX_SECTION_MARKDOWN, { error: "validation.too_long" })
      .describe("The section's new content: replaces what it holds"),
  })
  .strict();

export const pactVersionInput = z.object({ label: trimmed(200) }).strict();

/** A tavolo's template: its sections written out, or copied from one of its pacts. */
export const pactTemplateCreateInput = z
  .object({
    key: pactTemplateInput.shape.key,
    title: pactTemplateInput.shape.title,
    description: pactTemplateInput.shape.description,
    sections: pactTemplateInput.shape.sections
      .optional()
      .describe("The sections, in order; or leave out and give fromPactId"),
    fromPactId: z
      .uuid({ error: "validation.invalid" })
      .optional()
      .describe("A pact of the same tavolo whose sections the template copies"),
  })
  .strict()
  .superRefine((input, ctx) => {
    if ((input.sections === undefined) === (input.fromPactId === undefined)) {
      ctx.addIssue({ code: "custom", path: ["sections"], message: "validation.template_source" });
    }
  });
export type PactTemplateCreateInput = z.infer<typeof pactTemplateCreateInput>;

const sectionLimitOutput = z
  .object({ unit: z.enum(["characters", "pages"]), value: z.number().int() })
  .nullable()
  .describe("Characters count spaces; a page is 3000 characters");

const pactSectionSpecOutput = z.object({
  key: z.string(),
  title: z.string(),
  guidance: z.string(),
  limit: sectionLimitOutput,
});

export const pactTemplateOutput = z.object({
  key: z.string(),
  title: z.string(),
  description: z.string(),
  scope: z
    .enum(["built_in", "instance", "roundtable"])
    .describe("Built in, made for the whole instance, or a tavolo's own"),
  roundtableId: z.uuid().nullable(),
  sections: z.array(pactSectionSpecOutput),
});

export const pactSectionOutput = pactSectionSpecOutput.extend({
  markdown: z.string().describe("The text as it stands before pending suggestions"),
  characters: z.number().int().describe("Spaces included, pending insertions included"),
  limitState: z.enum(["ok", "near", "over"]).describe("near: at least 90 % of the limit"),
});

export const pactOutput = z.object({
  id: z.uuid(),
  roundtableId: z.uuid(),
  title: z.string(),
  template: z.string().nullable().describe("The key of the template it was made from"),
  sections: z.array(pactSectionOutput),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const pactSummaryOutput = pactOutput.omit({ sections: true });

const versionAuthorOutput = z
  .object({ id: z.uuid(), name: z.string() })
  .nullable()
  .describe("Who made it (a display name, never an email); null once their account is gone");

export const pactVersionSummaryOutput = z.object({
  id: z.uuid(),
  pactId: z.uuid(),
  number: z.number().int().describe("1, 2, … within the pact"),
  label: z.string(),
  hash: z.string().describe("SHA-256 (hex) of the canonical form of the sections"),
  createdAt: z.iso.datetime(),
  createdBy: versionAuthorOutput,
  restoredFrom: z
    .object({ id: z.uuid(), number: z.number().int() })
    .nullable()
    .describe("The version this one restored"),
  agreedAt: z.iso
    .datetime()
    .nullable()
    .describe("When a motion on this version passed (it is then the agreed text); null if not"),
});

export const pactVersionOutput = pactVersionSummaryOutput.extend({
  sections: z.array(z.object({ key: z.string(), title: z.string(), markdown: z.string() })),
});

export const pactDiffOutput = z.object({
  from: pactVersionSummaryOutput,
  to: pactVersionSummaryOutput,
  sections: z.array(
    z.object({
      key: z.string(),
      title: z.string(),
      status: z.enum(["same", "changed", "added", "removed"]),
      parts: z
        .array(z.object({ kind: z.enum(["same", "added", "removed"]), text: z.string() }))
        .describe("Word by word: same + added gives the newer text, same + removed the older"),
    }),
  ),
});

/** `POST /pacts/:id/import`: the file's format, and the section that takes the whole file. */
export const pactImportQuery = z.object({
  format: z.enum(["docx", "odt"], { error: "validation.office_format" }),
  section: z
    .string()
    .trim()
    .min(1, { error: required })
    .max(64, { error: "validation.too_long" })
    .optional(),
});

export const pactImportOutput = z.object({
  placements: z
    .array(
      z.object({
        title: z.string().describe("The heading in the file; empty for the text before the first"),
        section: z
          .string()
          .nullable()
          .describe("The section it went into; null when no section was left for it"),
      }),
    )
    .describe("The file's sections in order, and where each went"),
  pact: pactOutput,
});
