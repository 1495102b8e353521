// A meeting's live state (status, phase, timer, spotlight, motion, board lock, private writing),
// the pure commands that change it, and the typed socket.io events that carry it on /live.
import { z } from "zod";
import { CONTRIBUTOR_GROUPS, type ContributorGroup, type MeetingPhase } from "./domain";
import type { ErrorCode, FieldErrors } from "./errors";
import type { Standing } from "./permissions";
import type { MotionClientToServerEvents, MotionServerToClientEvents } from "./motions";

export const LIVE_NAMESPACE = "/live";

export const MEETING_STATUSES = ["draft", "live", "closed"] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** The status is a function of the phase, so the one stored phase cannot disagree with it. */
export function statusOfPhase(phase: MeetingPhase): MeetingStatus {
  if (phase === "draft") return "draft";
  if (phase === "closed") return "closed";
  return "live";
}

/**
 * One step of a meeting's agenda (its "phase" in the UI): what it is called and what it opens.
 * A live meeting is always on one step; the facilitator moves between them in any order.
 */
export interface AgendaStep {
  id: string;
  title: string;
  /** Participants may add cards. */
  writing: boolean;
  /** A vote may be opened and cast. */
  voting: boolean;
  /** Cards may be moved, edited and clustered by members. */
  editing: boolean;
}

/** The default agenda of a workshop (keys into the catalogue `agenda.default.*`), in order. */
export const DEFAULT_AGENDA = [
  { key: "welcome", minutes: 10, writing: false, voting: false, editing: false },
  { key: "listening", minutes: 30, writing: true, voting: false, editing: true },
  { key: "clustering", minutes: 20, writing: false, voting: false, editing: true },
  { key: "objectives", minutes: 20, writing: false, voting: false, editing: true },
  { key: "actions", minutes: 20, writing: true, voting: false, editing: true },
  { key: "priorities", minutes: 15, writing: false, voting: true, editing: false },
  { key: "closing", minutes: 5, writing: false, voting: false, editing: false },
] as const;

export const SPOTLIGHT_KINDS = ["card", "cluster", "objective", "area"] as const;
export type SpotlightKind = (typeof SPOTLIGHT_KINDS)[number];
export const MOTION_KINDS = ["approval", "consent", "dot_vote"] as const;
export type MotionKind = (typeof MOTION_KINDS)[number];

export type LiveTimer =
  | { kind: "idle" }
  /** Running until `deadline` (an ISO instant): clients count down against it. */
  | { kind: "running"; deadline: string }
  | { kind: "paused"; remainingMs: number };

/** A rectangle of the board, in board coordinates. */
export interface BoardArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type Spotlight =
  | { kind: "none" }
  | { kind: Exclude<SpotlightKind, "area">; id: string }
  | { kind: "area"; area: BoardArea };

export const DOT_VOTE_TARGETS = ["clusters", "objectives"] as const;
export type DotVoteTarget = (typeof DOT_VOTE_TARGETS)[number];

/** How a dot vote is cast: `dots` for each voter, at most `maxPerItem` on one item. */
export interface DotVoteRules {
  target: DotVoteTarget;
  dots: number;
  maxPerItem: number;
  /** Anonymous: only totals are shown; otherwise each item also lists who put dots on it. */
  anonymous: boolean;
}

export interface LiveMotion {
  id: string;
  kind: MotionKind;
  status: "open" | "closed";
  /** For a dot vote: its rules. */
  dotVote: DotVoteRules | null;
}

export interface LiveState {
  /** Grows by one with every change: the order of states, and the database's concurrency check. */
  version: number;
  status: MeetingStatus;
  phase: MeetingPhase;
  /** The agenda step the meeting is on (null before it starts, after it closes, or with no agenda). */
  step: AgendaStep | null;
  timer: LiveTimer;
  spotlight: Spotlight;
  motion: LiveMotion | null;
  boardLocked: boolean;
  privateWriting: boolean;
  /** Cards the facilitator hid from the board (kept in the document, shown to no one but them). */
  hiddenCards: string[];
  /** Remote contributors (presence ids) the facilitator removed: refused on /live and /yjs. */
  removedGuests: string[];
}

export function initialLiveState(phase: MeetingPhase = "draft"): LiveState {
  return {
    version: 0,
    status: statusOfPhase(phase),
    phase,
    step: null,
    timer: { kind: "idle" },
    spotlight: { kind: "none" },
    motion: null,
    boardLocked: false,
    privateWriting: false,
    hiddenCards: [],
    removedGuests: [],
  };
}

