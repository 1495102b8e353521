// The set of services, created once by the server and handed to Remix and the API.
import type { Db } from "../../db/create-db";
import { createBoardProjector, type BoardProjector } from "../projection/board-projection";
import { createClustering } from "./clustering";
import { createDotVotes } from "./dot-votes";
import { createAccounts, DEFAULT_SESSION_POLICY, type SessionPolicy } from "./accounts";
import { createMeetingInvites } from "./meeting-invites";
import { createMeetingLive } from "./meeting-live";
import { createMeetings } from "./meetings";
import { createMinutes } from "./minutes";
import { createMotions } from "./motions";
import { createObjectives } from "./objectives";
import { createPactComments } from "./pact-comments";
import { createPactLiveBlocks } from "./pact-live-blocks";
import { createPacts } from "./pacts";
import { createRoundtables } from "./roundtables";
import { createSignatures } from "./signatures";
import { createExports, type ExportRenderer } from "./exports";
import { createExportRenderer } from "../export/export-worker-pool";

export interface ServiceOptions {
  sessionPolicy?: SessionPolicy;
  clock?: () => Date;
  /** Keeps the board read models; the server feeds it every stored board update. */
  projector?: BoardProjector;
  /** Renders exports; by default a worker thread started on the first export. */
  exportRenderer?: ExportRenderer;
}

export function createServices(db: Db, options: ServiceOptions = {}) {
  const clock = options.clock ?? (() => new Date());
  const live = createMeetingLive(db, clock);
  const dotVotes = createDotVotes(db, live);
  // Here rather than in the server, so that services reading the read models can settle them.
  const projector = options.projector ?? createBoardProjector(db);
  const meetingInvites = createMeetingInvites(db, clock);
  const pacts = createPacts(db, clock);
  const objectives = createObjectives(db, { dotVotes, projector });
  // A pact's live blocks show its meetings' objectives, read as whoever reads the pact may.
  const pactLiveBlocks = createPactLiveBlocks(db, objectives);
  pacts.useLiveBlocks(pactLiveBlocks);
  const minutes = createMinutes(db, clock);
  return {
    accounts: createAccounts(db, options.sessionPolicy ?? DEFAULT_SESSION_POLICY, clock),
    roundtables: createRoundtables(db, clock),
    meetings: createMeetings(db),
    live,
    dotVotes,
    minutes,
    clustering: createClustering(),
    meetingInvites,
    objectives,
    pacts,
    pactLiveBlocks,
    motions: createMotions(db, clock, { projector, pacts }),
    signatures: createSignatures(db, clock),
    pactComments: createPactComments(db, clock, {
      documents: () => pacts.documents(),
      invites: meetingInvites,
      removedGuests: async (meetingId) => (await live.stateOf(meetingId)).removedGuests,
    }),
    projector,
    exports: createExports(db, {
      pacts,
      minutes,
      renderer: options.exportRenderer ?? createExportRenderer(),
      clock,
    }),
  };
}

export type Services = ReturnType<typeof createServices>;
export type { Actor } from "./accounts";
