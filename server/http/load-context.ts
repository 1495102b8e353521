// What every Remix loader and action receives from the server: services and the request's identity.
import type { Locale } from "../../core/domain";
import type { Actor, Services } from "../services";
import type { RateLimits } from "./rate-limit";

export interface TavoloLoadContext {
  services: Services;
  actor: (Actor & { sessionId: string }) | null;
  sessionToken: string | null;
  locale: Locale;
  cspNonce: string;
  secureCookies: boolean;
  rateLimits: RateLimits;
  clientIp: string;
  clientLabel: string | null;
}

declare module "@remix-run/node" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends TavoloLoadContext {}
}
