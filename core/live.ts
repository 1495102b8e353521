// A meeting's live state (status, phase, timer, spotlight, motion, board lock, private writing),
// the pure commands that change it, and the typed socket.io events that carry it on /live.
import { z } from "zod";
import { CONTRIBUTOR_GROUPS, type ContributorGroup, type MeetingPhase } from "./domain";
import type { ErrorCode, FieldErrors } from "./errors";
import type { Standing } from "./permissions";

export const LIVE_NAMESPACE = "/live";

export const MEETING_STATUSES = ["draft", "live", "closed"] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** The phases a live meeting moves through; `draft` and `closed` are its status before and after. */
export const WORKING_PHASES = ["open", "clustering", "voting"] as const satisfies MeetingPhase[];
export type WorkingPhase = (typeof WORKING_PHASES)[number];

/** The status is a function of the phase, so the one stored phase cannot disagree with it. */
export function statusOfPhase(phase: MeetingPhase): MeetingStatus {
  if (phase === "draft") return "draft";
  if (phase === "closed") return "closed";
  return "live";
}

export const SPOTLIGHT_KINDS = ["card", "cluster", "objective"] as const;
export type SpotlightKind = (typeof SPOTLIGHT_KINDS)[number];
export const MOTION_KINDS = ["approval", "consent", "dot_vote"] as const;
export type MotionKind = (typeof MOTION_KINDS)[number];

export type LiveTimer =
  | { kind: "idle" }
  /** Running until `deadline` (an ISO instant): clients count down against it. */
  | { kind: "running"; deadline: string }
  | { kind: "paused"; remainingMs: number };

export type Spotlight = { kind: "none" } | { kind: SpotlightKind; id: string };

export interface LiveMotion {
  id: string;
  kind: MotionKind;
  status: "open" | "closed";
}

export interface LiveState {
  /** Grows by one with every change: the order of states, and the database's concurrency check. */
  version: number;
  status: MeetingStatus;
  phase: MeetingPhase;
  timer: LiveTimer;
  spotlight: Spotlight;
  motion: LiveMotion | null;
  boardLocked: boolean;
  privateWriting: boolean;
}

export function initialLiveState(phase: MeetingPhase = "draft"): LiveState {
  return {
    version: 0,
    status: statusOfPhase(phase),
    phase,
    timer: { kind: "idle" },
    spotlight: { kind: "none" },
    motion: null,
    boardLocked: false,
    privateWriting: false,
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

export const spotlightInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("none") }).strict(),
  z.object({ kind: z.enum(SPOTLIGHT_KINDS), id: boardId }).strict(),
]);

export const liveCommand = z.discriminatedUnion("type", [
  z.object({ type: z.literal("meeting.start") }).strict(),
  z.object({ type: z.literal("meeting.close") }).strict(),
  z.object({ type: z.literal("phase.set"), phase: z.enum(WORKING_PHASES) }).strict(),
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
  z.object({ type: z.literal("motion.open"), motionId: uuid, kind: z.enum(MOTION_KINDS) }).strict(),
  z.object({ type: z.literal("motion.close") }).strict(),
  z.object({ type: z.literal("motion.clear") }).strict(),
  z.object({ type: z.literal("board.lock"), locked: z.boolean() }).strict(),
  z.object({ type: z.literal("writing.private"), enabled: z.boolean() }).strict(),
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
] as const;
export type LiveErrorReason = (typeof LIVE_ERROR_REASONS)[number];

export type LiveResult = { ok: true; state: LiveState } | { ok: false; reason: LiveErrorReason };

/** The catalogue key explaining a refused transition. */
export function liveErrorKey(reason: LiveErrorReason): `live.error.${LiveErrorReason}` {
  return `live.error.${reason}`;
}

const refuse = (reason: LiveErrorReason): LiveResult => ({ ok: false, reason });
const done = (state: LiveState): LiveResult => ({ ok: true, state });

/**
 * Applies one command at instant `now`. The version is left alone (the store assigns it); a
 * command that changes nothing (locking a locked board) returns the very same state object.
 */
export function applyCommand(state: LiveState, command: LiveCommand, now: Date): LiveResult {
  const at = now.getTime();
  const change = (patch: Partial<LiveState>) => done({ ...state, ...patch });

  if (command.type === "meeting.start") {
    if (state.status === "live") return refuse("already_live");
    if (state.status === "closed") return refuse("meeting_closed");
    return change({ status: "live", phase: "open" });
  }
  if (state.status === "closed") return refuse("meeting_closed");

  switch (command.type) {
    case "meeting.close":
      if (state.status !== "live") return refuse("not_live");
      // A closed meeting keeps its record but takes no more input: the board is locked.
      return change({
        status: "closed",
        phase: "closed",
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
  }

  if (state.status !== "live") return refuse("not_live");

  switch (command.type) {
    case "phase.set":
      return state.phase === command.phase ? done(state) : change({ phase: command.phase });
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
      return change({ motion: { id: command.motionId, kind: command.kind, status: "open" } });
    case "motion.close":
      if (state.motion?.status !== "open") return refuse("no_open_motion");
      return change({ motion: { ...state.motion, status: "closed" } });
    case "motion.clear":
      if (state.motion?.status === "open") return refuse("motion_open");
      return state.motion ? change({ motion: null }) : done(state);
  }
}

function sameSpotlight(a: Spotlight, b: Spotlight): boolean {
  return a.kind === b.kind && (a.kind === "none" || a.id === (b as { id: string }).id);
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

export interface ClientToServerEvents {
  "meeting:join": (payload: MeetingJoinInput, ack: (reply: JoinAck) => void) => void;
  "meeting:leave": (payload: MeetingJoinInput, ack: (reply: LeaveAck) => void) => void;
  "meeting:command": (payload: MeetingCommandInput, ack: (reply: CommandAck) => void) => void;
}

/**
 * Why the server took a connection out of a meeting's room: its access to the meeting was removed
 * (removed from the tavolo, or a role that no longer sees meetings), or its credential ended
 * (signed out, session or token revoked; the connection is then closed).
 */
export const MEETING_REMOVAL_REASONS = ["access_removed", "credential_ended"] as const;
export type MeetingRemovalReason = (typeof MEETING_REMOVAL_REASONS)[number];

export interface MeetingRemovedMessage {
  meetingId: string;
  reason: MeetingRemovalReason;
}

export interface ServerToClientEvents {
  /** After every change. Messages may overtake each other: keep the highest `state.version`. */
  "meeting:state": (message: MeetingStateMessage) => void;
  "meeting:presence": (message: MeetingPresenceMessage) => void;
  /** This connection no longer receives the meeting's messages (checked about once a second). */
  "meeting:removed": (message: MeetingRemovedMessage) => void;
}

export const LIVE_CLIENT_EVENTS = [
  "meeting:join",
  "meeting:leave",
  "meeting:command",
] as const satisfies (keyof ClientToServerEvents)[];

export function meetingRoom(meetingId: string): string {
  return `meeting:${meetingId}`;
}
