// Migrations in order: a static map, so they load the same under tsx, Vitest and a bundle.
import type { Migration, MigrationProvider } from "kysely";
import * as m0001 from "./0001-foundation";
import * as m0004 from "./0004-board-projection";

const migrations: Record<string, Migration> = {
  "0001-foundation": m0001,
  "0004-board-projection": m0004,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
