// Motions (votazioni) on a frozen pact version or on a meeting's objectives: their inputs, who is
// entitled to vote, the tally and the decision (pure), the view every reader gets, and the
// socket.io events that carry them on /live.
import { z } from "zod";
import type { MemberRole } from "./domain";
import type { ErrorCode, FieldErrors } from "./errors";
import { allocationError, MAX_DOTS, type DotAllocation } from "./live";
import { can, type Standing } from "./permissions";

export const MOTION_METHODS = ["approval", "consent", "dot_vote"] as const;
export type MotionMethod = (typeof MOTION_METHODS)[number];
export const VOTING_UNITS = ["organization", "member"] as const;
export type VotingUnit = (typeof VOTING_UNITS)[number];
export const MAJORITIES = ["simple", "absolute", "two_thirds"] as const;
export type Majority = (typeof MAJORITIES)[number];
export const BALLOT_CHOICES = ["yes", "no", "abstain"] as const;
export type BallotChoice = (typeof BALLOT_CHOICES)[number];
export const MOTION_OUTCOMES = ["passed", "rejected", "no_quorum", "ranked"] as const;
export type MotionOutcome = (typeof MOTION_OUTCOMES)[number];
export const MOTION_STATUSES = ["open", "closed"] as const;
export type MotionStatus = (typeof MOTION_STATUSES)[number];

export const MAX_MOTION_OBJECTIVES = 50;
export const MAX_MOTION_TITLE = 200;
export const MAX_OBJECTION_REASON = 1000;

/** Roles that vote; observers never do (nor does an administrator who is not a member). */
export const VOTING_ROLES: readonly MemberRole[] = ["facilitator", "secretary", "member"];

export function isVotingRole(role: MemberRole | null | undefined): boolean {
  return role !== null && role !== undefined && VOTING_ROLES.includes(role);
}

/** Who opens and closes a motion: whoever may call one (facilitators and the secretary). */
export function mayManageMotions(standing: Standing): boolean {
  return can(standing, "motion.call");
}

// ---- Inputs -----------------------------------------------------------------------------------

const required = "validation.required";
const notApplicable = "validation.motion_not_applicable";
const uuid = z
  .string({ error: required })
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
    error: "validation.choice",
  })
  .transform((id) => id.toLowerCase());
// Objectives are keyed by the ids of the board document (core/board.ts).
const objectiveId = z.string().min(1).max(64);

/**
 * A version of the pact, the text as it stands (frozen into a new version as the motion opens), or
 * objectives of one of the tavolo's meetings: exactly one of the three.
 */
const motionTarget = z
  .object(
    {
      versionId: uuid.optional(),
      currentText: z
        .literal(true, { error: "validation.motion_target" })
        .optional()
        .describe("Freeze the text as it stands into a new version and vote on it"),
      meetingId: uuid.optional(),
      objectiveIds: z
        .array(objectiveId, { error: "validation.motion_objectives" })
        .min(1, { error: "validation.motion_objectives" })
        .max(MAX_MOTION_OBJECTIVES, { error: "validation.too_many" })
        .transform((ids) => [...new Set(ids)])
        .optional(),
    },
    { error: "validation.motion_target" },
  )
  .strict()
  .superRefine((target, ctx) => {
    const onVersion = target.versionId !== undefined;
    const onText = target.currentText !== undefined;
    const onObjectives = target.meetingId !== undefined || target.objectiveIds !== undefined;
    if ([onVersion, onText, onObjectives].filter(Boolean).length !== 1) {
      ctx.addIssue({ code: "custom", path: [], message: "validation.motion_target" });
    } else if (onObjectives && target.meetingId === undefined) {
      ctx.addIssue({ code: "custom", path: ["meetingId"], message: required });
    } else if (onObjectives && target.objectiveIds === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["objectiveIds"],
        message: "validation.motion_objectives",
      });
    }
  })
  .transform(
    (
      target,
    ):
      | { versionId: string }
      | { currentText: true }
      | { meetingId: string; objectiveIds: string[] } => {
      if (target.versionId !== undefined) return { versionId: target.versionId };
      if (target.currentText) return { currentText: true };
      return { meetingId: target.meetingId!, objectiveIds: target.objectiveIds! };
    },
  );