/** What participants may do now; facilitators may always edit, as long as the meeting is not closed. */
export interface LiveCapabilities {
  writing: boolean;
  voting: boolean;
  editing: boolean;
}

export function capabilitiesOf(state: LiveState): LiveCapabilities {
  if (state.status !== "live" || state.boardLocked) {
    return { writing: false, voting: false, editing: false };
  }
  const step = state.step;
  return {
    writing: step ? step.writing : true,
    voting: (step ? step.voting : true) && state.motion?.status === "open",
    editing: step ? step.editing : true,
  };
}

// ---- Commands ---------------------------------------------------------------------------------

export const MAX_TIMER_MS = 6 * 3600_000;
export const MAX_TIMER_STEP_MS = 3600_000;

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
  error: "validation.invalid",
});
// Board entries are keyed by the ids of the board document (core/board.ts).
const boardId = z.string().min(1).max(64);

const coordinate = z.number().finite().min(-1e6).max(1e6);
const extent = z.number().finite().min(1).max(1e6);

export const spotlightInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("none") }).strict(),
  z.object({ kind: z.enum(["card", "cluster", "objective"]), id: boardId }).strict(),
  z
    .object({
      kind: z.literal("area"),
      area: z.object({ x: coordinate, y: coordinate, width: extent, height: extent }).strict(),
    })
    .strict(),
]);

export const MAX_DOTS = 20;
export const MAX_HIDDEN_CARDS = 5_000;
export const MAX_REMOVED_GUESTS = 1_000;

export const dotVoteRules = z
  .object({
    target: z.enum(DOT_VOTE_TARGETS),
    dots: z.number().int().min(1).max(MAX_DOTS),
    maxPerItem: z.number().int().min(1).max(MAX_DOTS),
    anonymous: z.boolean(),
  })
  .strict()
  .refine((rules) => rules.maxPerItem <= rules.dots, {
    error: "validation.invalid",
    path: ["maxPerItem"],
  });

export const liveCommand = z.discriminatedUnion("type", [
  z.object({ type: z.literal("meeting.start") }).strict(),
  z.object({ type: z.literal("meeting.close") }).strict(),
  z.object({ type: z.literal("step.set"), stepId: uuid }).strict(),
  z
    .object({
      type: z.literal("timer.start"),
      durationMs: z.number().int().min(1000).max(MAX_TIMER_MS),
    })
    .strict(),
  z.object({ type: z.literal("timer.pause") }).strict(),
  z.object({ type: z.literal("timer.resume") }).strict(),
  z
    .object({
      type: z.literal("timer.add"),
      deltaMs: z
        .number()
        .int()
        .min(-MAX_TIMER_STEP_MS)
        .max(MAX_TIMER_STEP_MS)
        .refine((n) => n !== 0),
    })
    .strict(),
  z.object({ type: z.literal("timer.clear") }).strict(),
  z.object({ type: z.literal("spotlight.set"), spotlight: spotlightInput }).strict(),
  // Ids are chosen by the client, like board entries: a retried command cannot open two motions.
  z
    .object({
      type: z.literal("motion.open"),
      motionId: uuid,
      kind: z.enum(MOTION_KINDS),
      dotVote: dotVoteRules.optional(),
    })
    .strict()
    .refine((c) => (c.kind === "dot_vote") === (c.dotVote !== undefined), {
      error: "validation.invalid",
      path: ["dotVote"],
    }),
  z.object({ type: z.literal("motion.close") }).strict(),
  z.object({ type: z.literal("motion.clear") }).strict(),
  z.object({ type: z.literal("board.lock"), locked: z.boolean() }).strict(),
  z.object({ type: z.literal("writing.private"), enabled: z.boolean() }).strict(),
  z.object({ type: z.literal("card.hide"), cardId: boardId }).strict(),
  z.object({ type: z.literal("card.restore"), cardId: boardId }).strict(),
  z
    .object({ type: z.literal("participant.remove"), presenceId: z.string().min(1).max(80) })
    .strict(),
]);
export type LiveCommand = z.infer<typeof liveCommand>;

