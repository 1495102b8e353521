// Who is connecting to /live: a session cookie from our own pages, or a token in `auth.token`.
import type { IncomingHttpHeaders } from "node:http";
import { DEFAULT_LOCALE, isLocale, type Locale } from "../../core/domain";
import { isOwnOrigin } from "../http/security";
import { LOCALE_COOKIE, SESSION_COOKIE, parseCookies } from "../../core/cookies";
import type { Actor, Services } from "../services";

/**
 * A connected principal. Only signed-in users today; a remote contributor joining by a meeting
 * invite will be another kind, bound to one meeting, with its own standing and display label.
 */
export type LiveIdentity = { kind: "user"; actor: Actor; via: "session" | "api_token" };

export interface LiveHandshake {
  headers: IncomingHttpHeaders;
  auth: Record<string, unknown>;
}

export type LiveAuthentication =
  | { ok: true; identity: LiveIdentity; locale: Locale }
  | { ok: false; code: "unauthenticated" | "forbidden"; messageKey: string };

/** Tokens are told apart by their prefix; an invite token kind adds one row here. */
const TOKEN_KINDS: {
  prefix: string;
  resolve: (services: Services, token: string) => Promise<LiveIdentity | null>;
}[] = [
  {
    prefix: "tvl_",
    resolve: async (services, token) => {
      const actor = await services.accounts.actorForApiToken(token);
      return actor ? { kind: "user", actor, via: "api_token" } : null;
    },
  },
];

const unauthenticated: LiveAuthentication = {
  ok: false,
  code: "unauthenticated",
  messageKey: "error.unauthenticated",
};

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
    const kind = TOKEN_KINDS.find((k) => token.startsWith(k.prefix));
    const identity = kind ? await kind.resolve(services, token) : null;
    return identity ? { ok: true, identity, locale: localeFor(identity.actor) } : unauthenticated;
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