export const motionOpenInput = z
  .object({
    title: z
      .string({ error: required })
      .trim()
      .min(1, { error: required })
      .max(MAX_MOTION_TITLE, { error: "validation.too_long" }),
    target: motionTarget,
    method: z.enum(MOTION_METHODS, { error: "validation.choice" }),
    votingUnit: z.enum(VOTING_UNITS, { error: "validation.choice" }),
    secret: z.boolean({ error: "validation.invalid" }).default(false),
    hideResults: z
      .boolean({ error: "validation.invalid" })
      .default(false)
      .describe("Results stay hidden until the motion closes (participation counts excepted)"),
    quorum: z
      .number({ error: "validation.quorum" })
      .int({ error: "validation.quorum" })
      .min(0, { error: "validation.quorum" })
      .max(100, { error: "validation.quorum" })
      .optional()
      .describe("Approval only: percent of those entitled who must take part (default 0)"),
    majority: z
      .enum(MAJORITIES, { error: "validation.choice" })
      .optional()
      .describe("Approval only (default simple)"),
    dots: z
      .number({ error: "validation.dots" })
      .int({ error: "validation.dots" })
      .min(1, { error: "validation.dots" })
      .max(MAX_DOTS, { error: "validation.dots" })
      .optional()
      .describe("Dot vote only: dots per voter"),
  })
  .strict()
  .superRefine((input, ctx) => {
    const refuse = (path: string, message: string) =>
      ctx.addIssue({ code: "custom", path: [path], message });
    if (input.method !== "approval") {
      if (input.quorum !== undefined && input.quorum !== 0) refuse("quorum", notApplicable);
      if (input.majority !== undefined) refuse("majority", notApplicable);
    }
    if (input.method === "dot_vote") {
      if (input.dots === undefined) refuse("dots", required);
      if (!("objectiveIds" in input.target)) refuse("target", "validation.motion_dot_target");
    } else if (input.dots !== undefined) {
      refuse("dots", notApplicable);
    }
  })
  .transform((input) => ({
    ...input,
    quorum: input.method === "approval" ? (input.quorum ?? 0) : 0,
    majority: input.method === "approval" ? (input.majority ?? "simple") : null,
    dots: input.method === "dot_vote" ? input.dots! : null,
  }));
export type MotionOpenInput = z.output<typeof motionOpenInput>;

export const ballotInput = z
  .object({
    choice: z.enum(BALLOT_CHOICES, { error: "validation.choice" }).optional(),
    allocation: z
      .record(objectiveId, z.number({ error: "validation.number" }).int().min(0).max(MAX_DOTS), {
        error: "validation.invalid",
      })
      .optional()
      .describe("Dot vote: objective id → dots"),
  })
  .strict()
  .superRefine((input, ctx) => {
    if ((input.choice === undefined) === (input.allocation === undefined)) {
      ctx.addIssue({ code: "custom", path: ["choice"], message: "validation.ballot" });
    }
    if (input.allocation && Object.keys(input.allocation).length > MAX_MOTION_OBJECTIVES) {
      ctx.addIssue({ code: "custom", path: ["allocation"], message: "validation.too_many" });
    }
  });
export type BallotInput = z.output<typeof ballotInput>;

export const objectionInput = z
  .object({
    reason: z
      .string({ error: required })
      .trim()
      .min(1, { error: required })
      .max(MAX_OBJECTION_REASON, { error: "validation.too_long" }),
  })
  .strict();

/**
 * What a ballot says for a motion of `method` on `objectiveIds`, or the fields it gets wrong:
 * approval takes a choice, a dot vote an allocation within its dots (the live board's rules) of
 * at least one dot, on the motion's objectives only.
 */
export function ballotContent(
  motion: { method: MotionMethod; dots: number | null; objectiveIds: readonly string[] },
  input: BallotInput,
):
  | { ok: true; choice: BallotChoice | null; allocation: DotAllocation | null }
  | { ok: false; fields: FieldErrors } {
  if (motion.method === "approval") {
    if (!input.choice) return { ok: false, fields: { choice: required } };
    return { ok: true, choice: input.choice, allocation: null };
  }
  if (motion.method !== "dot_vote" || !input.allocation) {
    return { ok: false, fields: { allocation: required } };
  }
  const allocation: DotAllocation = {};
  for (const [id, dots] of Object.entries(input.allocation)) {
    if (!motion.objectiveIds.includes(id))
      return { ok: false, fields: { allocation: "validation.choice" } };
    if (dots > 0) allocation[id] = dots;
  }
  const dots = motion.dots ?? 0;
  const broken = allocationError(
    { target: "objectives", dots, maxPerItem: dots, anonymous: false },
    allocation,
  );
  if (broken) return { ok: false, fields: { allocation: broken } };
  if (Object.keys(allocation).length === 0) return { ok: false, fields: { allocation: required } };
  return { ok: true, choice: null, allocation };
}

