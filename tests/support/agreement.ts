// Agreeing a pact version in tests as a tavolo does: a consent motion on the version, closed with
// no objection standing, passes and marks the version agreed (server/services/motions.ts).
import type { Actor, Services } from "../../server/services";

export async function agreeVersion(
  services: Services,
  chair: Actor,
  pactId: string,
  versionId: string,
): Promise<void> {
  const motion = await services.motions.open(chair, pactId, {
    title: "Approvazione del testo",
    target: { versionId },
    method: "consent",
    votingUnit: "member",
  });
  const closed = await services.motions.close(chair, motion.id);
  if (closed.outcome !== "passed") throw new Error(`the motion did not pass: ${closed.outcome}`);
}
