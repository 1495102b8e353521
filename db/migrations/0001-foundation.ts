// Accounts, tavoli, organisations, members, invites, meetings, an audit log. Frozen once landed.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  const id = (col: any) => col.primaryKey().defaultTo(sql`gen_random_uuid()`);
  const now = (col: any) => col.notNull().defaultTo(sql`now()`);

  await db.schema
    .createTable("users")
    .addColumn("id", "uuid", id)
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("is_admin", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("locale", "text")
    .addColumn("created_at", "timestamptz", now)
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "uuid", id)
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", now)
    .addColumn("last_seen_at", "timestamptz", now)
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("client_label", "text")
    .execute();
  await db.schema.createIndex("sessions_user_idx").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("api_tokens")
    .addColumn("id", "uuid", id)
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "timestamptz", now)
    .addColumn("last_used_at", "timestamptz")
    .execute();

  await db.schema
    .createTable("roundtables")
    .addColumn("id", "uuid", id)
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("territory", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", now)
    .execute();

  await db.schema
    .createTable("organizations")
    .addColumn("id", "uuid", id)
    .addColumn("roundtable_id", "uuid", (c) =>
      c.notNull().references("roundtables.id").onDelete("cascade"),
    )
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", now)
    .execute();
  await sql`create unique index organizations_name_idx on organizations (roundtable_id, lower(name))`.execute(
    db,
  );

  await db.schema
    .createTable("roundtable_members")
    .addColumn("roundtable_id", "uuid", (c) =>
      c.notNull().references("roundtables.id").onDelete("cascade"),
    )
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("organization_id", "uuid", (c) =>
      c.references("organizations.id").onDelete("set null"),
    )
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("joined_at", "timestamptz", now)
    .addPrimaryKeyConstraint("roundtable_members_pk", ["roundtable_id", "user_id"])
    .execute();
  await db.schema
    .createIndex("roundtable_members_user_idx")
    .on("roundtable_members")
    .column("user_id")
    .execute();

  await db.schema
    .createTable("invites")
    .addColumn("id", "uuid", id)
    .addColumn("roundtable_id", "uuid", (c) =>
      c.notNull().references("roundtables.id").onDelete("cascade"),
    )
    .addColumn("organization_id", "uuid", (c) =>
      c.references("organizations.id").onDelete("set null"),
    )
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", now)
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("accepted_at", "timestamptz")
    .addColumn("accepted_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("revoked_at", "timestamptz")
    .execute();

  await db.schema
    .createTable("meetings")
    .addColumn("id", "uuid", id)
    .addColumn("roundtable_id", "uuid", (c) =>
      c.notNull().references("roundtables.id").onDelete("cascade"),
    )
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("phase", "text", (c) => c.notNull().defaultTo("draft"))
    .addColumn("starts_at", "timestamptz", (c) => c.notNull())
    .addColumn("place", "text")
    .addColumn("online_url", "text")
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", now)
    .execute();
  await db.schema
    .createIndex("meetings_roundtable_idx")
    .on("meetings")
    .columns(["roundtable_id", "starts_at"])
    .execute();

  await db.schema
    .createTable("agenda_items")
    .addColumn("id", "uuid", id)
    .addColumn("meeting_id", "uuid", (c) =>
      c.notNull().references("meetings.id").onDelete("cascade"),
    )
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("duration_minutes", "integer", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("agenda_items_meeting_idx")
    .on("agenda_items")
    .columns(["meeting_id", "position"])
    .execute();

  await db.schema
    .createTable("pacts")
    .addColumn("id", "uuid", id)
    .addColumn("roundtable_id", "uuid", (c) =>
      c.notNull().references("roundtables.id").onDelete("cascade"),
    )
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", now)
    .execute();

  await db.schema
    .createTable("audit_events")
    .addColumn("id", "uuid", id)
    .addColumn("at", "timestamptz", now)
    .addColumn("actor_user_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("roundtable_id", "uuid", (c) => c.references("roundtables.id").onDelete("cascade"))
    .addColumn("subject_id", "text")
    .addColumn("detail", "jsonb")
    .execute();
  await db.schema.createIndex("audit_events_at_idx").on("audit_events").column("at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "audit_events",
    "pacts",
    "agenda_items",
    "meetings",
    "invites",
    "roundtable_members",
    "organizations",
    "roundtables",
    "api_tokens",
    "sessions",
    "users",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
