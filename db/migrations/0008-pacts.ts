// Pacts (issue 6): each pact keeps the sections of the template it was made from; a tavolo's own
// templates; and named versions, immutable snapshots of every section's Markdown with their hash.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  const now = (col: any) => col.notNull().defaultTo(sql`now()`);

  await db.schema
    .alterTable("pacts")
    // Null for a pact made before templates existed.
    .addColumn("template_key", "text")
    // The template's sections copied at creation: a later change to the template leaves it alone.
    .addColumn("sections", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("guest_comments", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("updated_at", "timestamptz", now)
    .execute();
  await db.schema
    .createIndex("pacts_roundtable_idx")
    .on("pacts")
    .columns(["roundtable_id", "created_at"])
    .execute();

  await db.schema
    .createTable("pact_templates")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // Null: an instance-wide template, offered to every tavolo.
    .addColumn("roundtable_id", "uuid", (c) => c.references("roundtables.id").onDelete("cascade"))
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("sections", "jsonb", (c) => c.notNull())
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", now)
    .addUniqueConstraint("pact_templates_key_unique", ["roundtable_id", "key"])
    .execute();
  // A unique constraint lets nulls repeat: instance-wide keys need their own index.
  await sql`create unique index pact_templates_instance_key_idx on pact_templates (key) where roundtable_id is null`.execute(
    db,
  );

  await db.schema
    .createTable("pact_versions")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("pact_id", "uuid", (c) => c.notNull().references("pacts.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    // [{key, title, markdown}], in the pact's order.
    .addColumn("sections", "jsonb", (c) => c.notNull())
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", now)
    .addColumn("restored_from", "uuid", (c) => c.references("pact_versions.id"))
    .addUniqueConstraint("pact_versions_number_unique", ["pact_id", "number"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("pact_versions").ifExists().execute();
  await db.schema.dropTable("pact_templates").ifExists().execute();
  await db.schema.dropIndex("pacts_roundtable_idx").ifExists().execute();
  await db.schema
    .alterTable("pacts")
    .dropColumn("template_key")
    .dropColumn("sections")
    .dropColumn("guest_comments")
    .dropColumn("created_by")
    .dropColumn("updated_at")
    .execute();
}