export const LIVE_ERROR_REASONS = [
  "already_live",
  "not_live",
  "meeting_closed",
  "timer_not_running",
  "timer_not_paused",
  "timer_idle",
  "motion_open",
  "no_open_motion",
  "unknown_step",
  "voting_closed",
  "too_many_hidden",
  "not_a_guest",
] as const;
export type LiveErrorReason = (typeof LIVE_ERROR_REASONS)[number];

export type LiveResult = { ok: true; state: LiveState } | { ok: false; reason: LiveErrorReason };

/** The catalogue key explaining a refused transition. */
export function liveErrorKey(reason: LiveErrorReason): `live.error.${LiveErrorReason}` {
  return `live.error.${reason}`;
}

const refuse = (reason: LiveErrorReason): LiveResult => ({ ok: false, reason });
const done = (state: LiveState): LiveResult => ({ ok: true, state });

/** Remote contributors' presence ids (server/live/authenticate.ts) start so; users' never do. */
export const GUEST_PRESENCE_PREFIX = "guest:";

function sameStep(a: AgendaStep | null, b: AgendaStep | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.id === b.id &&
    a.title === b.title &&
    a.writing === b.writing &&
    a.voting === b.voting &&
    a.editing === b.editing
  );
}

/**
 * Applies one command at instant `now`, on a meeting whose agenda is `agenda`. The version is left
 * alone (the store assigns it); a command that changes nothing (locking a locked board) returns
 * the very same state object.
 */
export function applyCommand(
  state: LiveState,
  command: LiveCommand,
  now: Date,
  agenda: readonly AgendaStep[] = [],
): LiveResult {
  const at = now.getTime();
  const change = (patch: Partial<LiveState>) => done({ ...state, ...patch });

  if (command.type === "meeting.start") {
    if (state.status === "live") return refuse("already_live");
    if (state.status === "closed") return refuse("meeting_closed");
    return change({ status: "live", phase: "open", step: agenda[0] ?? null });
  }
  if (state.status === "closed") return refuse("meeting_closed");

  switch (command.type) {
    case "meeting.close":
      if (state.status !== "live") return refuse("not_live");
      // A closed meeting keeps its record but takes no more input: the board is locked.
      return change({
        status: "closed",
        phase: "closed",
        step: null,
        timer: { kind: "idle" },
        spotlight: { kind: "none" },
        motion: state.motion ? { ...state.motion, status: "closed" } : null,
        boardLocked: true,
        privateWriting: false,
      });
    case "board.lock":
      return state.boardLocked === command.locked
        ? done(state)
        : change({ boardLocked: command.locked });
    case "writing.private":
      return state.privateWriting === command.enabled
        ? done(state)
        : change({ privateWriting: command.enabled });
    case "spotlight.set":
      return sameSpotlight(state.spotlight, command.spotlight)
        ? done(state)
        : change({ spotlight: command.spotlight });
    case "card.hide":
      if (state.hiddenCards.includes(command.cardId)) return done(state);
      if (state.hiddenCards.length >= MAX_HIDDEN_CARDS) return refuse("too_many_hidden");
      return change({ hiddenCards: [...state.hiddenCards, command.cardId] });
    case "card.restore":
      return state.hiddenCards.includes(command.cardId)
        ? change({ hiddenCards: state.hiddenCards.filter((id) => id !== command.cardId) })
        : done(state);
    case "participant.remove":
      if (!command.presenceId.startsWith(GUEST_PRESENCE_PREFIX)) return refuse("not_a_guest");
      if (state.removedGuests.includes(command.presenceId)) return done(state);
      // The oldest removals make room: a device removed long ago is unlikely to come back.
      return change({
        removedGuests: [...state.removedGuests, command.presenceId].slice(-MAX_REMOVED_GUESTS),
      });
  }

  if (state.status !== "live") return refuse("not_live");

  switch (command.type) {
    case "step.set": {
      const step = agenda.find((item) => item.id === command.stepId);
      if (!step) return refuse("unknown_step");
      return sameStep(state.step, step) ? done(state) : change({ step: { ...step } });
    }
    case "timer.start":
      return change({
        timer: { kind: "running", deadline: new Date(at + command.durationMs).toISOString() },
      });
    case "timer.pause": {
      if (state.timer.kind !== "running") return refuse("timer_not_running");
      const remainingMs = Math.max(0, Date.parse(state.timer.deadline) - at);
      return change({ timer: { kind: "paused", remainingMs } });
    }
    case "timer.resume":
      if (state.timer.kind !== "paused") return refuse("timer_not_paused");
      return change({
        timer: { kind: "running", deadline: new Date(at + state.timer.remainingMs).toISOString() },
      });
    case "timer.add":
      if (state.timer.kind === "idle") return refuse("timer_idle");
      if (state.timer.kind === "paused") {
        const remainingMs = Math.max(0, state.timer.remainingMs + command.deltaMs);
        return change({ timer: { kind: "paused", remainingMs } });
      }
      {
        // Taking time off never moves the deadline into the past: the timer just ends now.
        const deadline = Math.max(at, Date.parse(state.timer.deadline) + command.deltaMs);
        return change({ timer: { kind: "running", deadline: new Date(deadline).toISOString() } });
      }
    case "timer.clear":
      return state.timer.kind === "idle" ? done(state) : change({ timer: { kind: "idle" } });
    case "motion.open":
      if (state.motion?.status === "open") return refuse("motion_open");
      if (state.step && !state.step.voting) return refuse("voting_closed");
      return change({
        motion: {
          id: command.motionId,
          kind: command.kind,
          status: "open",
          dotVote: command.dotVote ?? null,
        },
      });
    case "motion.close":
      if (state.motion?.status !== "open") return refuse("no_open_motion");
      return change({ motion: { ...state.motion, status: "closed" } });
    case "motion.clear":
      if (state.motion?.status === "open") return refuse("motion_open");
      return state.motion ? change({ motion: null }) : done(state);
  }
}

