// One database per test worker, migrated once and emptied between tests: PGlite in memory by
// default, or a private database on the PostgreSQL server named by TEST_DATABASE_URL.
import pg from "pg";
import { sql } from "kysely";
import { migrateToLatest, openDb, type Db, type OpenedDb } from "../../db/create-db";

let opened: Promise<OpenedDb> | null = null;

const workerDatabaseName = `tavolo_test_${process.env.VITEST_POOL_ID ?? "0"}_${process.pid}`;

async function asAdmin(url: string, statements: string[]): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    for (const statement of statements) await admin.query(statement);
  } finally {
    await admin.end();
  }
}

async function createWorkerDatabase(url: string): Promise<string> {
  const name = workerDatabaseName;
  await asAdmin(url, [`drop database if exists ${name} with (force)`, `create database ${name}`]);
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

/** Closes the worker's database and, on PostgreSQL, drops it, so runs leave nothing behind. */
export async function closeTestDb(): Promise<void> {
  if (!opened) return;
  const closing = opened;
  opened = null;
  await (await closing).close();
  const url = process.env.TEST_DATABASE_URL;
  if (url) await asAdmin(url, [`drop database if exists ${workerDatabaseName} with (force)`]);
}
