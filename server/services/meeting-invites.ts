// Meeting invites: links (and QR codes) that let remote contributors into one meeting's board and
// live room with no account. A token names a meeting and nothing else; no one who uses it is stored.
import { createHash } from "node:crypto";
import { GUEST_PRESENCE_PREFIX } from "../../core/live";
import type { Db } from "../../db/create-db";
import type { MeetingInvite } from "../../db/schema";
import { AppError } from "../../core/errors";
import { meetingInviteInput, parseInput } from "../../core/schemas";
import type { Actor } from "./accounts";
import { assertId, authorizeForMeeting } from "./access";
import { recordAudit } from "./audit";
import { newToken, tokenHash } from "./secrets";

/** Meeting invite tokens start with this, so every endpoint can tell them from API tokens. */
export const MEETING_INVITE_PREFIX = "tvm_";
const MAX_TOKEN_LENGTH = 200;

export type MeetingInviteStatus = "valid" | "expired" | "revoked";

export interface MeetingInviteView {
  id: string;
  meetingId: string;
  label: string | null;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  status: MeetingInviteStatus;
}

/** Whoever holds a valid meeting invite: a remote contributor to that one meeting. */
export interface MeetingGuest {
  inviteId: string;
  meetingId: string;
  roundtableId: string;
  /** Shown on the join page, so a parent knows which meeting the link opens. */
  meetingTitle: string;
}

/**
 * How a remote contributor appears in a meeting, the same on /live and /yjs: a hash of the invite
 * and the key their device keeps, so it names neither them nor the link.
 */
export function guestPresenceId(inviteId: string, device: string): string {
  return `${GUEST_PRESENCE_PREFIX}${createHash("sha256")
    .update(`${inviteId}:${device}`)
    .digest("base64url")
    .slice(0, 22)}`;
}

export function isMeetingInviteToken(token: string): boolean {
  return token.startsWith(MEETING_INVITE_PREFIX) && token.length <= MAX_TOKEN_LENGTH;
}

export function createMeetingInvites(db: Db, clock: () => Date) {
  function toView(row: MeetingInvite): MeetingInviteView {
    const status: MeetingInviteStatus = row.revoked_at
      ? "revoked"
      : row.expires_at <= clock()
        ? "expired"
        : "valid";
    return {
      id: row.id,
      meetingId: row.meeting_id,
      label: row.label,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      revokedAt: row.revoked_at,
      status,
    };
  }

  /** The meeting, if the caller may hand out links to it (those who run it). */
  const meetingToInviteTo = (actor: Actor, meetingId: string) =>
    authorizeForMeeting(db, actor, meetingId, "meeting.run");

  return {
    /** A new link; the token is returned once and only its hash is kept. */
    async create(actor: Actor, meetingId: string, input: unknown) {
      const meeting = await meetingToInviteTo(actor, meetingId);
      const data = parseInput(meetingInviteInput, input ?? {});
      const token = newToken(MEETING_INVITE_PREFIX.slice(0, -1));
      const row = await db
        .insertInto("meeting_invites")
        .values({
          meeting_id: meeting.id,
          label: data.label ?? null,
          token_hash: tokenHash(token),
          created_by: actor.userId,
          expires_at: new Date(clock().getTime() + data.expiresInHours * 3600_000),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(db, {
        action: "meeting_invite.created",
        actorUserId: actor.userId,
        roundtableId: meeting.roundtable_id,
        subjectId: row.id,
        detail: { meetingId: meeting.id, expiresInHours: data.expiresInHours },
      });
      return { token, invite: toView(row) };
    },

    /** Every link of a meeting, newest first, with its status; never the tokens. */
    async list(actor: Actor, meetingId: string): Promise<MeetingInviteView[]> {
      const meeting = await meetingToInviteTo(actor, meetingId);
      const rows = await db
        .selectFrom("meeting_invites")
        .selectAll()
        .where("meeting_id", "=", meeting.id)
        .orderBy("created_at", "desc")
        .execute();
      return rows.map(toView);
    },

    /** Ends a link: connections that came in by it lose access within a second. */
    async revoke(actor: Actor, meetingId: string, inviteId: string): Promise<MeetingInviteView> {
      const meeting = await meetingToInviteTo(actor, meetingId);
      const row = await db
        .updateTable("meeting_invites")
        .set({ revoked_at: clock() })
        .where("id", "=", assertId(inviteId))
        .where("meeting_id", "=", meeting.id)
        .where("revoked_at", "is", null)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new AppError("not_found", "error.not_found");
      await recordAudit(db, {
        action: "meeting_invite.revoked",
        actorUserId: actor.userId,
        roundtableId: meeting.roundtable_id,
        subjectId: row.id,
      });
      return toView(row);
    },

    /** The guest a token admits, or null if it is unknown, revoked or expired. */
    async guestForToken(token: string): Promise<MeetingGuest | null> {
      if (!isMeetingInviteToken(token)) return null;
      const row = await db
        .selectFrom("meeting_invites as i")
        .innerJoin("meetings as m", "m.id", "i.meeting_id")
        .select(["i.id", "i.meeting_id", "m.roundtable_id", "m.title"])
        .where("i.token_hash", "=", tokenHash(token))
        .where("i.revoked_at", "is", null)
        .where("i.expires_at", ">", clock())
        .executeTakeFirst();
      return row
        ? {
            inviteId: row.id,
            meetingId: row.meeting_id,
            roundtableId: row.roundtable_id,
            meetingTitle: row.title,
          }
        : null;
    },
  };
}

export type MeetingInvites = ReturnType<typeof createMeetingInvites>;
