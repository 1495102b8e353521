// Opens the database: PostgreSQL when a URL is given, else embedded PGlite in a directory (or memory).
import { mkdirSync } from "node:fs";
import { Kysely, Migrator, PostgresDialect } from "kysely";
import pg from "pg";
import { migrationProvider } from "./migrations/index";
import { PGliteDialect } from "./pglite-dialect";
import { startPGliteThread } from "./pglite-thread";
import type { Database } from "./schema";

export type Db = Kysely<Database>;

export type DbTarget =
  { kind: "postgres"; url: string; poolSize?: number } | { kind: "pglite"; dataDir: string | null };

export interface OpenedDb {
  db: Db;
  target: DbTarget;
  close(): Promise<void>;
}

export async function openDb(target: DbTarget): Promise<OpenedDb> {
  if (target.kind === "postgres") {
    const pool = new pg.Pool({ connectionString: target.url, max: target.poolSize ?? 10 });
    // An idle client losing its server must not crash the process.
    pool.on("error", (error) => console.error("[db] idle client error:", error.message));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, target, close: () => db.destroy() };
  }
  if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
  const pglite = await startPGliteThread(target.dataDir);
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return { db, target, close: () => db.destroy() };
}

/** Brings the schema up to date; the same migrations serve PGlite and PostgreSQL. */
export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  for (const result of results ?? []) {
    if (result.status === "Error") console.error(`[db] migration ${result.migrationName} failed`);
  }
  if (error) throw error instanceof Error ? error : new Error(String(error));
}
