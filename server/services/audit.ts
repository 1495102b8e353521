// The audit log: sign-ins, role changes, invites, removals, and the history of pacts.
import type { Db } from "../../db/create-db";

export type AuditAction =
  | "user.sign_up"
  | "user.sign_in"
  | "user.sign_in_failed"
  | "user.sign_out"
  | "user.password_changed"
  | "session.revoked"
  | "api_token.created"
  | "roundtable.created"
  | "roundtable.policy_areas_changed"
  | "organization.created"
  | "invite.created"
  | "invite.accepted"
  | "invite.revoked"
  | "member.role_changed"
  | "member.removed"
  | "meeting.created"
  | "meeting.updated"
  | "meeting.live_changed"
  | "meeting.minutes_finalized"
  | "meeting_invite.created"
  | "meeting_invite.revoked"
  | "pact.created"
  | "pact.section_imported"
  | "pact.version_created"
  | "pact.version_restored"
  | "pact.published"
  | "pact.unpublished"
  | "pact.signers_changed"
  | "pact.signed"
  | "pact.signed_file_attached"
  | "pact_template.created"
  | "motion.opened"
  | "motion.closed";

export interface AuditEntry {
  action: AuditAction;
  actorUserId?: string | null;
  roundtableId?: string | null;
  subjectId?: string | null;
  detail?: Record<string, unknown>;
}

export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db
    .insertInto("audit_events")
    .values({
      action: entry.action,
      actor_user_id: entry.actorUserId ?? null,
      roundtable_id: entry.roundtableId ?? null,
      subject_id: entry.subjectId ?? null,
      detail: entry.detail ? JSON.stringify(entry.detail) : null,
    })
    .execute();
}

export async function listAudit(db: Db, roundtableId: string, limit = 100) {
  return db
    .selectFrom("audit_events")
    .leftJoin("users", "users.id", "audit_events.actor_user_id")
    .select([
      "audit_events.id",
      "audit_events.at",
      "audit_events.action",
      "audit_events.subject_id as subjectId",
      "audit_events.detail",
      "users.name as actorName",
    ])
    .where("audit_events.roundtable_id", "=", roundtableId)
    .orderBy("audit_events.at", "desc")
    .limit(limit)
    .execute();
}
