// After each integration test file (run in its own worker process), close and drop its database.
import { afterAll } from "vitest";
import { closeTestDb } from "./test-db";

afterAll(async () => {
  await closeTestDb();
});
