// Meetings of a tavolo: records with an agenda, whose board is the Yjs document `board:<id>`.
import type { Db } from "../../db/create-db";
import type { AgendaItem, Meeting } from "../../db/schema";
import { boardDocName } from "../../core/domain";
import { AppError } from "../../core/errors";
import {
  meetingInput,
  meetingUpdateInput,
  parseInput,
  type MeetingInput,
} from "../../core/schemas";
import { parseMeetingTime } from "../../core/time";
import type { Actor } from "./accounts";
import { assertId, authorize, authorizeForMeeting } from "./access";
import { recordAudit } from "./audit";

export interface MeetingView {
  id: string;
  roundtableId: string;
  title: string;
  kind: Meeting["kind"];
  phase: Meeting["phase"];
  startsAt: Date;
  place: string | null;
  onlineUrl: string | null;
  agenda: {
    id: string;
    position: number;
    title: string;
    durationMinutes: number;
    writing: boolean;
    voting: boolean;
    editing: boolean;
  }[];
  boardDoc: string;
  createdAt: Date;
}

function toView(meeting: Meeting, agenda: AgendaItem[]): MeetingView {
  return {
    id: meeting.id,
    roundtableId: meeting.roundtable_id,
    title: meeting.title,
    kind: meeting.kind,
    phase: meeting.phase,
    startsAt: meeting.starts_at,
    place: meeting.place,
    onlineUrl: meeting.online_url,
    agenda: agenda
      .sort((a, b) => a.position - b.position)
      .map((item) => ({
        id: item.id,
        position: item.position,
        title: item.title,
        durationMinutes: item.duration_minutes,
        writing: item.writing,
        voting: item.voting,
        editing: item.editing,
      })),
    boardDoc: boardDocName(meeting.id),
    createdAt: meeting.created_at,
  };
}

/** A meeting's start as an instant (a time without offset is Italian time). */
function startTimeOf(data: { startsAt: string }): Date {
  const startsAt = parseMeetingTime(data.startsAt);
  if (!startsAt)
    throw new AppError("invalid", "error.invalid", { startsAt: "validation.datetime" });
  return startsAt;
}

/** An agenda row's columns, at its place in the agenda. */
function agendaColumns(item: MeetingInput["agenda"][number], position: number) {
  return {
    position,
    title: item.title,
    duration_minutes: item.durationMinutes,
    writing: item.writing,
    voting: item.voting,
    editing: item.editing,
  };
}

