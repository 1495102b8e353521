// Embedded PGlite on its own thread: results, bytes and database errors come back as on the thread.
import { afterEach, describe, expect, it } from "vitest";
import { startPGliteThread } from "../../db/pglite-thread";
import type { PGliteLike } from "../../db/pglite-dialect";

describe("PGlite in a worker thread", () => {
  let pglite: PGliteLike | null = null;
  afterEach(async () => {
    await pglite?.close();
    pglite = null;
  });

  it("answers queries with rows, dates, bytes and affected rows", async () => {
    pglite = await startPGliteThread(null);
    await pglite.query("create table t (id int primary key, at timestamptz, data bytea)", []);
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    const inserted = await pglite.query("insert into t values ($1, $2, $3), ($4, $2, $3)", [
      1,
      new Date("2026-11-23T10:00:00Z"),
      bytes,
      2,
    ]);
    expect(inserted.affectedRows).toBe(2);
    const { rows } = await pglite.query<{ id: number; at: Date; data: Uint8Array }>(
      "select * from t order by id",
      [],
    );
    expect(rows.map((r) => r.id)).toEqual([1, 2]);
    expect(rows[0]!.at).toEqual(new Date("2026-11-23T10:00:00Z"));
    expect([...rows[0]!.data]).toEqual([...bytes]);
  });

  it("keeps the database's error fields, so callers can tell a duplicate from a failure", async () => {
    pglite = await startPGliteThread(null);
    await pglite.query("create table u (email text unique)", []);
    await pglite.query("insert into u values ('a@example.it')", []);
    await expect(pglite.query("insert into u values ('a@example.it')", [])).rejects.toMatchObject({
      code: "23505",
    });
    await expect(pglite.query("select * from nowhere", [])).rejects.toThrow(/nowhere/);
    // The thread carries on after errors.
    expect((await pglite.query<{ n: number }>("select 1 as n", [])).rows).toEqual([{ n: 1 }]);
  });

  it("refuses queries once closed", async () => {
    const closing = await startPGliteThread(null);
    await closing.close();
    expect(closing.closed).toBe(true);
    await expect(closing.query("select 1", [])).rejects.toThrow(/closed/);
  });
});
