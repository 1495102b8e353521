// Session cookies and the "must be signed in" guard for loaders and actions.
import { redirect, type AppLoadContext } from "@remix-run/node";
import { SESSION_COOKIE, serializeCookie } from "../../core/cookies";
import { AppError, isAppError } from "../../core/errors";

export function requireActor(context: AppLoadContext, request: Request) {
  if (!context.actor) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return context.actor;
}

export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  return serializeCookie(SESSION_COOKIE, token, {
    expires: expiresAt,
    httpOnly: true,
    secure,
    sameSite: "Lax",
  });
}

export function clearSessionCookie(secure: boolean): string {
  return serializeCookie(SESSION_COOKIE, "", {
    maxAgeSeconds: 0,
    httpOnly: true,
    secure,
    sameSite: "Lax",
  });
}

/** Only same-site paths: an open redirect would turn a login link into a phishing tool. */
export function safeRedirect(
  target: FormDataEntryValue | string | null | undefined,
  fallback = "/",
): string {
  if (
    typeof target !== "string" ||
    !target.startsWith("/") ||
    target.startsWith("//") ||
    target.startsWith("/\\")
  ) {
    return fallback;
  }
  return target;
}

export function checkRate(wait: number): void {
  if (wait > 0) throw new AppError("rate_limited", "error.rate_limited");
}

/** Turns a service's AppError into the HTTP response a loader should give (404 page, 403 page). */
export function loaderError(error: unknown): never {
  if (isAppError(error)) {
    throw new Response(error.messageKey, { status: error.status });
  }
  throw error;
}
