// Agreement and hand-off (issue 7): motions on a pact version or on a meeting's objectives, their
// ballots and objections; who signs for each organisation, the signatures on an agreed version and
// the digitally signed files returned by organisations; and the version a pact publishes.
// A closed motion, its ballots and every signature are immutable: triggers refuse the change even
// to code that forgets to check, so a recorded result cannot be rewritten.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  const now = (col: any) => col.notNull().defaultTo(sql`now()`);
  const id = (col: any) => col.primaryKey().defaultTo(sql`gen_random_uuid()`);

  await db.schema
    .createTable("motions")
    .addColumn("id", "uuid", id)
    .addColumn("roundtable_id", "uuid", (c) =>
      c.notNull().references("roundtables.id").onDelete("cascade"),
    )
    // On a frozen pact version…
    .addColumn("pact_id", "uuid", (c) => c.references("pacts.id").onDelete("cascade"))
    .addColumn("version_id", "uuid", (c) => c.references("pact_versions.id").onDelete("cascade"))
    // …or on a set of a meeting's objectives.
    .addColumn("meeting_id", "uuid", (c) => c.references("meetings.id").onDelete("cascade"))
    .addColumn("objective_ids", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("title", "text", (c) => c.notNull())
    // approval | consent | dot_vote
    .addColumn("method", "text", (c) => c.notNull())
    // organization (one vote each) | member
    .addColumn("voting_unit", "text", (c) => c.notNull())
    .addColumn("secret", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("hide_results", "boolean", (c) => c.notNull().defaultTo(false))
    // Percent of those entitled who must take part (0: none); approval only.
    .addColumn("quorum", "integer", (c) => c.notNull().defaultTo(0))
    // simple | absolute | two_thirds; approval only.
    .addColumn("majority", "text")
    // Dots per voter; dot_vote only.
    .addColumn("dots", "integer")
    // open | closed
    .addColumn("status", "text", (c) => c.notNull().defaultTo("open"))
    // passed | rejected | no_quorum | ranked; null while open.
    .addColumn("outcome", "text")
    // The tally frozen at close.
    .addColumn("result", "jsonb")
    .addColumn("opened_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("opened_at", "timestamptz", now)
    .addColumn("closed_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("closed_at", "timestamptz")
    .execute();
  await db.schema.createIndex("motions_pact_idx").on("motions").columns(["pact_id"]).execute();
  await db.schema
    .createIndex("motions_roundtable_idx")
    .on("motions")
    .columns(["roundtable_id", "opened_at"])
    .execute();

  // Who has taken part: one row per voter (organisation or member), so that nobody votes twice,
  // kept apart from the ballots so that a secret ballot cannot be read back to its voter.
  await db.schema
    .createTable("motion_participants")
    .addColumn("motion_id", "uuid", (c) => c.notNull().references("motions.id").onDelete("cascade"))
    // "organization:<id>" or "user:<id>"
    .addColumn("voter_key", "text", (c) => c.notNull())
    .addColumn("cast_at", "timestamptz", now)
    .addPrimaryKeyConstraint("motion_participants_pk", ["motion_id", "voter_key"])
    .execute();
  await db.schema
    .createTable("motion_ballots")
    .addColumn("id", "uuid", id)
    .addColumn("motion_id", "uuid", (c) => c.notNull().references("motions.id").onDelete("cascade"))
    // Open ballots only (null when secret): who voted, for which organisation.
    .addColumn("voter_key", "text")
    .addColumn("user_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("voter_name", "text")
    .addColumn("organization_id", "uuid", (c) =>
      c.references("organizations.id").onDelete("set null"),
    )
    .addColumn("organization_name", "text")
    // yes | no | abstain (approval)
    .addColumn("choice", "text")
    // {objectiveId: dots} (dot_vote)
    .addColumn("allocation", "jsonb")
    // Null for secret ballots: the time would link a ballot to its participant row.
    .addColumn("cast_at", "timestamptz")
    .execute();
  await sql`create unique index motion_ballots_voter_idx on motion_ballots (motion_id, voter_key) where voter_key is not null`.execute(
    db,
  );

  await db.schema
    .createTable("motion_objections")
    .addColumn("id", "uuid", id)
    .addColumn("motion_id", "uuid", (c) => c.notNull().references("motions.id").onDelete("cascade"))
    .addColumn("user_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("author_name", "text", (c) => c.notNull())
    .addColumn("organization_id", "uuid", (c) =>
      c.references("organizations.id").onDelete("set null"),
    )
    .addColumn("organization_name", "text")
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("raised_at", "timestamptz", now)
    .addColumn("withdrawn_at", "timestamptz")
    .execute();

  // A closed motion is the record of a decision: nothing about it, its ballots or its objections
  // changes after the close (deleting the whole tavolo still cascades).
  await sql`
    create function motions_immutable() returns trigger language plpgsql as $$
    begin
      -- Only a deleted account's link may go (set null); the decision itself stays as closed.
      if old.status = 'closed'
        and (to_jsonb(new) - 'opened_by' - 'closed_by') is distinct from
            (to_jsonb(old) - 'opened_by' - 'closed_by') then
        raise exception 'motion % is closed and cannot change', old.id using errcode = 'P0001';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger motions_immutable before update on motions
    for each row execute function motions_immutable()`.execute(db);
  await sql`
    create function motion_children_immutable() returns trigger language plpgsql as $$
    declare
      motion_status text;
    begin
      select status into motion_status from motions
        where id = coalesce(new.motion_id, old.motion_id);
      if motion_status = 'closed' and (tg_op = 'INSERT'
        or (to_jsonb(new) - 'user_id' - 'organization_id') is distinct from
           (to_jsonb(old) - 'user_id' - 'organization_id')) then
        raise exception 'motion % is closed and cannot change', coalesce(new.motion_id, old.motion_id)
          using errcode = 'P0001';
      end if;
      return new;
    end $$`.execute(db);
  for (const table of ["motion_participants", "motion_ballots", "motion_objections"]) {
    await sql`create trigger ${sql.raw(`${table}_immutable`)} before insert or update on ${sql.raw(table)}
      for each row execute function motion_children_immutable()`.execute(db);
  }

  await db.schema
    .alterTable("pact_versions")
    // The objectives and actions of the pact's live blocks as they stood (core/export/model.ts
    // ExportObjective[]): exports and the public page print what was agreed, not today's board.
    .addColumn("objectives", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    // Set once, when a motion on this version passes.
    .addColumn("agreed_at", "timestamptz")
    .addColumn("agreed_motion_id", "uuid", (c) => c.references("motions.id").onDelete("set null"))
    .execute();
  await db.schema
    .alterTable("pacts")
    // The version the public page shows (an agreed one); null: not published.
    .addColumn("published_version_id", "uuid", (c) =>
      c.references("pact_versions.id").onDelete("set null"),
    )
    .addColumn("published_at", "timestamptz")
    .addColumn("published_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .execute();

  // Who signs for an organisation (named by a facilitator or the secretary).
  await db.schema
    .createTable("organization_signers")
    .addColumn("organization_id", "uuid", (c) =>
      c.notNull().references("organizations.id").onDelete("cascade"),
    )
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("named_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("named_at", "timestamptz", now)
    .addPrimaryKeyConstraint("organization_signers_pk", ["organization_id", "user_id"])
    .execute();

  // A simple electronic signature: who, for which organisation, in which role, when, on which
  // version hash. Names are copied: the record stays what was signed if an account is renamed.
  await db.schema
    .createTable("pact_signatures")
    .addColumn("id", "uuid", id)
    .addColumn("pact_id", "uuid", (c) => c.notNull().references("pacts.id").onDelete("cascade"))
    .addColumn("version_id", "uuid", (c) =>
      c.notNull().references("pact_versions.id").onDelete("cascade"),
    )
    .addColumn("version_hash", "text", (c) => c.notNull())
    .addColumn("organization_id", "uuid", (c) =>
      c.references("organizations.id").onDelete("set null"),
    )
    .addColumn("organization_name", "text", (c) => c.notNull())
    .addColumn("user_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("person_name", "text", (c) => c.notNull())
    // signatory (sottoscrittore) | adherent (aderente)
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("signed_at", "timestamptz", now)
    .addUniqueConstraint("pact_signatures_one_per_organization", ["version_id", "organization_id"])
    .execute();
  await sql`
    create function pact_signatures_immutable() returns trigger language plpgsql as $$
    begin
      if (to_jsonb(new) - 'user_id' - 'organization_id') is distinct from
         (to_jsonb(old) - 'user_id' - 'organization_id') then
        raise exception 'signature % cannot change', old.id using errcode = 'P0001';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger pact_signatures_immutable before update on pact_signatures
    for each row execute function pact_signatures_immutable()`.execute(db);

  // A digitally signed PDF (PAdES) or envelope (CAdES, .p7m) returned by an organisation.
  await db.schema
    .createTable("pact_signed_files")
    .addColumn("id", "uuid", id)
    .addColumn("pact_id", "uuid", (c) => c.notNull().references("pacts.id").onDelete("cascade"))
    .addColumn("version_id", "uuid", (c) =>
      c.notNull().references("pact_versions.id").onDelete("cascade"),
    )
    .addColumn("organization_id", "uuid", (c) =>
      c.references("organizations.id").onDelete("set null"),
    )
    .addColumn("organization_name", "text", (c) => c.notNull())
    // pades | cades
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("content_type", "text", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("data", "bytea", (c) => c.notNull())
    .addColumn("uploaded_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("uploaded_at", "timestamptz", now)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("pact_signed_files").ifExists().execute();
  await db.schema.dropTable("pact_signatures").ifExists().execute();
  await sql`drop function if exists pact_signatures_immutable()`.execute(db);
  await db.schema.dropTable("organization_signers").ifExists().execute();
  await db.schema
    .alterTable("pacts")
    .dropColumn("published_version_id")
    .dropColumn("published_at")
    .dropColumn("published_by")
    .execute();
  await db.schema
    .alterTable("pact_versions")
    .dropColumn("objectives")
    .dropColumn("agreed_at")
    .dropColumn("agreed_motion_id")
    .execute();
  await db.schema.dropTable("motion_objections").ifExists().execute();
  await db.schema.dropTable("motion_ballots").ifExists().execute();
  await db.schema.dropTable("motion_participants").ifExists().execute();
  await db.schema.dropTable("motions").ifExists().execute();
  await sql`drop function if exists motion_children_immutable()`.execute(db);
  await sql`drop function if exists motions_immutable()`.execute(db);
}
