// A meeting's live state beside its phase (meetings.phase): timer, spotlight, motion, board lock,
// private writing, and a version for optimistic concurrency (docs/decisions/0006-live-state-in-the-database.md).
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("meeting_live_state")
    .addColumn("meeting_id", "uuid", (c) =>
      c.primaryKey().references("meetings.id").onDelete("cascade"),
    )
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("timer_deadline", "timestamptz")
    .addColumn("timer_remaining_ms", "integer")
    .addColumn("spotlight_kind", "text")
    .addColumn("spotlight_id", "text")
    .addColumn("motion_id", "uuid")
    .addColumn("motion_kind", "text")
    .addColumn("motion_open", "boolean")
    .addColumn("board_locked", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("private_writing", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    // A timer is idle, running until a deadline, or paused with time left: never two at once.
    .addCheckConstraint(
      "meeting_live_state_timer_ck",
      sql`timer_deadline is null or timer_remaining_ms is null`,
    )
    .addCheckConstraint(
      "meeting_live_state_spotlight_ck",
      sql`(spotlight_kind is null) = (spotlight_id is null)`,
    )
    .addCheckConstraint(
      "meeting_live_state_motion_ck",
      sql`(motion_id is null) = (motion_kind is null) and (motion_id is null) = (motion_open is null)`,
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("meeting_live_state").execute();
}
