// Yjs documents: an append-only update log and one compacted snapshot per document.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("yjs_updates")
    .addColumn("seq", "bigserial", (c) => c.primaryKey())
    .addColumn("doc_name", "text", (c) => c.notNull())
    .addColumn("update", "bytea", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("yjs_updates_doc_seq_idx")
    .on("yjs_updates")
    .columns(["doc_name", "seq"])
    .execute();

  await db.schema
    .createTable("yjs_snapshots")
    .addColumn("doc_name", "text", (c) => c.primaryKey())
    .addColumn("state", "bytea", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("yjs_snapshots").execute();
  await db.schema.dropTable("yjs_updates").execute();
}
