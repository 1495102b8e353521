// Security headers with a per-request CSP nonce, and the Origin check on state-changing requests.
import { randomBytes } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { NextFunction, Request, Response } from "express";

export function securityHeaders(options: { dev: boolean; https: boolean }) {
  return (_req: Request, res: Response, next: NextFunction) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    const scriptSrc = options.dev
      ? `'self' 'nonce-${nonce}' 'unsafe-inline'`
      : `'self' 'nonce-${nonce}'`;
    res.setHeader(
      "Content-Security-Policy",
      [
        "default-src 'self'",
        `script-src ${scriptSrc}`,
        `style-src 'self'${options.dev ? " 'unsafe-inline'" : ""}`,
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self' ws: wss:",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
      ].join("; "),
    );
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (options.https) res.setHeader("Strict-Transport-Security", "max-age=31536000");
    next();
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cookie-authenticated state changes must come from our own pages: the Origin (or, failing it, the
 * Referer) must name this host. Bearer-token API calls carry no ambient credential and are exempt.
 */
export function originCheck(allowedOrigins: () => string[]) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (/^Bearer\s/i.test(req.get("authorization") ?? "")) return next();
    const origin = req.get("origin") ?? refererOrigin(req.get("referer"));
    const own = `${req.protocol}://${req.get("host")}`;
    if (origin && (origin === own || allowedOrigins().includes(origin))) return next();
    res.status(403).type("text/plain").send("Forbidden: cross-origin request refused");
  };
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}

/**
 * Cookies ride along with any page's requests: a WebSocket opened by another site would carry
 * ours, and browsers apply no CORS to WebSockets. So a cookie counts only with our own Origin.
 */
export function isOwnOrigin(headers: IncomingHttpHeaders, allowedOrigins: string[]): boolean {
  const origin = headers.origin;
  if (!origin) return false;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (allowedOrigins.includes(parsed.origin)) return true;
  return headers.host !== undefined && parsed.host === headers.host;
}
