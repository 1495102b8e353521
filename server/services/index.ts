// The set of services, created once by the server and handed to Remix and the API.
import type { Db } from "../../db/create-db";
import { createClustering } from "./clustering";
import { createDotVotes } from "./dot-votes";
import { createAccounts, DEFAULT_SESSION_POLICY, type SessionPolicy } from "./accounts";
import { createMeetingInvites } from "./meeting-invites";
import { createMeetingLive } from "./meeting-live";
import { createMeetings } from "./meetings";
import { createMinutes } from "./minutes";
import { createRoundtables } from "./roundtables";

export interface ServiceOptions {
  sessionPolicy?: SessionPolicy;
  clock?: () => Date;
}

export function createServices(db: Db, options: ServiceOptions = {}) {
  const clock = options.clock ?? (() => new Date());
  const live = createMeetingLive(db, clock);
  return {
    accounts: createAccounts(db, options.sessionPolicy ?? DEFAULT_SESSION_POLICY, clock),
    roundtables: createRoundtables(db, clock),
    meetings: createMeetings(db),
    live,
    dotVotes: createDotVotes(db, live),
    minutes: createMinutes(db, clock),
    clustering: createClustering(),
    meetingInvites: createMeetingInvites(db, clock),
  };
}

export type Services = ReturnType<typeof createServices>;
export type { Actor } from "./accounts";