function sameSpotlight(a: Spotlight, b: Spotlight): boolean {
  if (a.kind === "none" || b.kind === "none") return a.kind === b.kind;
  if (a.kind === "area" || b.kind === "area") {
    return (
      a.kind === "area" &&
      b.kind === "area" &&
      a.area.x === b.area.x &&
      a.area.y === b.area.y &&
      a.area.width === b.area.width &&
      a.area.height === b.area.height
    );
  }
  return a.kind === b.kind && a.id === b.id;
}

// ---- Events on /live ----------------------------------------------------------------------------

/**
 * What a remote contributor, connecting with a meeting invite token, says about themselves in the
 * handshake's `auth`: a display name (none: anonymous), a group, and a random key their device
 * keeps so that two tabs, or a reconnect, count as one person. None of it is stored.
 */
export const guestHandshake = z.object({
  name: z
    .string()
    .transform((value) => value.replace(/[\p{Cc}\p{Cf}]/gu, "").trim())
    .pipe(z.string().max(60, { error: "validation.too_long" }))
    .optional(),
  group: z.enum(CONTRIBUTOR_GROUPS, { error: "validation.choice" }).optional(),
  guestKey: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,64}$/, { error: "validation.invalid" })
    .optional(),
});
export type GuestHandshake = z.infer<typeof guestHandshake>;

export const meetingJoinInput = z.object({ meetingId: uuid }).strict();
export type MeetingJoinInput = z.infer<typeof meetingJoinInput>;

export const meetingCommandInput = z
  .object({
    meetingId: uuid,
    command: liveCommand,
    /** Apply only if the state is still this version: refused as stale otherwise. */
    expectedVersion: z.number().int().min(0).optional(),
  })
  .strict();
export type MeetingCommandInput = z.infer<typeof meetingCommandInput>;

/**
 * Where a person in the room belongs: their organisation if they represent one, else their role;
 * a remote contributor, the group they chose (or none).
 */
export type PresenceGroup =
  | { kind: "organization"; name: string }
  | { kind: "role"; role: Exclude<Standing, "none"> }
  | { kind: "contributor"; group: ContributorGroup | null };

/** One person in a meeting's room: a display name and a group, never an email. */
export interface PresenceEntry {
  id: string;
  /** Empty for a remote contributor who chose to stay anonymous. */
  name: string;
  group: PresenceGroup;
}

export interface MeetingStateMessage {
  meetingId: string;
  state: LiveState;
  /** The server's clock when sent, so a client can correct its own before counting down. */
  serverTime: string;
}

export interface MeetingPresenceMessage {
  meetingId: string;
  people: PresenceEntry[];
}

/** The one error shape (core/errors.ts), with a message in the client's language. */
export interface LiveErrorBody {
  /** An error code of core/errors.ts, or `internal` for a fault of the server's own. */
  code: ErrorCode | "internal";
  message: string;
  fields?: FieldErrors;
}

