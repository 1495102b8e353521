// The one permission check services run: an actor's standing in a tavolo, against core/permissions.
import type { Db } from "../../db/create-db";
import { AppError } from "../../core/errors";
import { can, type Action, type Standing } from "../../core/permissions";
import type { Actor } from "./accounts";

export async function standingIn(db: Db, actor: Actor, roundtableId: string): Promise<Standing> {
  if (actor.isAdmin) return "admin";
  const row = await db
    .selectFrom("roundtable_members")
    .select("role")
    .where("roundtable_id", "=", roundtableId)
    .where("user_id", "=", actor.userId)
    .executeTakeFirst();
  return row?.role ?? "none";
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Throws not_found for a malformed id, so SQL never sees one. */
export function assertId(id: string | undefined): string {
  if (!id || !UUID.test(id)) throw new AppError("not_found", "error.not_found");
  return id.toLowerCase();
}

/** A meeting and its tavolo, or not_found (a malformed id included). */
export async function findMeeting(db: Db, meetingId: string) {
  const meeting = await db
    .selectFrom("meetings")
    .select(["id", "roundtable_id", "phase"])
    .where("id", "=", assertId(meetingId))
    .executeTakeFirst();
  if (!meeting) throw new AppError("not_found", "error.not_found");
  return meeting;
}

/** A meeting, if the actor's standing in its tavolo allows `action` (as `authorize`). */
export async function authorizeForMeeting(db: Db, actor: Actor, meetingId: string, action: Action) {
  const meeting = await findMeeting(db, meetingId);
  await authorize(db, actor, meeting.roundtable_id, action);
  return meeting;
}

/** A pact's id and tavolo, or not_found (a malformed id included). */
export async function findPact(db: Db, pactId: string) {
  const pact = await db
    .selectFrom("pacts")
    .select(["id", "roundtable_id"])
    .where("id", "=", assertId(pactId))
    .executeTakeFirst();
  if (!pact) throw new AppError("not_found", "error.not_found");
  return pact;
}

/** A pact and the actor's standing in its tavolo, if that standing allows `action` (as `authorize`). */
export async function authorizeForPact(db: Db, actor: Actor, pactId: string, action: Action) {
  const pact = await findPact(db, pactId);
  const standing = await authorize(db, actor, pact.roundtable_id, action);
  return { pact, standing };
}

/**
 * Returns the actor's standing if it allows `action`. Someone with no standing gets not_found,
 * so the existence of a tavolo is not revealed to outsiders; a member lacking the right, forbidden.
 */
export async function authorize(
  db: Db,
  actor: Actor,
  roundtableId: string,
  action: Action,
): Promise<Standing> {
  const id = assertId(roundtableId);
  const exists = await db
    .selectFrom("roundtables")
    .select("id")
    .where("id", "=", id)
    .executeTakeFirst();
  if (!exists) throw new AppError("not_found", "error.not_found");
  const standing = await standingIn(db, actor, id);
  if (standing === "none") throw new AppError("not_found", "error.not_found");
  if (!can(standing, action)) throw new AppError("forbidden", "error.forbidden");
  return standing;
}

/**
 * Standings trusted for `ttlMs`, one query in flight per person and tavolo: for paths that run
 * many times a second (live commands), where a role change may take that long to apply, as on /yjs.
 */
export class StandingCache {
  private readonly entries = new Map<string, { standing: Promise<Standing>; at: number }>();

  constructor(
    private readonly db: Db,
    private readonly ttlMs: number,
  ) {}

  get(actor: Actor, roundtableId: string): Promise<Standing> {
    const key = `${actor.userId}|${actor.isAdmin ? "admin" : ""}|${roundtableId}`;
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.standing;
    if (this.entries.size > 10_000) this.entries.clear();
    const standing = standingIn(this.db, actor, roundtableId);
    this.entries.set(key, { standing, at: now });
    standing.catch(() => this.entries.delete(key));
    return standing;
  }
}
