// The minutes (verbale) of a meeting: a draft generated from its record (attendance, steps, cards,
// clusters, dot votes), edited by the secretary, then finalised with a content hash and immutable.
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Db } from "../../db/create-db";
import type { Locale } from "../../core/domain";
import { isContributorGroup } from "../../core/domain";
import { AppError } from "../../core/errors";
import type { DotVoteRules } from "../../core/live";
import { draftMinutes, type MinutesFacts } from "../../core/minutes";
import { can } from "../../core/permissions";
import { parseInput } from "../../core/schemas";
import type { Actor } from "./accounts";
import { authorize, findMeeting } from "./access";
import { recordAudit } from "./audit";

export const MAX_MINUTES_LENGTH = 200_000;

export const minutesInput = z
  .object({
    body: z
      .string({ error: "validation.required" })
      .max(MAX_MINUTES_LENGTH, { error: "validation.too_long" }),
  })
  .strict();

export interface MinutesView {
  meetingId: string;
  body: string;
  generatedAt: Date;
  updatedAt: Date;
  finalizedAt: Date | null;
  /** SHA-256 of the final text (hex), once finalised. */
  contentHash: string | null;
  /** Whether the caller may edit and finalise (the secretary or a facilitator). */
  canEdit: boolean;
}

interface AuditDetail {
  command?: string;
  step?: { id: string; title: string };
  motion?: { id: string; kind: string; dotVote: DotVoteRules | null };
}