export type LiveAck<T> = ({ ok: true } & T) | { ok: false; error: LiveErrorBody };
export type JoinAck = LiveAck<MeetingStateMessage>;
export type CommandAck = LiveAck<MeetingStateMessage>;
export type LeaveAck = LiveAck<{ meetingId: string }>;

/** One voter's dots: item id (a cluster or an objective of the board) → dots on it. */
export type DotAllocation = Record<string, number>;

const allocation = z
  .record(boardId, z.number().int().min(1).max(MAX_DOTS))
  .refine((value) => Object.keys(value).length <= MAX_DOTS, { error: "validation.invalid" });

/** Casting replaces the voter's whole allocation (so a retry or a change of mind is one message). */
export const voteCastInput = z.object({ meetingId: uuid, motionId: uuid, allocation }).strict();
export type VoteCastInput = z.infer<typeof voteCastInput>;

export const voteMineInput = z.object({ meetingId: uuid, motionId: uuid }).strict();
export type VoteMineInput = z.infer<typeof voteMineInput>;

/** Why an allocation breaks the vote's rules (pure, so the client can say it before sending). */
export function allocationError(
  rules: DotVoteRules,
  value: DotAllocation,
): "vote.error.too_many_dots" | "vote.error.too_many_on_item" | null {
  let total = 0;
  for (const dots of Object.values(value)) {
    if (dots > rules.maxPerItem) return "vote.error.too_many_on_item";
    total += dots;
  }
  return total > rules.dots ? "vote.error.too_many_dots" : null;
}

/** A dot vote's running tally, sent to the whole room after every ballot. */
export interface VoteTallyMessage {
  meetingId: string;
  motionId: string;
  /** Item id → dots. */
  totals: Record<string, number>;
  /** How many people have placed at least one dot. */
  voters: number;
  /** Not anonymous: item id → display names of who put dots on it (anonymous guests as ""). */
  voterNames?: Record<string, string[]>;
}

export type VoteCastAck = LiveAck<{ allocation: DotAllocation }>;
export type VoteMineAck = LiveAck<{ allocation: DotAllocation }>;

/** Motions (core/motions.ts) share the connection: a pact's motions room. */
export interface ClientToServerEvents extends MotionClientToServerEvents {
  "meeting:join": (payload: MeetingJoinInput, ack: (reply: JoinAck) => void) => void;
  "meeting:leave": (payload: MeetingJoinInput, ack: (reply: LeaveAck) => void) => void;
  "meeting:command": (payload: MeetingCommandInput, ack: (reply: CommandAck) => void) => void;
  /** Places one's dots on the open dot vote (only while voting is open). */
  "vote:cast": (payload: VoteCastInput, ack: (reply: VoteCastAck) => void) => void;
  /** One's own dots on a vote (after a reload). */
  "vote:mine": (payload: VoteMineInput, ack: (reply: VoteMineAck) => void) => void;
}

/**
 * Why the server took a connection out of a meeting's room: its access to the meeting was removed
 * (removed from the tavolo, or a role that no longer sees meetings), or its credential ended
 * (signed out, session or token revoked; the connection is then closed).
 */
export const MEETING_REMOVAL_REASONS = [
  "access_removed",
  "credential_ended",
  "removed_by_facilitator",
] as const;
export type MeetingRemovalReason = (typeof MEETING_REMOVAL_REASONS)[number];

export interface MeetingRemovedMessage {
  meetingId: string;
  reason: MeetingRemovalReason;
}

export interface ServerToClientEvents extends MotionServerToClientEvents {
  /** After every change. Messages may overtake each other: keep the highest `state.version`. */
  "meeting:state": (message: MeetingStateMessage) => void;
  "meeting:presence": (message: MeetingPresenceMessage) => void;
  /** This connection no longer receives the meeting's messages (checked about once a second). */
  "meeting:removed": (message: MeetingRemovedMessage) => void;
  /** After every ballot, on join, and when a vote opens or closes. */
  "vote:tally": (message: VoteTallyMessage) => void;
}

export const LIVE_CLIENT_EVENTS = [
  "meeting:join",
  "meeting:leave",
  "meeting:command",
  "vote:cast",
  "vote:mine",
] as const satisfies (keyof ClientToServerEvents)[];

export function meetingRoom(meetingId: string): string {
  return `meeting:${meetingId}`;
}
