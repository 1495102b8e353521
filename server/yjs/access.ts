// Who is connecting and what they may do with a document: credentials on the upgrade, then read or
// write from core/permissions, rechecked through a short cache so role changes reach open sockets.
import { createHash } from "node:crypto";
import type http from "node:http";
import { can, type Standing } from "../../core/permissions";
import { SESSION_COOKIE, parseCookies } from "../../core/cookies";
import { isOwnOrigin } from "../http/security";
import type { Db } from "../../db/create-db";
import { standingIn } from "../services/access";
import { guestPresenceId, isMeetingInviteToken } from "../services/meeting-invites";
import { capabilitiesOf, type LiveState } from "../../core/live";
import type { Actor, Services } from "../services";
import type { DocName } from "./doc-names";

export type AccessMode = "write" | "read" | "none";

/** Someone authenticated on the upgrade: a user (session or API token) or a meeting's guest. */
export interface Principal {
  /** Stable key of the credential, for caching its standing. */
  key: string;
  via: "session" | "api_token" | "meeting_invite";
  /** Whom what they write is credited to (a pact's history): a user, or a guest with no account. */
  author: { userId: string | null; name: string | null };
  /**
   * The standing behind a document, asked afresh on each recheck: "none" once the credential no
   * longer holds (logged out, token or invite revoked, invite expired).
   */
  standingFor(target: DocTarget): Promise<Standing>;
}

const credentialKey = (kind: string, secret: string) =>
  `${kind}:${createHash("sha256").update(secret).digest("hex").slice(0, 32)}`;

/** A document that exists, with the tavolo whose members may open it. */
export interface DocTarget extends DocName {
  roundtableId: string;
}

export type Authentication =
  { ok: true; principal: Principal } | { ok: false; status: 400 | 401 | 403; reason: string };

/**
 * What a meeting's live state allows on its board, read at most every `ttlMs` per meeting: a locked
 * board is read-only to all but facilitators; a remote contributor writes only while the step
 * opens writing, and not at all once removed.
 */
export class BoardGate {
  private readonly states = new Map<string, { state: Promise<LiveState>; at: number }>();

  constructor(
    private readonly services: Services,
    private readonly ttlMs = 250,
  ) {}

  state(meetingId: string): Promise<LiveState> {
    const hit = this.states.get(meetingId);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.state;
    const state = this.services.live.stateOf(meetingId);
    if (this.states.size > 10_000) this.states.clear();
    this.states.set(meetingId, { state, at: Date.now() });
    state.catch(() => this.states.delete(meetingId));
    return state;
  }

  /** A member's standing on a board: read-only while it is locked, unless they run the meeting. */
  async memberStanding(standing: Standing, target: DocTarget): Promise<Standing> {
    if (target.kind !== "board" || !can(standing, "board.write") || can(standing, "meeting.run")) {
      return standing;
    }
    return (await this.state(target.id)).boardLocked ? "observer" : standing;
  }

  /** A remote contributor's standing on their meeting's board. */
  async guestStanding(meetingId: string, presenceId: string): Promise<Standing> {
    const state = await this.state(meetingId);
    if (state.removedGuests.includes(presenceId)) return "none";
    return capabilitiesOf(state).writing ? "remote_contributor" : "observer";
  }
}

const GUEST_KEY = /^[A-Za-z0-9_-]{16,64}$/;

/** One way of proving who one is on the upgrade request. */
export interface CredentialResolver {
  /** null: this resolver does not apply to the request (none of its credentials are present). */
  resolve(request: http.IncomingMessage, url: URL): Promise<Authentication | null>;
}

/** A signed-in user's principal: their membership of the document's tavolo, while `current` holds. */
function userPrincipal(
  db: Db,
  gate: BoardGate,
  key: string,
  via: "session" | "api_token",
  actor: Actor,
  current: () => Promise<Actor | null>,
): Principal {
  return {
    key,
    via,
    author: { userId: actor.userId, name: actor.name },
    async standingFor(target) {
      const actor = await current();
      if (!actor) return "none";
      return gate.memberStanding(await standingIn(db, actor, target.roundtableId), target);
    },
  };
}

export function apiTokenCredentials(
  db: Db,
  services: Services,
  gate: BoardGate,
): CredentialResolver {
  return {
    async resolve(_request, url) {
      const token = url.searchParams.get("token");
      if (!token || !token.startsWith("tvl_")) return null;
      const actor = await services.accounts.actorForApiToken(token);
      if (!actor) return { ok: false, status: 401, reason: "unknown token" };
      const principal = userPrincipal(
        db,
        gate,
        credentialKey("token", token),
        "api_token",
        actor,
        () => services.accounts.actorForApiToken(token),
      );
      return { ok: true, principal };
    },
  };
}

/**
 * A meeting invite in `?token=`, with the device's `guestKey` (the one it gives /live): a remote
 * contributor to that meeting's board, for as long as the invite is neither revoked nor expired and
 * the facilitator has not removed them; writing while the step opens it. Besides, reading the
 * pacts of its tavolo that are open to remote comments.
 */