export function createMinutes(db: Db, clock: () => Date) {
  /** Everything the draft says, read from the record of the meeting. */
  async function gather(meetingId: string): Promise<MinutesFacts> {
    const meeting = await db
      .selectFrom("meetings")
      .selectAll()
      .where("id", "=", (await findMeeting(db, meetingId)).id)
      .executeTakeFirstOrThrow();
    const roundtable = await db
      .selectFrom("roundtables")
      .select(["name", "territory"])
      .where("id", "=", meeting.roundtable_id)
      .executeTakeFirstOrThrow();
    const events = await db
      .selectFrom("audit_events")
      .select(["at", "detail"])
      .where("subject_id", "=", meeting.id)
      .where("action", "=", "meeting.live_changed")
      .orderBy("at")
      .orderBy("id")
      .execute();
    let startedAt: Date | null = null;
    let closedAt: Date | null = null;
    const steps: MinutesFacts["steps"] = [];
    const dotVotes = new Map<string, { rules: DotVoteRules; closedAt: Date | null }>();
    for (const event of events) {
      const detail = (event.detail ?? {}) as AuditDetail;
      const at = new Date(event.at);
      if (detail.command === "meeting.start") startedAt ??= at;
      if (detail.command === "meeting.close") closedAt = at;
      if (detail.step || detail.command === "meeting.close") {
        const last = steps.at(-1);
        if (last && !last.endedAt) last.endedAt = at;
        if (detail.step) steps.push({ title: detail.step.title, startedAt: at, endedAt: null });
      }
      const motion = detail.motion;
      if (motion?.kind === "dot_vote" && motion.dotVote) {
        const known = dotVotes.get(motion.id);
        dotVotes.set(motion.id, {
          rules: motion.dotVote,
          closedAt: detail.command === "motion.close" ? at : (known?.closedAt ?? null),
        });
      }
    }

    const live = await db
      .selectFrom("meeting_live_state")
      .select("hidden_cards")
      .where("meeting_id", "=", meeting.id)
      .executeTakeFirst();
    const hidden = new Set(live?.hidden_cards ?? []);
    const cards = (
      await db
        .selectFrom("board_cards")
        .select(["id", "text", "group_label", "in_person", "cluster_id"])
        .where("meeting_id", "=", meeting.id)
        .orderBy("created_at")
        .orderBy("id")
        .execute()
    )
      .filter((card) => !hidden.has(card.id))
      .map((card) => ({
        id: card.id,
        text: card.text,
        group: card.group_label,
        inPerson: card.in_person,
        clusterId: card.cluster_id,
      }));
    const clusters = await db
      .selectFrom("board_clusters")
      .select(["id", "label"])
      .where("meeting_id", "=", meeting.id)
      .orderBy("label")
      .orderBy("id")
      .execute();
    const objectives = await db
      .selectFrom("board_objectives")
      .select(["id", "title as label"])
      .where("meeting_id", "=", meeting.id)
      .execute();

    const votes: MinutesFacts["votes"] = [];
    for (const [motionId, vote] of dotVotes) {
      const ballots = await db
        .selectFrom("dot_ballots")
        .select(["voter_key", "item_id", "dots"])
        .where("meeting_id", "=", meeting.id)
        .where("motion_id", "=", motionId)
        .execute();
      const labels = new Map(
        (vote.rules.target === "clusters" ? clusters : objectives).map((i) => [i.id, i.label]),
      );
      const totals = new Map<string, number>();
      for (const ballot of ballots) {
        totals.set(ballot.item_id, (totals.get(ballot.item_id) ?? 0) + ballot.dots);
      }
      votes.push({
        target: vote.rules.target,
        closedAt: vote.closedAt,
        voters: new Set(ballots.map((b) => b.voter_key)).size,
        // Items deleted from the board since are left out: the minutes name what still exists.
        ranking: [...totals]
          .filter(([id]) => labels.has(id))
          .map(([id, dots]) => ({ label: labels.get(id)!, dots }))
          .sort((a, b) => b.dots - a.dots || a.label.localeCompare(b.label)),
      });
    }

    const attendance = await db
      .selectFrom("meeting_attendance")
      .select(["organization_name", "role", "contributor_group", "user_id"])
      .where("meeting_id", "=", meeting.id)
      .execute();
    return {
      roundtable,
      meeting: {
        title: meeting.title,
        startsAt: meeting.starts_at,
        place: meeting.place,
        onlineUrl: meeting.online_url,
      },
      startedAt,
      closedAt,
      members: attendance
        .filter((a) => a.role !== "remote_contributor")
        .map((a) => ({ organization: a.organization_name, role: a.role })),
      contributors: attendance
        .filter((a) => a.role === "remote_contributor")
        .map((a) => (isContributorGroup(a.contributor_group) ? a.contributor_group : null)),
      steps,
      cards,
      clusters,
      votes,
    };
  }

  async function read(meetingId: string) {
    return db
      .selectFrom("meeting_minutes")
      .selectAll()
      .where("meeting_id", "=", meetingId)
      .executeTakeFirst();
  }

  function toView(
    row: NonNullable<Awaited<ReturnType<typeof read>>>,
    canEdit: boolean,
  ): MinutesView {
    return {
      meetingId: row.meeting_id,
      body: row.body,
      generatedAt: row.generated_at,
      updatedAt: row.updated_at,
      finalizedAt: row.finalized_at,
      contentHash: row.content_hash,
      canEdit: canEdit && row.finalized_at === null,
    };
  }

  async function editable(actor: Actor, meetingId: string) {
    const meeting = await findMeeting(db, meetingId);
    await authorize(db, actor, meeting.roundtable_id, "meeting.edit");
    const row = await read(meeting.id);
    if (row?.finalized_at) throw new AppError("conflict", "error.minutes_final");
    return { meeting, row };
  }

  return {
    /** The minutes of a meeting, or null before a draft was generated. */
    async get(actor: Actor, meetingId: string): Promise<MinutesView | null> {
      const meeting = await findMeeting(db, meetingId);
      const standing = await authorize(db, actor, meeting.roundtable_id, "meeting.view");
      const row = await read(meeting.id);
      return row ? toView(row, can(standing, "meeting.edit")) : null;
    },

    /** Writes (or rewrites) the draft from the record; refused once the minutes are final. */
    async generate(actor: Actor, meetingId: string, locale: Locale): Promise<MinutesView> {
      const { meeting } = await editable(actor, meetingId);
      const body = draftMinutes(await gather(meeting.id), locale);
      const now = clock();
      const row = await db
        .insertInto("meeting_minutes")
        .values({
          meeting_id: meeting.id,
          body,
          generated_at: now,
          updated_at: now,
          updated_by: actor.userId,
        })
        .onConflict((oc) =>
          oc
            .column("meeting_id")
            .doUpdateSet({ body, generated_at: now, updated_at: now, updated_by: actor.userId })
            .where("meeting_minutes.finalized_at", "is", null),
        )
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new AppError("conflict", "error.minutes_final");
      return toView(row, true);
    },

    async update(actor: Actor, meetingId: string, input: unknown): Promise<MinutesView> {
      const { body } = parseInput(minutesInput, input);
      const { meeting, row: existing } = await editable(actor, meetingId);
      if (!existing) throw new AppError("not_found", "error.minutes_missing");
      const row = await db
        .updateTable("meeting_minutes")
        .set({ body, updated_at: clock(), updated_by: actor.userId })
        .where("meeting_id", "=", meeting.id)
        .where("finalized_at", "is", null)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new AppError("conflict", "error.minutes_final");
      return toView(row, true);
    },

    /** Makes the minutes final: their text and hash never change again. */
    async finalize(actor: Actor, meetingId: string): Promise<MinutesView> {
      const { meeting, row: existing } = await editable(actor, meetingId);
      if (!existing) throw new AppError("not_found", "error.minutes_missing");
      const hash = createHash("sha256").update(existing.body, "utf8").digest("hex");
      const row = await db
        .updateTable("meeting_minutes")
        .set({ finalized_at: clock(), finalized_by: actor.userId, content_hash: hash })
        .where("meeting_id", "=", meeting.id)
        .where("finalized_at", "is", null)
        // Only the text that was read is finalised: an edit in between must be looked at first.
        .where("body", "=", existing.body)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new AppError("conflict", "error.minutes_changed");
      await recordAudit(db, {
        action: "meeting.minutes_finalized",
        actorUserId: actor.userId,
        roundtableId: meeting.roundtable_id,
        subjectId: meeting.id,
        detail: { contentHash: hash },
      });
      return toView(row, false);
    },
  };
}

export type Minutes = ReturnType<typeof createMinutes>;