// ---- Who votes ---------------------------------------------------------------------------------

export interface TavoloMember {
  userId: string;
  role: MemberRole;
  organizationId: string | null;
}

/** The key one vote is counted under: the organisation's, or the member's own. */
export function voterKey(unit: VotingUnit, member: TavoloMember): string | null {
  if (!isVotingRole(member.role)) return null;
  if (unit === "member") return `user:${member.userId}`;
  return member.organizationId ? `organization:${member.organizationId}` : null;
}

/**
 * How many may vote: per organisation, the organisations with at least one member who votes; per
 * member, the members who vote (observers never do).
 */
export function entitledCount(unit: VotingUnit, members: readonly TavoloMember[]): number {
  const keys = new Set<string>();
  for (const member of members) {
    const key = voterKey(unit, member);
    if (key) keys.add(key);
  }
  return keys.size;
}

// ---- Tally and decision ------------------------------------------------------------------------

export interface ApprovalTally {
  method: "approval";
  entitled: number;
  participants: number;
  yes: number;
  no: number;
  abstain: number;
}
export interface ConsentTally {
  method: "consent";
  entitled: number;
  participants: number;
  /** Objections not withdrawn. */
  openObjections: number;
  withdrawnObjections: number;
}
export interface DotTally {
  method: "dot_vote";
  entitled: number;
  participants: number;
  /** Every objective of the motion in its order, with its dots. */
  totals: { objectiveId: string; dots: number }[];
}
export type MotionTally = ApprovalTally | ConsentTally | DotTally;

export interface TallyInput {
  entitled: number;
  /** Voters who took part (one per organisation or member). */
  participants: number;
  ballots: readonly { choice: BallotChoice | null; allocation: DotAllocation | null }[];
  objections: readonly { withdrawn: boolean }[];
  objectiveIds: readonly string[];
}

export function tally(method: MotionMethod, input: TallyInput): MotionTally {
  const { entitled, participants } = input;
  if (method === "approval") {
    const counts = { yes: 0, no: 0, abstain: 0 };
    for (const ballot of input.ballots) if (ballot.choice) counts[ballot.choice] += 1;
    return { method, entitled, participants, ...counts };
  }
  if (method === "consent") {
    const withdrawn = input.objections.filter((o) => o.withdrawn).length;
    return {
      method,
      entitled,
      participants,
      openObjections: input.objections.length - withdrawn,
      withdrawnObjections: withdrawn,
    };
  }
  const totals = new Map(input.objectiveIds.map((id) => [id, 0]));
  for (const ballot of input.ballots) {
    for (const [id, dots] of Object.entries(ballot.allocation ?? {})) {
      if (totals.has(id)) totals.set(id, totals.get(id)! + dots);
    }
  }
  return {
    method,
    entitled,
    participants,
    totals: [...totals].map(([objectiveId, dots]) => ({ objectiveId, dots })),
  };
}

export interface RankedObjective {
  objectiveId: string;
  dots: number;
  /** 1 for the most dots; ties share a rank (1, 1, 3). */
  rank: number;
}

export interface Decision {
  outcome: MotionOutcome;
  /** Approval only: whether enough of those entitled took part. */
  quorumReached: boolean | null;
  /** Dot vote only: objectives by dots, most first; ties keep the motion's order. */
  ranking: RankedObjective[] | null;
}

export interface DecisionRules {
  quorum: number;
  majority: Majority | null;
}

/** participants × 100 ≥ quorum × entitled. */
export function quorumReached(quorum: number, participants: number, entitled: number): boolean {
  return participants * 100 >= quorum * entitled;
}

/** Whether the yes votes carry the motion under `majority` (quorum aside). */
export function majorityReached(majority: Majority, t: ApprovalTally): boolean {
  if (majority === "simple") return t.yes > t.no;
  if (majority === "absolute") return t.yes * 2 > t.entitled;
  return t.yes > 0 && t.yes * 3 >= (t.yes + t.no + t.abstain) * 2;
}

