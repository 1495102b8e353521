// The live workshop: what each agenda step opens (writing, voting, editing), the step a meeting is
// on, hidden cards and removed guests, dot-vote rules and ballots, who attended, the minutes, and
// which projected cards were typed up from paper.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("agenda_items")
    .addColumn("writing", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("voting", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("editing", "boolean", (c) => c.notNull().defaultTo(true))
    .execute();

  await db.schema
    .alterTable("meeting_live_state")
    // A copy of the agenda step when it was entered: an edit of the agenda does not move a live room.
    .addColumn("step", "jsonb")
    .addColumn("hidden_cards", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("removed_guests", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("motion_rules", "jsonb")
    .execute();

  // One row per voter and item. The voter is a hash of the motion and the person, so ballots of
  // different votes cannot be linked; a name is kept only for votes that are not anonymous.
  await db.schema
    .createTable("dot_ballots")
    .addColumn("meeting_id", "uuid", (c) =>
      c.notNull().references("meetings.id").onDelete("cascade"),
    )
    .addColumn("motion_id", "uuid", (c) => c.notNull())
    .addColumn("voter_key", "text", (c) => c.notNull())
    .addColumn("voter_name", "text")
    .addColumn("item_id", "text", (c) => c.notNull())
    .addColumn("dots", "integer", (c) => c.notNull().check(sql`dots > 0`))
    .addColumn("cast_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("dot_ballots_pk", ["motion_id", "voter_key", "item_id"])
    .execute();
  await db.schema
    .createIndex("dot_ballots_meeting_idx")
    .on("dot_ballots")
    .columns(["meeting_id", "motion_id"])
    .execute();

  // Who took part while the meeting was live: members by organisation, remote contributors only by
  // the group they chose (their key is already a hash of invite and device; no name is kept).
  await db.schema
    .createTable("meeting_attendance")
    .addColumn("meeting_id", "uuid", (c) =>
      c.notNull().references("meetings.id").onDelete("cascade"),
    )
    .addColumn("attendee_key", "text", (c) => c.notNull())
    .addColumn("user_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("organization_name", "text")
    .addColumn("role", "text")
    .addColumn("contributor_group", "text")
    .addColumn("first_seen_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("meeting_attendance_pk", ["meeting_id", "attendee_key"])
    .execute();

  await db.schema
    .createTable("meeting_minutes")
    .addColumn("meeting_id", "uuid", (c) =>
      c.primaryKey().references("meetings.id").onDelete("cascade"),
    )
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("generated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("finalized_at", "timestamptz")
    .addColumn("finalized_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("content_hash", "text")
    .addCheckConstraint(
      "meeting_minutes_final_ck",
      sql`(finalized_at is null) = (content_hash is null)`,
    )
    .execute();

  await db.schema
    .alterTable("board_cards")
    .addColumn("in_person", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("board_cards").dropColumn("in_person").execute();
  await db.schema.dropTable("meeting_minutes").execute();
  await db.schema.dropTable("meeting_attendance").execute();
  await db.schema.dropTable("dot_ballots").execute();
  await db.schema
    .alterTable("meeting_live_state")
    .dropColumn("step")
    .dropColumn("hidden_cards")
    .dropColumn("removed_guests")
    .dropColumn("motion_rules")
    .execute();
  await db.schema
    .alterTable("agenda_items")
    .dropColumn("writing")
    .dropColumn("voting")
    .dropColumn("editing")
    .execute();
}
