// A meeting's live state (status, phase, timer, spotlight, motion, board lock, private writing),
// the pure commands that change it, and the typed socket.io events that carry it on /live.
import { z } from "zod";
import type { MeetingPhase } from "./domain";
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

/** Where a person in the room belongs: their organisation if they represent one, else their role. */
export type PresenceGroup =
  { kind: "organization"; name: string } | { kind: "role"; role: Exclude<Standing, "none"> };

/** One person in a meeting's room: a display name and a group, never an email. */
export interface PresenceEntry {
  id: string;
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

export interface ServerToClientEvents {
  /** After every change. Messages may overtake each other: keep the highest `state.version`. */
  "meeting:state": (message: MeetingStateMessage) => void;
  "meeting:presence": (message: MeetingPresenceMessage) => void;
}

export const LIVE_CLIENT_EVENTS = [
  "meeting:join",
  "meeting:leave",
  "meeting:command",
] as const satisfies (keyof ClientToServerEvents)[];

export function meetingRoom(meetingId: string): string {
  return `meeting:${meetingId}`;
}
