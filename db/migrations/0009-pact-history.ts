// A pact's history (issue 6): who changed which section when, as sessions of one person in one
// section (edits at most ten minutes apart), from the live editor, an import or a restore.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("pact_edits")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("pact_id", "uuid", (c) => c.notNull().references("pacts.id").onDelete("cascade"))
    .addColumn("user_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    // The name at the time: what is shown for a guest, or once the account is gone.
    .addColumn("author_name", "text")
    .addColumn("section_key", "text", (c) => c.notNull())
    // editor (the live editor), import (Markdown over the API, or a file), restore (of a version).
    .addColumn("source", "text", (c) => c.notNull().defaultTo("editor"))
    .addColumn("started_at", "timestamptz", (c) => c.notNull())
    .addColumn("ended_at", "timestamptz", (c) => c.notNull())
    // The updates the session gathered (keystrokes, roughly); 1 for an import or a restore.
    .addColumn("updates", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex("pact_edits_pact_idx")
    .on("pact_edits")
    .columns(["pact_id", "ended_at"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("pact_edits").ifExists().execute();
}