export function createMeetings(db: Db) {
  return {
    async list(actor: Actor, roundtableId: string): Promise<MeetingView[]> {
      await authorize(db, actor, roundtableId, "meeting.view");
      const meetings = await db
        .selectFrom("meetings")
        .selectAll()
        .where("roundtable_id", "=", roundtableId.toLowerCase())
        .orderBy("starts_at", "desc")
        .execute();
      if (meetings.length === 0) return [];
      const agenda = await db
        .selectFrom("agenda_items")
        .selectAll()
        .where(
          "meeting_id",
          "in",
          meetings.map((m) => m.id),
        )
        .execute();
      return meetings.map((meeting) =>
        toView(
          meeting,
          agenda.filter((item) => item.meeting_id === meeting.id),
        ),
      );
    },

    async create(actor: Actor, roundtableId: string, input: unknown): Promise<MeetingView> {
      await authorize(db, actor, roundtableId, "meeting.create");
      const data = parseInput(meetingInput, input);
      const startsAt = startTimeOf(data);
      return db.transaction().execute(async (tx) => {
        const meeting = await tx
          .insertInto("meetings")
          .values({
            roundtable_id: roundtableId.toLowerCase(),
            title: data.title,
            kind: data.kind,
            starts_at: startsAt,
            place: data.place ?? null,
            online_url: data.onlineUrl ?? null,
            created_by: actor.userId,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const agenda =
          data.agenda.length === 0
            ? []
            : await tx
                .insertInto("agenda_items")
                .values(
                  data.agenda.map((item, position) => ({
                    ...agendaColumns(item, position),
                    meeting_id: meeting.id,
                  })),
                )
                .returningAll()
                .execute();
        await recordAudit(tx, {
          action: "meeting.created",
          actorUserId: actor.userId,
          roundtableId: meeting.roundtable_id,
          subjectId: meeting.id,
        });
        return toView(meeting, agenda);
      });
    },

    /**
     * Changes a meeting's details and agenda. Agenda rows keep their ids (a live meeting's current
     * step stays a step of the agenda); rows left out are deleted, rows without an id added.
     */
    async update(actor: Actor, meetingId: string, input: unknown): Promise<MeetingView> {
      const existing = await db
        .selectFrom("meetings")
        .selectAll()
        .where("id", "=", assertId(meetingId))
        .executeTakeFirst();
      if (!existing) throw new AppError("not_found", "error.not_found");
      await authorize(db, actor, existing.roundtable_id, "meeting.edit");
      const data = parseInput(meetingUpdateInput, input);
      const startsAt = startTimeOf(data);
      return db.transaction().execute(async (tx) => {
        const meeting = await tx
          .updateTable("meetings")
          .set({
            title: data.title,
            kind: data.kind,
            starts_at: startsAt,
            place: data.place ?? null,
            online_url: data.onlineUrl ?? null,
          })
          .where("id", "=", existing.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const current = await tx
          .selectFrom("agenda_items")
          .select("id")
          .where("meeting_id", "=", meeting.id)
          .execute();
        const known = new Set(current.map((row) => row.id));
        const kept = new Set(data.agenda.flatMap((item) => (item.id ? [item.id] : [])));
        const unknown = [...kept].filter((id) => !known.has(id));
        if (unknown.length > 0 || kept.size !== data.agenda.filter((i) => i.id).length) {
          throw new AppError("invalid", "error.invalid", { agenda: "validation.invalid" });
        }
        const gone = [...known].filter((id) => !kept.has(id));
        if (gone.length > 0) {
          await tx.deleteFrom("agenda_items").where("id", "in", gone).execute();
        }
        for (const [position, item] of data.agenda.entries()) {
          const values = agendaColumns(item, position);
          if (item.id) {
            await tx.updateTable("agenda_items").set(values).where("id", "=", item.id).execute();
          } else {
            await tx
              .insertInto("agenda_items")
              .values({ ...values, meeting_id: meeting.id })
              .execute();
          }
        }
        const agenda = await tx
          .selectFrom("agenda_items")
          .selectAll()
          .where("meeting_id", "=", meeting.id)
          .execute();
        await recordAudit(tx, {
          action: "meeting.updated",
          actorUserId: actor.userId,
          roundtableId: meeting.roundtable_id,
          subjectId: meeting.id,
        });
        return toView(meeting, agenda);
      });
    },

    /** The board's cards as projected from its document, oldest first. */
    async listCards(actor: Actor, meetingId: string) {
      const meeting = await authorizeForMeeting(db, actor, meetingId, "board.read");
      return db
        .selectFrom("board_cards as c")
        .leftJoin("board_clusters as k", (join) =>
          join.onRef("k.meeting_id", "=", "c.meeting_id").onRef("k.id", "=", "c.cluster_id"),
        )
        .select([
          "c.id",
          "c.text",
          "c.cluster_id as clusterId",
          "k.label as clusterLabel",
          "c.author_label as authorLabel",
          "c.group_label as group",
          "c.created_at as createdAt",
        ])
        .where("c.meeting_id", "=", meeting.id)
        .orderBy("c.created_at")
        .orderBy("c.id")
        .execute();
    },

    async get(actor: Actor, meetingId: string): Promise<MeetingView> {
      const meeting = await db
        .selectFrom("meetings")
        .selectAll()
        .where("id", "=", assertId(meetingId))
        .executeTakeFirst();
      if (!meeting) throw new AppError("not_found", "error.not_found");
      await authorize(db, actor, meeting.roundtable_id, "meeting.view");
      const agenda = await db
        .selectFrom("agenda_items")
        .selectAll()
        .where("meeting_id", "=", meeting.id)
        .execute();
      return toView(meeting, agenda);
    },
  };
}

export type Meetings = ReturnType<typeof createMeetings>;
