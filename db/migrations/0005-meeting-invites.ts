// Meeting invites: a link (and QR code) that lets remote contributors into one meeting's board
// without an account. Only the token's hash is kept; nothing is stored about who uses it.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("meeting_invites")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("meeting_id", "uuid", (c) =>
      c.notNull().references("meetings.id").onDelete("cascade"),
    )
    .addColumn("label", "text")
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("revoked_at", "timestamptz")
    .execute();
  await db.schema
    .createIndex("meeting_invites_meeting_idx")
    .on("meeting_invites")
    .column("meeting_id")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("meeting_invites").execute();
}
