// Migrations in order: a static map, so they load the same under tsx, Vitest and a bundle.
import type { Migration, MigrationProvider } from "kysely";
import * as m0001 from "./0001-foundation";
import * as m0002 from "./0002-yjs-documents";
import * as m0003 from "./0003-meeting-live-state";
import * as m0004 from "./0004-board-projection";
import * as m0005 from "./0005-meeting-invites";
import * as m0006 from "./0006-live-workshop";
import * as m0007 from "./0007-sensemaking";
import * as m0008 from "./0008-pacts";
import * as m0009 from "./0009-pact-history";
import * as m0010 from "./0010-agreement";

const migrations: Record<string, Migration> = {
  "0001-foundation": m0001,
  "0002-yjs-documents": m0002,
  "0003-meeting-live-state": m0003,
  "0004-board-projection": m0004,
  "0005-meeting-invites": m0005,
  "0006-live-workshop": m0006,
  "0007-sensemaking": m0007,
  "0008-pacts": m0008,
  "0009-pact-history": m0009,
  "0010-agreement": m0010,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
