// The set of services, created once by the server and handed to Remix and the API.
import type { Db } from "../../db/create-db";
import { createAccounts, DEFAULT_SESSION_POLICY, type SessionPolicy } from "./accounts";
import { createMeetingInvites } from "./meeting-invites";
import { createMeetingLive } from "./meeting-live";
import { createMeetings } from "./meetings";
import { createRoundtables } from "./roundtables";

export interface ServiceOptions {
  sessionPolicy?: SessionPolicy;
  clock?: () => Date;
}

export function createServices(db: Db, options: ServiceOptions = {}) {
  const clock = options.clock ?? (() => new Date());
  return {
    accounts: createAccounts(db, options.sessionPolicy ?? DEFAULT_SESSION_POLICY, clock),
    roundtables: createRoundtables(db, clock),
    meetings: createMeetings(db),
    live: createMeetingLive(db, clock),
    meetingInvites: createMeetingInvites(db, clock),
  };
}

export type Services = ReturnType<typeof createServices>;
export type { Actor } from "./accounts";
