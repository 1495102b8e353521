// One database per test worker, migrated once and emptied between tests: PGlite in memory by
// default, or a private database on the PostgreSQL server named by TEST_DATABASE_URL.
import pg from "pg";
import { sql } from "kysely";
import { migrateToLatest, openDb, type Db, type OpenedDb } from "../../db/create-db";

let opened: Promise<OpenedDb> | null = null;

async function createWorkerDatabase(url: string): Promise<string> {
  const name = `tavolo_test_${process.env.VITEST_POOL_ID ?? "0"}_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  return target.toString();
}

export function testDbKind(): "postgres" | "pglite" {
  return process.env.TEST_DATABASE_URL ? "postgres" : "pglite";
}

export async function getTestDb(): Promise<Db> {
  opened ??= (async () => {
    const url = process.env.TEST_DATABASE_URL;
    const result = url
      ? await openDb({ kind: "postgres", url: await createWorkerDatabase(url), poolSize: 5 })
      : await openDb({ kind: "pglite", dataDir: null });
    await migrateToLatest(result.db);
    return result;
  })();
  return (await opened).db;
}

/** Empties every table the migrations made (keeping the migration bookkeeping). */
export async function resetTestDb(): Promise<Db> {
  const db = await getTestDb();
  const { rows } = await sql<{ tablename: string }>`
    select tablename from pg_tables
    where schemaname = current_schema() and tablename not like 'kysely_%'`.execute(db);
  if (rows.length > 0) {
    await sql
      .raw(`truncate ${rows.map((r) => `"${r.tablename}"`).join(", ")} restart identity cascade`)
      .execute(db);
  }
  return db;
}
