// Relational read models projected from board documents (cards, clusters, objectives, actions, links).
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  const meeting = (c: any) => c.notNull().references("meetings.id").onDelete("cascade");

  await db.schema
    .createTable("board_clusters")
    .addColumn("meeting_id", "uuid", meeting)
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("label", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("board_clusters_pk", ["meeting_id", "id"])
    .execute();

  await db.schema
    .createTable("board_cards")
    .addColumn("meeting_id", "uuid", meeting)
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("cluster_id", "text")
    .addColumn("author_label", "text", (c) => c.notNull())
    .addColumn("group_label", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("board_cards_pk", ["meeting_id", "id"])
    .execute();

  await db.schema
    .createTable("board_objectives")
    .addColumn("meeting_id", "uuid", meeting)
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addPrimaryKeyConstraint("board_objectives_pk", ["meeting_id", "id"])
    .execute();

  await db.schema
    .createTable("board_objective_clusters")
    .addColumn("meeting_id", "uuid", meeting)
    .addColumn("objective_id", "text", (c) => c.notNull())
    .addColumn("cluster_id", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("board_objective_clusters_pk", [
      "meeting_id",
      "objective_id",
      "cluster_id",
    ])
    .execute();

  await db.schema
    .createTable("board_actions")
    .addColumn("meeting_id", "uuid", meeting)
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("objective_id", "text")
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addPrimaryKeyConstraint("board_actions_pk", ["meeting_id", "id"])
    .execute();

  await db.schema
    .createTable("board_projections")
    .addColumn("meeting_id", "uuid", (c) =>
      c.primaryKey().references("meetings.id").onDelete("cascade"),
    )
    .addColumn("content_hash", "text", (c) => c.notNull())
    .addColumn("projected_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "board_projections",
    "board_actions",
    "board_objective_clusters",
    "board_objectives",
    "board_cards",
    "board_clusters",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
