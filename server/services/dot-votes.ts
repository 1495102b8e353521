// Dot votes on a live board: each voter places a few dots on clusters or objectives; casting
// replaces the voter's whole allocation in one transaction, and the room sees the running tally.
import { createHash } from "node:crypto";
import type { Db } from "../../db/create-db";
import { AppError } from "../../core/errors";
import {
  allocationError,
  capabilitiesOf,
  type DotAllocation,
  type DotVoteRules,
  type VoteTallyMessage,
} from "../../core/live";
import { can } from "../../core/permissions";
import { isGuest, type MeetingLive, type Participant } from "./meeting-live";

/** Ballots of one vote cannot be linked to those of another, nor read back to a person. */
function voterKey(motionId: string, participant: Participant): string {
  const person = isGuest(participant) ? participant.presenceId : `user:${participant.userId}`;
  return createHash("sha256").update(`${motionId}:${person}`).digest("base64url").slice(0, 32);
}

export function createDotVotes(db: Db, meetingLive: MeetingLive) {
  async function tally(
    meetingId: string,
    motionId: string,
    rules: DotVoteRules | null,
  ): Promise<VoteTallyMessage> {
    const rows = await db
      .selectFrom("dot_ballots")
      .select(["voter_key", "voter_name", "item_id", "dots"])
      .where("meeting_id", "=", meetingId)
      .where("motion_id", "=", motionId)
      .orderBy("cast_at")
      .orderBy("voter_key")
      .execute();
    const totals: Record<string, number> = {};
    const voters = new Set<string>();
    const voterNames: Record<string, string[]> = {};
    for (const row of rows) {
      totals[row.item_id] = (totals[row.item_id] ?? 0) + row.dots;
      voters.add(row.voter_key);
      if (rules && !rules.anonymous) (voterNames[row.item_id] ??= []).push(row.voter_name ?? "");
    }
    return {
      meetingId,
      motionId,
      totals,
      voters: voters.size,
      ...(rules && !rules.anonymous ? { voterNames } : {}),
    };
  }

  return {
    tally,

    /**
     * Replaces the participant's dots on the open dot vote `motionId`. Refused when that vote is
     * not the meeting's open dot vote, the step does not open voting, or the dots break its rules.
     */
    async cast(
      participant: Participant,
      meetingId: string,
      motionId: string,
      allocation: DotAllocation,
    ): Promise<{ allocation: DotAllocation; tally: VoteTallyMessage }> {
      const view = await meetingLive.view(participant, meetingId);
      if (!can(view.standing, "vote.cast")) throw new AppError("forbidden", "error.forbidden");
      const motion = view.state.motion;
      if (!motion || motion.id !== motionId || motion.status !== "open") {
        throw new AppError("conflict", "vote.error.not_open");
      }
      if (motion.kind !== "dot_vote" || !motion.dotVote) {
        throw new AppError("conflict", "vote.error.not_dot_vote");
      }
      if (!capabilitiesOf(view.state).voting) {
        throw new AppError("conflict", "vote.error.voting_closed");
      }
      const broken = allocationError(motion.dotVote, allocation);
      if (broken) throw new AppError("invalid", broken);
      const key = voterKey(motionId, participant);
      const name = motion.dotVote.anonymous ? null : view.presence.name;
      const entries = Object.entries(allocation).filter(([, dots]) => dots > 0);
      await db.transaction().execute(async (tx) => {
        await tx
          .deleteFrom("dot_ballots")
          .where("motion_id", "=", motionId)
          .where("voter_key", "=", key)
          .execute();
        if (entries.length > 0) {
          await tx
            .insertInto("dot_ballots")
            .values(
              entries.map(([itemId, dots]) => ({
                meeting_id: view.meetingId,
                motion_id: motionId,
                voter_key: key,
                voter_name: name,
                item_id: itemId,
                dots,
              })),
            )
            .execute();
        }
      });
      return {
        allocation: Object.fromEntries(entries),
        tally: await tally(view.meetingId, motionId, motion.dotVote),
      };
    },

    /** The participant's own dots on a vote (to restore them after a reload). */
    async mine(
      participant: Participant,
      meetingId: string,
      motionId: string,
    ): Promise<DotAllocation> {
      const view = await meetingLive.view(participant, meetingId);
      const rows = await db
        .selectFrom("dot_ballots")
        .select(["item_id", "dots"])
        .where("meeting_id", "=", view.meetingId)
        .where("motion_id", "=", motionId)
        .where("voter_key", "=", voterKey(motionId, participant))
        .execute();
      return Object.fromEntries(rows.map((row) => [row.item_id, row.dots]));
    },
  };
}

export type DotVotes = ReturnType<typeof createDotVotes>;
