// A meeting's live state in the database: read it, and change it by one command in a transaction
// guarded by its version, so that every instance and every reconnecting client sees one truth.
import type { Db } from "../../db/create-db";
import { sql, type Selectable } from "kysely";
import type { MeetingLiveStateTable } from "../../db/schema";
import type { ContributorGroup, MeetingPhase } from "../../core/domain";
import { AppError } from "../../core/errors";
import {
  applyCommand,
  initialLiveState,
  liveErrorKey,
  statusOfPhase,
  type AgendaStep,
  type LiveCommand,
  type LiveState,
  type LiveTimer,
  type PresenceEntry,
  type Spotlight,
  type SpotlightKind,
} from "../../core/live";
import { can, type Standing } from "../../core/permissions";
import type { Actor } from "./accounts";
import type { MeetingGuest } from "./meeting-invites";
import { assertId, authorize, findMeeting, StandingCache } from "./access";

/** A remote contributor in a meeting's room, as they introduced themselves (nothing is stored). */
export interface GuestParticipant {
  guest: MeetingGuest;
  /** Stable for one device (its guest key), never derived from anything personal. */
  presenceId: string;
  name: string;
  group: ContributorGroup | null;
}

/** Someone in a live meeting's room, as the minutes count them. */
export interface Attendee {
  participant: Participant;
  presence: PresenceEntry;
  /** Their standing in the tavolo, when known. */
  role: string | null;
}

/** Who joins a meeting's room: a signed-in user or a remote contributor. */
export type Participant = Actor | GuestParticipant;

export const isGuest = (participant: Participant): participant is GuestParticipant =>
  "guest" in participant;

type LiveRow = Selectable<MeetingLiveStateTable>;

// Only the changes a record of the meeting needs; timer and spotlight moves would drown the log.
const AUDITED: ReadonlySet<LiveCommand["type"]> = new Set([
  "meeting.start",
  "meeting.close",
  "step.set",
  "motion.open",
  "motion.close",
  "card.hide",
  "card.restore",
  "participant.remove",
]);

function toState(phase: MeetingPhase, row: LiveRow | undefined): LiveState {
  const state = initialLiveState(phase);
  if (!row) return state;
  const timer: LiveTimer = row.timer_deadline
    ? { kind: "running", deadline: row.timer_deadline.toISOString() }
    : row.timer_remaining_ms !== null
      ? { kind: "paused", remainingMs: row.timer_remaining_ms }
      : { kind: "idle" };
  const spotlight = spotlightFromColumns(row.spotlight_kind, row.spotlight_id);
  return {
    ...state,
    version: row.version,
    status: statusOfPhase(phase),
    timer,
    spotlight,
    step: row.step ?? null,
    motion:
      row.motion_id && row.motion_kind
        ? {
            id: row.motion_id,
            kind: row.motion_kind,
            status: row.motion_open ? "open" : "closed",
            dotVote: row.motion_rules ?? null,
          }
        : null,
    boardLocked: row.board_locked,
    privateWriting: row.private_writing,
    hiddenCards: row.hidden_cards ?? [],
    removedGuests: row.removed_guests ?? [],
  };
}

/** An area is kept in `spotlight_id` as "x,y,width,height"; anything unreadable as no spotlight. */
function spotlightFromColumns(kind: SpotlightKind | null, id: string | null): Spotlight {
  if (!kind || id === null) return { kind: "none" };
  if (kind !== "area") return { kind, id };
  const [x, y, width, height] = id.split(",").map(Number);
  if (![x, y, width, height].every((n) => Number.isFinite(n))) return { kind: "none" };
  return { kind: "area", area: { x: x!, y: y!, width: width!, height: height! } };
}

function spotlightColumn(spotlight: Spotlight): string | null {
  if (spotlight.kind === "none") return null;
  if (spotlight.kind === "area") {
    const { x, y, width, height } = spotlight.area;
    return [x, y, width, height].join(",");
  }
  return spotlight.id;
}

