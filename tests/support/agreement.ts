// Agreeing a pact version in tests: sets `agreed_at` as the motions service does in production when
// a motion on the version passes (server/services/motions.ts), without holding a vote.
// TODO(agreement): tests will reach an agreed version through a real motion instead.
import type { Db } from "../../db/create-db";

export async function agreeVersion(db: Db, versionId: string, at = new Date()): Promise<void> {
  await db
    .updateTable("pact_versions")
    .set({ agreed_at: at })
    .where("id", "=", versionId)
    .where("agreed_at", "is", null)
    .execute();
}
