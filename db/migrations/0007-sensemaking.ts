// Sensemaking (issue 5): a tavolo's own policy areas, and read models that keep every field of
// objectives and actions (policy area, order, target group, places, organisations, resources,
// timeline) and the indicators of each action.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // Null: the default taxonomy (the macro-areas A–J), labelled in the reader's language.
  await db.schema.alterTable("roundtables").addColumn("policy_areas", "jsonb").execute();

  await db.schema
    .alterTable("board_objectives")
    .addColumn("policy_area", "text")
    .addColumn("sort_order", "double precision")
    .execute();

  // A card's place in its cluster, so traces list cards as the board shows them.
  await db.schema.alterTable("board_cards").addColumn("sort_order", "double precision").execute();

  // The order of an objective's clusters is the order of its trace (clusters, then their cards).
  await db.schema
    .alterTable("board_objective_clusters")
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .alterTable("board_actions")
    .addColumn("target_group", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("places", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    // Ids as the board document has them: checked against the tavolo's organisations on reading.
    .addColumn("responsible_organization_id", "text")
    .addColumn("partner_organization_ids", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("resources", "jsonb", (c) =>
      c.notNull().defaultTo(sql`'{"staffHours":null,"euros":null,"fundingSource":""}'::jsonb`),
    )
    .addColumn("timeline", "jsonb", (c) =>
      c.notNull().defaultTo(sql`'{"start":null,"end":null,"milestones":[]}'::jsonb`),
    )
    .addColumn("sort_order", "double precision")
    .execute();

  await db.schema
    .createTable("board_indicators")
    .addColumn("meeting_id", "uuid", (c) =>
      c.notNull().references("meetings.id").onDelete("cascade"),
    )
    .addColumn("action_id", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("measure", "text", (c) => c.notNull())
    .addColumn("baseline", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("target", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("sort_order", "double precision")
    .addPrimaryKeyConstraint("board_indicators_pk", ["meeting_id", "action_id", "id"])
    .execute();

  // Boards projected before lack the new columns: forgetting their content hashes makes the next
  // read (or edit) of each board project it again from its document.
  await db.deleteFrom("board_projections").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("board_indicators").ifExists().execute();
  await db.schema
    .alterTable("board_actions")
    .dropColumn("target_group")
    .dropColumn("places")
    .dropColumn("responsible_organization_id")
    .dropColumn("partner_organization_ids")
    .dropColumn("resources")
    .dropColumn("timeline")
    .dropColumn("sort_order")
    .execute();
  await db.schema.alterTable("board_objective_clusters").dropColumn("position").execute();
  await db.schema.alterTable("board_cards").dropColumn("sort_order").execute();
  await db.schema
    .alterTable("board_objectives")
    .dropColumn("policy_area")
    .dropColumn("sort_order")
    .execute();
  await db.schema.alterTable("roundtables").dropColumn("policy_areas").execute();
}