export function rank(totals: DotTally["totals"]): RankedObjective[] {
  const sorted = totals
    .map((item, index) => ({ ...item, index }))
    .sort((a, b) => b.dots - a.dots || a.index - b.index);
  return sorted.map((item, position) => {
    let first = position;
    while (first > 0 && sorted[first - 1]!.dots === item.dots) first -= 1;
    return { objectiveId: item.objectiveId, dots: item.dots, rank: first + 1 };
  });
}

export function decide(rules: DecisionRules, t: MotionTally): Decision {
  if (t.method === "dot_vote") {
    return { outcome: "ranked", quorumReached: null, ranking: rank(t.totals) };
  }
  if (t.method === "consent") {
    return {
      outcome: t.openObjections === 0 ? "passed" : "rejected",
      quorumReached: null,
      ranking: null,
    };
  }
  if (!quorumReached(rules.quorum, t.participants, t.entitled)) {
    return { outcome: "no_quorum", quorumReached: false, ranking: null };
  }
  const passed = majorityReached(rules.majority ?? "simple", t);
  return { outcome: passed ? "passed" : "rejected", quorumReached: true, ranking: null };
}

// ---- The view ----------------------------------------------------------------------------------

const person = z
  .object({ id: z.string(), name: z.string() })
  .describe("A display name, never an email");
const isoTime = z.string().describe("ISO 8601 instant");

const rankedOutput = z.object({
  objectiveId: z.string(),
  title: z.string(),
  dots: z.number().int(),
  rank: z.number().int(),
});

/** A tally with its decision: frozen at close; while open, what closing now would decide. */
export const motionResultOutput = z.discriminatedUnion("method", [
  z.object({
    method: z.literal("approval"),
    entitled: z.number().int(),
    participants: z.number().int(),
    yes: z.number().int(),
    no: z.number().int(),
    abstain: z.number().int(),
    outcome: z.enum(MOTION_OUTCOMES),
    quorumReached: z.boolean().nullable(),
  }),
  z.object({
    method: z.literal("consent"),
    entitled: z.number().int(),
    participants: z.number().int(),
    openObjections: z.number().int(),
    withdrawnObjections: z.number().int(),
    outcome: z.enum(MOTION_OUTCOMES),
    quorumReached: z.boolean().nullable(),
  }),
  z.object({
    method: z.literal("dot_vote"),
    entitled: z.number().int(),
    participants: z.number().int(),
    ranking: z.array(rankedOutput),
    outcome: z.enum(MOTION_OUTCOMES),
    quorumReached: z.boolean().nullable(),
  }),
]);
export type MotionResult = z.infer<typeof motionResultOutput>;

export const motionOutput = z.object({
  id: z.string(),
  pactId: z.string().nullable(),
  roundtableId: z.string(),
  title: z.string(),
  method: z.enum(MOTION_METHODS),
  votingUnit: z.enum(VOTING_UNITS),
  secret: z.boolean(),
  hideResults: z.boolean(),
  quorum: z.number().int(),
  majority: z.enum(MAJORITIES).nullable(),
  dots: z.number().int().nullable(),
  target: z.discriminatedUnion("kind", [
    z.object({
      kind: z.literal("version"),
      versionId: z.string(),
      number: z.number().int(),
      label: z.string(),
      hash: z.string(),
      agreedAt: isoTime.nullable().describe("Set once a motion on this version passed"),
    }),
    z.object({
      kind: z.literal("objectives"),
      meetingId: z.string(),
      meetingTitle: z.string(),
      objectives: z.array(z.object({ id: z.string(), title: z.string() })),
    }),
  ]),
  status: z.enum(MOTION_STATUSES),
  outcome: z.enum(MOTION_OUTCOMES).nullable().describe("Null while open"),
  openedAt: isoTime,
  openedBy: person.nullable(),
  closedAt: isoTime.nullable(),
  closedBy: person.nullable(),
  participation: z
    .object({ entitled: z.number().int(), participants: z.number().int() })
    .describe("Always shown, hidden results or not"),
  resultsHidden: z.boolean().describe("Open, with results hidden until the close"),
  results: motionResultOutput.nullable().describe("Null while hidden"),
  ballots: z
    .array(
      z.object({
        voterName: z.string().nullable(),
        organizationName: z.string().nullable(),
        choice: z.enum(BALLOT_CHOICES).nullable(),
        allocation: z.record(z.string(), z.number().int()).nullable(),
        castAt: isoTime.nullable(),
      }),
    )
    .nullable()
    .describe("Who voted what: open ballots only, once results are shown; null when secret"),
  objections: z.array(
    z.object({
      id: z.string(),
      authorName: z.string(),
      organizationName: z.string().nullable(),
      reason: z.string(),
      raisedAt: isoTime,
      withdrawnAt: isoTime.nullable(),
      mine: z.boolean(),
    }),
  ),
  me: z
    .object({
      mayManage: z.boolean().describe("May close it (facilitators and the secretary)"),
      mayVote: z.boolean().describe("May cast (or, open ballot, change) a ballot now"),
      mayObject: z.boolean(),
      voted: z
        .boolean()
        .describe("The caller's vote is in: per organisation, their organisation's (by anyone)"),
      ballot: z
        .object({
          choice: z.enum(BALLOT_CHOICES).nullable(),
          allocation: z.record(z.string(), z.number().int()).nullable(),
        })
        .nullable()
        .describe("The caller's own open ballot (a secret one is shown only when cast)"),
    })
    .describe("The caller's standing in this motion"),
});
export type MotionView = z.infer<typeof motionOutput>;