export function meetingInviteCredentials(services: Services, gate: BoardGate): CredentialResolver {
  return {
    async resolve(_request, url) {
      const token = url.searchParams.get("token");
      if (!token || !isMeetingInviteToken(token)) return null;
      const guestKey = url.searchParams.get("guestKey");
      if (!guestKey || !GUEST_KEY.test(guestKey)) {
        return {
          ok: false,
          status: 400,
          reason: "a guestKey (16-64 URL-safe characters) is required",
        };
      }
      const guest = await services.meetingInvites.guestForToken(token);
      if (!guest) return { ok: false, status: 401, reason: "unknown or expired invite" };
      const presenceId = guestPresenceId(guest.inviteId, guestKey);
      return {
        ok: true,
        principal: {
          key: credentialKey("invite", `${token}:${guestKey}`),
          via: "meeting_invite",
          // The name a guest gives is told to /live, not here.
          author: { userId: null, name: null },
          async standingFor(target) {
            if (target.kind === "pact") {
              // A pact of their tavolo that its facilitator opened to remote comments: they read
              // it (an observer's standing) and comment through the page, never write it here.
              if (target.roundtableId !== guest.roundtableId) return "none";
              if (!(await services.meetingInvites.guestForToken(token))) return "none";
              if (!(await services.pactComments.openToGuests(target.id))) return "none";
              const removed = await gate.guestStanding(guest.meetingId, presenceId);
              return removed === "none" ? "none" : "observer";
            }
            if (target.id !== guest.meetingId) return "none";
            if (!(await services.meetingInvites.guestForToken(token))) return "none";
            return gate.guestStanding(target.id, presenceId);
          },
        },
      };
    },
  };
}

/** The session cookie, only from a page of our own origin (a WebSocket ignores CORS). */
export function sessionCookieCredentials(
  db: Db,
  services: Services,
  gate: BoardGate,
  allowedOrigins: () => string[],
): CredentialResolver {
  return {
    async resolve(request) {
      const token = parseCookies(request.headers.cookie).get(SESSION_COOKIE);
      if (!token) return null;
      if (!isOwnOrigin(request.headers, allowedOrigins())) {
        return { ok: false, status: 403, reason: "origin not allowed for cookie authentication" };
      }
      const actor = await services.accounts.actorForSession(token);
      if (!actor) return { ok: false, status: 401, reason: "unknown session" };
      const principal = userPrincipal(
        db,
        gate,
        credentialKey("session", token),
        "session",
        actor,
        () => services.accounts.actorForSession(token),
      );
      return { ok: true, principal };
    },
  };
}

export async function authenticate(
  resolvers: CredentialResolver[],
  request: http.IncomingMessage,
  url: URL,
): Promise<Authentication> {
  for (const resolver of resolvers) {
    const result = await resolver.resolve(request, url);
    if (result) return result;
  }
  return { ok: false, status: 401, reason: "no credentials" };
}

/** The document behind a name, if it exists. */
export async function findDocTarget(db: Db, doc: DocName): Promise<DocTarget | null> {
  const row =
    doc.kind === "board"
      ? await db
          .selectFrom("meetings")
          .select("roundtable_id")
          .where("id", "=", doc.id)
          .executeTakeFirst()
      : await db
          .selectFrom("pacts")
          .select("roundtable_id")
          .where("id", "=", doc.id)
          .executeTakeFirst();
  return row ? { ...doc, roundtableId: row.roundtable_id } : null;
}

export function accessFromStanding(standing: Standing, kind: DocName["kind"]): AccessMode {
  const [read, write] =
    kind === "board"
      ? (["board.read", "board.write"] as const)
      : (["pact.view", "pact.edit"] as const);
  if (can(standing, write)) return "write";
  if (can(standing, read)) return "read";
  return "none";
}

/**
 * Standings per credential and document, kept at most `ttlMs`, one query in flight per key. A
 * credential that no longer holds (logged out, token revoked) has no standing. Per document, not
 * per tavolo: a board's live state changes the standing on it (a locked board, a guest who may
 * only read), and that standing must not carry over to the tavolo's other boards or its pacts.
 */
export class AccessChecker {
  private readonly cache = new Map<string, { standing: Standing; at: number }>();
  private readonly inFlight = new Map<string, Promise<Standing>>();

  constructor(private readonly ttlMs: number) {}

  /** The cached mode if it is fresh enough, else undefined (call `mode` to refresh). */
  cachedMode(principal: Principal, target: DocTarget): AccessMode | undefined {
    const hit = this.cache.get(this.keyOf(principal, target));
    if (!hit || Date.now() - hit.at >= this.ttlMs) return undefined;
    return accessFromStanding(hit.standing, target.kind);
  }

  async mode(principal: Principal, target: DocTarget): Promise<AccessMode> {
    const cached = this.cachedMode(principal, target);
    if (cached) return cached;
    const key = this.keyOf(principal, target);
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = principal.standingFor(target).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
      void pending.then(
        (standing) => {
          if (this.cache.size > 10_000) this.forgetStale();
          this.cache.set(key, { standing, at: Date.now() });
        },
        () => {},
      );
    }
    return accessFromStanding(await pending, target.kind);
  }

  private forgetStale() {
    const now = Date.now();
    for (const [key, entry] of this.cache) if (now - entry.at >= this.ttlMs) this.cache.delete(key);
  }

  private keyOf(principal: Principal, target: DocTarget) {
    return `${principal.key}|${target.name}`;
  }
}