function toColumns(state: LiveState) {
  return {
    version: state.version,
    timer_deadline: state.timer.kind === "running" ? state.timer.deadline : null,
    timer_remaining_ms: state.timer.kind === "paused" ? state.timer.remainingMs : null,
    spotlight_kind: state.spotlight.kind === "none" ? null : state.spotlight.kind,
    spotlight_id: spotlightColumn(state.spotlight),
    motion_id: state.motion?.id ?? null,
    motion_kind: state.motion?.kind ?? null,
    motion_open: state.motion ? state.motion.status === "open" : null,
    board_locked: state.boardLocked,
    private_writing: state.privateWriting,
    step: state.step ? JSON.stringify(state.step) : null,
    hidden_cards: JSON.stringify(state.hiddenCards),
    removed_guests: JSON.stringify(state.removedGuests),
    motion_rules: state.motion?.dotVote ? JSON.stringify(state.motion.dotVote) : null,
  };
}

export interface LiveMeetingView {
  meetingId: string;
  roundtableId: string;
  standing: Standing;
  state: LiveState;
  /** How the actor appears to others in the room. */
  presence: PresenceEntry;
}

/** Attempts at a command when other instances keep changing the same meeting. */
const MAX_ATTEMPTS = 5;

export function createMeetingLive(db: Db, clock: () => Date, accessTtlMs = 1_000) {
  async function readState(executor: Db, meetingId: string, phase: MeetingPhase) {
    const row = await executor
      .selectFrom("meeting_live_state")
      .selectAll()
      .where("meeting_id", "=", meetingId)
      .executeTakeFirst();
    return toState(phase, row);
  }

  async function presenceOf(
    actor: Actor,
    roundtableId: string,
    standing: Exclude<Standing, "none">,
  ): Promise<PresenceEntry> {
    const member = await db
      .selectFrom("roundtable_members as m")
      .leftJoin("organizations as o", "o.id", "m.organization_id")
      .select(["o.name as organization"])
      .where("m.roundtable_id", "=", roundtableId)
      .where("m.user_id", "=", actor.userId)
      .executeTakeFirst();
    return {
      id: actor.userId,
      name: actor.name,
      group: member?.organization
        ? { kind: "organization", name: member.organization }
        : { kind: "role", role: standing },
    };
  }

  /** Meetings never move between tavoli: which tavolo a meeting belongs to is kept once read. */
  const meetingTavolo = new Map<string, string>();
  async function meetingOf(meetingId: string) {
    const id = assertId(meetingId);
    let roundtableId = meetingTavolo.get(id);
    if (!roundtableId) {
      roundtableId = (await findMeeting(db, id)).roundtable_id;
      if (meetingTavolo.size > 10_000) meetingTavolo.clear();
      meetingTavolo.set(id, roundtableId);
    }
    return { id, roundtableId };
  }

  const standings = new StandingCache(db, accessTtlMs);
  /** The state this process last wrote per meeting: a hint, checked by the version on write. */
  const lastWritten = new Map<string, LiveState>();
  const turns = new Map<string, Promise<unknown>>();
  /** Runs commands to one meeting one after another (in this process). */
  function inTurn<T>(meetingId: string, task: () => Promise<T>): Promise<T> {
    const previous = turns.get(meetingId) ?? Promise.resolve();
    const mine = previous.then(task, task);
    const settled = mine.catch(() => {});
    turns.set(meetingId, settled);
    void settled.then(() => {
      if (turns.get(meetingId) === settled) turns.delete(meetingId);
    });
    return mine;
  }

  const service = {
    /** A meeting's current state, to whoever may know it (the /yjs gate asks it). */
    async stateOf(meetingId: string): Promise<LiveState> {
      const meeting = await findMeeting(db, meetingId);
      return readState(db, meeting.id, meeting.phase);
    },

    /** The current state of a meeting one may see, and how one appears in its room. */
    async view(participant: Participant, meetingId: string): Promise<LiveMeetingView> {
      const meeting = await findMeeting(db, meetingId);
      if (isGuest(participant)) {
        // An invite opens its own meeting and no other: any other is as if it did not exist.
        if (participant.guest.meetingId !== meeting.id) {
          throw new AppError("not_found", "error.not_found");
        }
        const state = await readState(db, meeting.id, meeting.phase);
        if (state.removedGuests.includes(participant.presenceId)) {
          throw new AppError("forbidden", "live.error.removed");
        }
        return {
          meetingId: meeting.id,
          roundtableId: meeting.roundtable_id,
          standing: "remote_contributor",
          state,
          presence: {
            id: participant.presenceId,
            name: participant.name,
            group: { kind: "contributor", group: participant.group },
          },
        };
      }
      const actor = participant;
      const standing = await authorize(db, actor, meeting.roundtable_id, "meeting.view");
      // authorize() turns a standing of "none" into not_found.
      if (standing === "none") throw new AppError("not_found", "error.not_found");
      return {
        meetingId: meeting.id,
        roundtableId: meeting.roundtable_id,
        standing,
        state: await readState(db, meeting.id, meeting.phase),
        presence: await presenceOf(actor, meeting.roundtable_id, standing),
      };
    },

    /**
     * Notes who took part in a live meeting, for the minutes: a member by organisation and role, a
     * remote contributor only by the group they chose. Once per person and meeting.
     */
    async recordAttendance(meetingId: string, attendees: Attendee[]): Promise<void> {
      if (attendees.length === 0) return;
      await db
        .insertInto("meeting_attendance")
        .values(
          attendees.map(({ participant, presence, role }) => ({
            meeting_id: meetingId,
            attendee_key: isGuest(participant)
              ? participant.presenceId
              : `user:${participant.userId}`,
            user_id: isGuest(participant) ? null : participant.userId,
            organization_name: presence.group.kind === "organization" ? presence.group.name : null,
            role: isGuest(participant) ? "remote_contributor" : role,
            contributor_group: presence.group.kind === "contributor" ? presence.group.group : null,
          })),
        )
        .onConflict((oc) => oc.columns(["meeting_id", "attendee_key"]).doNothing())
        .execute();
    },

    /**
     * Applies one command for someone who may run the meeting. With `expectedVersion`, only if the
     * state is still that version (a client acting on what it saw). `changed` is false when the
     * command changed nothing: nothing is written or broadcast.
     *
     * Commands to one meeting run one after another in this process, on the state this process
     * last wrote; the write is one statement guarded by the version, so a change made meanwhile by
     * another instance is noticed, the state read afresh and the command applied again. Who may
     * run the meeting is trusted for `accessTtlMs` (as on /yjs), so the common case costs one
     * round trip to the database.
     */
    async run(
      actor: Actor,
      meetingId: string,
      command: LiveCommand,
      expectedVersion?: number,
    ): Promise<{ meetingId: string; state: LiveState; changed: boolean }> {
      const meeting = await meetingOf(meetingId);
      const standing = await standings.get(actor, meeting.roundtableId);
      if (standing === "none") throw new AppError("not_found", "error.not_found");
      if (!can(standing, "meeting.run")) throw new AppError("forbidden", "error.forbidden");
      return inTurn(meeting.id, async () => {
        // Only moving between steps reads the agenda: the state keeps a copy of the step entered.
        const agenda = await agendaFor(meeting.id, command);
        for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
          const cached = attempt === 0 ? lastWritten.get(meeting.id) : undefined;
          const current = cached ?? (await readCurrent(meeting.id));
          const outcome = decide(current, command, agenda, expectedVersion);
          // What a remembered state refuses or leaves alone is asked of the database's again.
          if (cached && outcome.kind !== "write") {
            lastWritten.delete(meeting.id);
            continue;
          }
          if (outcome.kind === "refused") throw outcome.error;
          if (outcome.kind === "unchanged") {
            return { meetingId: meeting.id, state: current, changed: false };
          }
          const next = outcome.state;
          if (await write(meeting, current, next, actor, AUDITED.has(command.type), command)) {
            lastWritten.set(meeting.id, next);
            return { meetingId: meeting.id, state: next, changed: true };
          }
          // Written meanwhile elsewhere: read the truth and try again, unless the caller pinned it.
          lastWritten.delete(meeting.id);
          if (expectedVersion !== undefined) throw new AppError("conflict", "live.error.stale");
        }
        throw new AppError("conflict", "live.error.stale");
      });
    },
  };

  type Outcome =
    | { kind: "write"; state: LiveState }
    | { kind: "unchanged" }
    | { kind: "refused"; error: AppError };

  function decide(
    current: LiveState,
    command: LiveCommand,
    agenda: AgendaStep[],
    expectedVersion?: number,
  ): Outcome {
    if (expectedVersion !== undefined && expectedVersion !== current.version) {
      return { kind: "refused", error: new AppError("conflict", "live.error.stale") };
    }
    const result = applyCommand(current, command, clock(), agenda);
    if (!result.ok) {
      return { kind: "refused", error: new AppError("conflict", liveErrorKey(result.reason)) };
    }
    if (result.state === current) return { kind: "unchanged" };
    return { kind: "write", state: { ...result.state, version: current.version + 1 } };
  }

  /**
   * The agenda a command needs. A facilitator clicks through steps in quick succession, so the
   * agenda read for one is used for the next for a moment (AGENDA_TTL_MS): an edit of the agenda
   * reaches the room within it, and a step not found in the remembered agenda is read afresh.
   */
  const agendas = new Map<string, { steps: AgendaStep[]; at: number }>();
  async function agendaFor(meetingId: string, command: LiveCommand): Promise<AgendaStep[]> {
    if (!NEEDS_AGENDA.has(command.type)) return [];
    const hit = agendas.get(meetingId);
    if (
      command.type === "step.set" &&
      hit &&
      Date.now() - hit.at < AGENDA_TTL_MS &&
      hit.steps.some((step) => step.id === command.stepId)
    ) {
      return hit.steps;
    }
    const steps = await db
      .selectFrom("agenda_items")
      .select(["id", "title", "writing", "voting", "editing"])
      .where("meeting_id", "=", meetingId)
      .orderBy("position")
      .execute();
    if (agendas.size > 10_000) agendas.clear();
    agendas.set(meetingId, { steps, at: Date.now() });
    return steps;
  }

  /** The state in the database, its row made first if the meeting never had a command. */
  async function readCurrent(meetingId: string): Promise<LiveState> {
    await db
      .insertInto("meeting_live_state")
      .values({ meeting_id: meetingId })
      .onConflict((oc) => oc.column("meeting_id").doNothing())
      .execute();
    const { phase } = await findMeeting(db, meetingId);
    return readState(db, meetingId, phase);
  }

  /**
   * One statement: the state where its version is still `current`'s, the meeting's phase if it
   * moved, and the audit line if the command is one the record keeps. False if the version moved.
   */
  async function write(
    meeting: { id: string; roundtableId: string },
    current: LiveState,
    next: LiveState,
    actor: Actor,
    audited: boolean,
    command: LiveCommand,
  ): Promise<boolean> {
    const phaseMoved = next.phase !== current.phase;
    const row = await db
      .with("s", (q) =>
        q
          .updateTable("meeting_live_state")
          .set({ ...toColumns(next), updated_at: clock(), updated_by: actor.userId })
          .where("meeting_id", "=", meeting.id)
          .where("version", "=", current.version)
          .returning("version"),
      )
      .with("m", (q) =>
        q
          .updateTable("meetings")
          .set({ phase: next.phase })
          .where("id", "=", meeting.id)
          .where(() => sql<boolean>`${phaseMoved} and exists (select 1 from s)`),
      )
      .with("a", (q) =>
        q
          .insertInto("audit_events")
          .columns(auditColumns)
          .expression(
            sql`select ${"meeting.live_changed"}, ${actor.userId}::uuid, ${meeting.roundtableId}::uuid,
            ${meeting.id}::uuid,
            ${JSON.stringify(auditDetail(command, next))}::jsonb
            where ${audited} and exists (select 1 from s)`,
          ),
      )
      .selectFrom("s")
      .select("version")
      .executeTakeFirst();
    return row !== undefined;
  }

  return service;
}

const NEEDS_AGENDA: ReadonlySet<LiveCommand["type"]> = new Set(["meeting.start", "step.set"]);
const AGENDA_TTL_MS = 2_000;

/** What the record (and the minutes) keep of a change: the step entered, the card, the guest. */
function auditDetail(command: LiveCommand, next: LiveState) {
  const detail: Record<string, unknown> = {
    command: command.type,
    version: next.version,
    phase: next.phase,
  };
  if (next.step && (command.type === "step.set" || command.type === "meeting.start")) {
    detail.step = { id: next.step.id, title: next.step.title };
  }
  if (command.type === "card.hide" || command.type === "card.restore")
    detail.cardId = command.cardId;
  if (command.type.startsWith("motion.") && next.motion) {
    detail.motion = { id: next.motion.id, kind: next.motion.kind, dotVote: next.motion.dotVote };
  }
  return detail;
}

const auditColumns = ["action", "actor_user_id", "roundtable_id", "subject_id", "detail"] as const;

export type MeetingLive = ReturnType<typeof createMeetingLive>;
