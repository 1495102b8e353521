// A meeting's live state in the database: read it, and change it by one command in a transaction
// guarded by its version, so that every instance and every reconnecting client sees one truth.
import type { Db } from "../../db/create-db";
import type { Selectable } from "kysely";
import type { MeetingLiveStateTable } from "../../db/schema";
import type { ContributorGroup, MeetingPhase } from "../../core/domain";
import { AppError } from "../../core/errors";
import {
  applyCommand,
  initialLiveState,
  liveErrorKey,
  statusOfPhase,
  type LiveCommand,
  type LiveState,
  type LiveTimer,
  type PresenceEntry,
  type Spotlight,
} from "../../core/live";
import type { Standing } from "../../core/permissions";
import type { Actor } from "./accounts";
import type { MeetingGuest } from "./meeting-invites";
import { assertId, authorize } from "./access";
import { recordAudit } from "./audit";

/** A remote contributor in a meeting's room, as they introduced themselves (nothing is stored). */
export interface GuestParticipant {
  guest: MeetingGuest;
  /** Stable for one device (its guest key), never derived from anything personal. */
  presenceId: string;
  name: string;
  group: ContributorGroup | null;
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
  "phase.set",
  "motion.open",
  "motion.close",
]);

function toState(phase: MeetingPhase, row: LiveRow | undefined): LiveState {
  const state = initialLiveState(phase);
  if (!row) return state;
  const timer: LiveTimer = row.timer_deadline
    ? { kind: "running", deadline: row.timer_deadline.toISOString() }
    : row.timer_remaining_ms !== null
      ? { kind: "paused", remainingMs: row.timer_remaining_ms }
      : { kind: "idle" };
  const spotlight: Spotlight =
    row.spotlight_kind && row.spotlight_id !== null
      ? { kind: row.spotlight_kind, id: row.spotlight_id }
      : { kind: "none" };
  return {
    ...state,
    version: row.version,
    status: statusOfPhase(phase),
    timer,
    spotlight,
    motion:
      row.motion_id && row.motion_kind
        ? { id: row.motion_id, kind: row.motion_kind, status: row.motion_open ? "open" : "closed" }
        : null,
    boardLocked: row.board_locked,
    privateWriting: row.private_writing,
  };
}

function toColumns(state: LiveState) {
  return {
    version: state.version,
    timer_deadline: state.timer.kind === "running" ? state.timer.deadline : null,
    timer_remaining_ms: state.timer.kind === "paused" ? state.timer.remainingMs : null,
    spotlight_kind: state.spotlight.kind === "none" ? null : state.spotlight.kind,
    spotlight_id: state.spotlight.kind === "none" ? null : state.spotlight.id,
    motion_id: state.motion?.id ?? null,
    motion_kind: state.motion?.kind ?? null,
    motion_open: state.motion ? state.motion.status === "open" : null,
    board_locked: state.boardLocked,
    private_writing: state.privateWriting,
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

export function createMeetingLive(db: Db, clock: () => Date) {
  async function findMeeting(executor: Db, meetingId: string) {
    const meeting = await executor
      .selectFrom("meetings")
      .select(["id", "roundtable_id", "phase"])
      .where("id", "=", assertId(meetingId))
      .executeTakeFirst();
    if (!meeting) throw new AppError("not_found", "error.not_found");
    return meeting;
  }

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

  return {
    /** The current state of a meeting one may see, and how one appears in its room. */
    async view(participant: Participant, meetingId: string): Promise<LiveMeetingView> {
      const meeting = await findMeeting(db, meetingId);
      if (isGuest(participant)) {
        // An invite opens its own meeting and no other: any other is as if it did not exist.
        if (participant.guest.meetingId !== meeting.id) {
          throw new AppError("not_found", "error.not_found");
        }
        return {
          meetingId: meeting.id,
          roundtableId: meeting.roundtable_id,
          standing: "remote_contributor",
          state: await readState(db, meeting.id, meeting.phase),
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
     * Applies one command for someone who may run the meeting, in one transaction. With
     * `expectedVersion`, only if the state is still that version (a client acting on what it saw).
     * `changed` is false when the command changed nothing: nothing is written or broadcast.
     */
    async run(
      actor: Actor,
      meetingId: string,
      command: LiveCommand,
      expectedVersion?: number,
    ): Promise<{ meetingId: string; state: LiveState; changed: boolean }> {
      const meeting = await findMeeting(db, meetingId);
      await authorize(db, actor, meeting.roundtable_id, "meeting.run");
      // The row exists before the first change, so that every change is an update on a version.
      await db
        .insertInto("meeting_live_state")
        .values({ meeting_id: meeting.id })
        .onConflict((oc) => oc.column("meeting_id").doNothing())
        .execute();

      return db.transaction().execute(async (trx) => {
        // The row lock queues commands to one meeting (a burst of presses would starve optimistic
        // retries); the version check below still guards any writer that skips the lock. The
        // phase is read after the lock, so it is the one the previous holder committed.
        const row = await trx
          .selectFrom("meeting_live_state")
          .selectAll()
          .where("meeting_id", "=", meeting.id)
          .forUpdate()
          .executeTakeFirst();
        const { phase } = await findMeeting(trx, meeting.id);
        const current = toState(phase, row);
        if (expectedVersion !== undefined && expectedVersion !== current.version) {
          throw new AppError("conflict", "live.error.stale");
        }
        const result = applyCommand(current, command, clock());
        if (!result.ok) throw new AppError("conflict", liveErrorKey(result.reason));
        if (result.state === current)
          return { meetingId: meeting.id, state: current, changed: false };
        const next = { ...result.state, version: current.version + 1 };
        const updated = await trx
          .updateTable("meeting_live_state")
          .set({ ...toColumns(next), updated_at: clock(), updated_by: actor.userId })
          .where("meeting_id", "=", meeting.id)
          .where("version", "=", current.version)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1)
          throw new AppError("conflict", "live.error.stale");
        if (next.phase !== phase) {
          await trx
            .updateTable("meetings")
            .set({ phase: next.phase })
            .where("id", "=", meeting.id)
            .execute();
        }
        if (AUDITED.has(command.type)) {
          await recordAudit(trx, {
            action: "meeting.live_changed",
            actorUserId: actor.userId,
            roundtableId: meeting.roundtable_id,
            subjectId: meeting.id,
            detail: { command: command.type, version: next.version, phase: next.phase },
          });
        }
        return { meetingId: meeting.id, state: next, changed: true };
      });
    },
  };
}

export type MeetingLive = ReturnType<typeof createMeetingLive>;