// ---- Events on /live ---------------------------------------------------------------------------

export function motionsRoom(pactId: string): string {
  return `motions:${pactId}`;
}

const idOf = uuid;

export const motionsJoinInput = z.object({ pactId: idOf }).strict();
// The ballot and the objection themselves are checked by the service, as over the API.
export const motionVoteInput = z
  .object({ motionId: idOf, choice: z.unknown().optional(), allocation: z.unknown().optional() })
  .strict();
export const motionObjectInput = z.object({ motionId: idOf, reason: z.unknown() }).strict();
export const motionWithdrawInput = z.object({ motionId: idOf, objectionId: idOf }).strict();
export const motionCloseInput = z.object({ motionId: idOf }).strict();

/** The error shape of /live acks (core/live.ts LiveErrorBody). */
interface MotionErrorBody {
  code: ErrorCode | "internal";
  message: string;
  fields?: FieldErrors;
}
type Ack<T> = ({ ok: true } & T) | { ok: false; error: MotionErrorBody };
export type MotionsJoinAck = Ack<{ pactId: string; motions: MotionView[] }>;
export type MotionAck = Ack<{ motion: MotionView }>;

export interface MotionChangedMessage {
  pactId: string;
  motionId: string;
  /** What happened; clients fetch the motion again (each sees it as they may). */
  change: "opened" | "voted" | "objected" | "withdrawn" | "closed";
}

export interface MotionsRemovedMessage {
  pactId: string;
  reason: "access_removed";
}

export interface MotionClientToServerEvents {
  /** Joins a pact's motions room; the ack carries its motions as the caller may see them. */
  "motions:join": (payload: { pactId: string }, ack: (reply: MotionsJoinAck) => void) => void;
  "motions:leave": (
    payload: { pactId: string },
    ack: (reply: Ack<{ pactId: string }>) => void,
  ) => void;
  "motion:vote": (
    payload: { motionId: string; choice?: BallotChoice; allocation?: DotAllocation },
    ack: (reply: MotionAck) => void,
  ) => void;
  "motion:object": (
    payload: { motionId: string; reason: string },
    ack: (reply: MotionAck) => void,
  ) => void;
  "motion:withdraw": (
    payload: { motionId: string; objectionId: string },
    ack: (reply: MotionAck) => void,
  ) => void;
  "motion:close": (payload: { motionId: string }, ack: (reply: MotionAck) => void) => void;
}

export interface MotionServerToClientEvents {
  /** A motion of the pact opened, got a ballot or an objection, or closed. */
  "motions:changed": (message: MotionChangedMessage) => void;
  /** This connection no longer receives the pact's motions (its access ended). */
  "motions:removed": (message: MotionsRemovedMessage) => void;
}

export const MOTION_CLIENT_EVENTS = [
  "motions:join",
  "motions:leave",
  "motion:vote",
  "motion:object",
  "motion:withdraw",
  "motion:close",
] as const satisfies (keyof MotionClientToServerEvents)[];
