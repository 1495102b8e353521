// Who is connecting to /live: a session cookie from our own pages, a token in `auth.token` (an API
// token, or a meeting invite for a remote contributor, who also gives a name and a group).
import type { IncomingHttpHeaders } from "node:http";
import { DEFAULT_LOCALE, isLocale, type Locale } from "../../core/domain";
import { guestHandshake } from "../../core/live";
import { isOwnOrigin } from "../http/security";
import { LOCALE_COOKIE, SESSION_COOKIE, parseCookies } from "../../core/cookies";
import type { Actor, Services } from "../services";
import { guestPresenceId, MEETING_INVITE_PREFIX } from "../services/meeting-invites";
import type { GuestParticipant } from "../services/meeting-live";

/** A connected principal: a signed-in user, or a remote contributor bound to one meeting. */
export type LiveIdentity =
  | { kind: "user"; actor: Actor; via: "session" | "api_token" }
  | { kind: "guest"; guest: GuestParticipant; via: "meeting_invite" };

export interface LiveHandshake {
  headers: IncomingHttpHeaders;
  auth: Record<string, unknown>;
  /** The connection's own id: a guest who sends no `guestKey` counts as one person per connection. */
  connectionId: string;
}

export type LiveAuthentication =
  | { ok: true; identity: LiveIdentity; locale: Locale }
  | { ok: false; code: "unauthenticated" | "forbidden" | "invalid"; messageKey: string };

const unauthenticated: LiveAuthentication = {
  ok: false,
  code: "unauthenticated",
  messageKey: "error.unauthenticated",
};

/** A stable key for a person in one meeting's room: identity comparisons and caches use it. */
export function identityKey(identity: LiveIdentity): string {
  return identity.kind === "user" ? `user:${identity.actor.userId}` : identity.guest.presenceId;
}

/** The name and group a remote contributor gave, checked; their presence id derives from neither. */
async function guestIdentity(
  services: Services,
  token: string,
  handshake: LiveHandshake,
): Promise<LiveAuthentication> {
  const guest = await services.meetingInvites.guestForToken(token);
  if (!guest) return unauthenticated;
  const about = guestHandshake.safeParse({
    name: handshake.auth.name ?? undefined,
    group: handshake.auth.group ?? undefined,
    guestKey: handshake.auth.guestKey ?? undefined,
  });
  if (!about.success) return { ok: false, code: "invalid", messageKey: "error.guest_handshake" };
  const device = about.data.guestKey ?? `connection:${handshake.connectionId}`;
  const presenceId = guestPresenceId(guest.inviteId, device);
  const cookieLocale = parseCookies(handshake.headers.cookie).get(LOCALE_COOKIE);
  const asked = handshake.auth.locale;
  return {
    ok: true,
    identity: {
      kind: "guest",
      via: "meeting_invite",
      guest: { guest, presenceId, name: about.data.name ?? "", group: about.data.group ?? null },
    },
    locale: isLocale(asked) ? asked : isLocale(cookieLocale) ? cookieLocale : DEFAULT_LOCALE,
  };
}

export async function authenticateHandshake(
  handshake: LiveHandshake,
  services: Services,
  allowedOrigins: string[],
): Promise<LiveAuthentication> {
  const cookies = parseCookies(handshake.headers.cookie);
  const cookieLocale = cookies.get(LOCALE_COOKIE);
  const localeFor = (actor: Actor): Locale =>
    isLocale(cookieLocale) ? cookieLocale : (actor.locale ?? DEFAULT_LOCALE);

  const token = handshake.auth.token;
  if (token !== undefined) {
    // A token given and not valid is refused, not retried as the cookie: the caller meant it.
    if (typeof token !== "string" || token.length > 200) return unauthenticated;
    if (token.startsWith(MEETING_INVITE_PREFIX)) return guestIdentity(services, token, handshake);
    if (!token.startsWith("tvl_")) return unauthenticated;
    const actor = await services.accounts.actorForApiToken(token);
    if (!actor) return unauthenticated;
    return {
      ok: true,
      identity: { kind: "user", actor, via: "api_token" },
      locale: localeFor(actor),
    };
  }

  const session = cookies.get(SESSION_COOKIE);
  if (!session) return unauthenticated;
  if (!isOwnOrigin(handshake.headers, allowedOrigins)) {
    return { ok: false, code: "forbidden", messageKey: "error.origin" };
  }
  const actor = await services.accounts.actorForSession(session);
  if (!actor) return unauthenticated;
  const { sessionId: _sessionId, ...plain } = actor;
  return {
    ok: true,
    identity: { kind: "user", actor: plain, via: "session" },
    locale: localeFor(plain),
  };
}
