// Builds the HTTP server (Remix, the API, health) around a database and services; tests start it on port 0.
import http from "node:http";
import type { Duplex } from "node:stream";
import type * as Y from "yjs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { timingSafeEqual } from "node:crypto";
import compression from "compression";
import express, { type Request } from "express";
import { createRequestHandler } from "@remix-run/express";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { boardMeetingId, DEFAULT_LOCALE, isLocale } from "../core/domain";
import { translate } from "../core/i18n";
import { LOCALE_COOKIE, SESSION_COOKIE, parseCookies } from "../core/cookies";
import type { Db } from "../db/create-db";
import { createServices, type ServiceOptions, type Services } from "./services";
import { MAX_PACT_FILE_BYTES } from "../core/pact/office-import";
import { MAX_SIGNED_FILE_BYTES } from "../core/pact/signed-file";
import { createApiRouter, uploadLimitFor } from "./http/api";
import { clientLabel } from "./http/client-label";
import "./http/load-context";
import { createRateLimits, type RateLimits } from "./http/rate-limit";
import { originCheck, securityHeaders } from "./http/security";
import { runCliCommand } from "./cli-commands";
import { logger } from "./logger";
import type { BoardProjector } from "./projection/board-projection";
import { createYjsEndpoint, YJS_PATH_PREFIX, type YjsEndpoint } from "./yjs/endpoint";
import type { YjsLimits } from "./yjs/limits";
import { attachLive } from "./live/live-server";
import type { ScaleOut } from "./scale/redis";

const log = logger("http");
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const MAX_BODY_BYTES = 1024 * 1024;
/** The editor page's import of a pact file (app/routes/pacts.$id.import.ts). */
const PACT_IMPORT_PAGE = /^\/pacts\/[^/]+\/import\/?$/;

/** The signatures page's upload of a signed file (app/routes/pacts.$id.signatures.tsx), multipart. */
const SIGNATURES_PAGE = /^\/pacts\/[^/]+\/signatures\/?$/;
const MULTIPART_ALLOWANCE = 64 * 1024;

/** The larger body an upload's path takes (its route enforces it), or null for MAX_BODY_BYTES. */
function uploadLimit(path: string): number | null {
  if (path.startsWith("/api/v1/")) return uploadLimitFor(path.slice(7));
  if (SIGNATURES_PAGE.test(path)) return MAX_SIGNED_FILE_BYTES + MULTIPART_ALLOWANCE;
  return PACT_IMPORT_PAGE.test(path) ? MAX_PACT_FILE_BYTES : null;
}

export interface ServerOptions {
  db: Db;
  port?: number;
  host?: string;
  /** Vite in middleware mode with HMR instead of the built bundle. */
  dev?: boolean;
  publicUrl?: string;
  trustProxy?: boolean;
  services?: Services;
  serviceOptions?: ServiceOptions;
  rateLimits?: RateLimits;
  /** When set, the CLI may run commands through POST /internal/cli with this secret. */
  cliSecret?: string;
  /** Limits of the /yjs endpoint (frame and document sizes, rates, timings). */
  yjsLimits?: Partial<YjsLimits>;
  /** Called after each committed batch of Yjs updates (the board projection plugs in here). */
  onDocumentUpdated?: (docName: string, doc: Y.Doc) => void;
  /** Redis for running several instances (REDIS_URL); unset: this instance alone, no Redis. */
  redisUrl?: string;
  /** Prefix of the Redis channels (default `tavolo:`; tests give each run its own). */
  redisPrefix?: string;
  /** How often /live rechecks the access of connections in meeting rooms (default 1 s). */
  liveAccessRecheckMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  httpServer: http.Server;
  services: Services;
  yjs: YjsEndpoint;
  projector: BoardProjector;
  /** The Redis links when scaled out, else null. */
  scaleOut: ScaleOut | null;
  close(): Promise<void>;
}

async function loadRemix(dev: boolean, httpServer: http.Server) {
  if (!dev) {
    // Loaded on the first page request, so that API-only uses (and their tests) need no bundle.
    let build: Promise<ServerBuild> | null = null;
    const buildPath = path.join(ROOT, "build/server/index.js");
    return {
      build: () => (build ??= import(pathToFileURL(buildPath).href) as Promise<ServerBuild>),
      middleware: null,
      close: async () => {},
    };
  }
  const vite = await import("vite");
  const viteServer = await vite.createServer({
    root: ROOT,
    server: { middlewareMode: true, hmr: { server: httpServer } },
  });
  return {
    build: () => viteServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>,
    middleware: viteServer.middlewares,
    close: () => viteServer.close(),
  };
}

export async function createServer(options: ServerOptions): Promise<RunningServer> {
  const services = options.services ?? createServices(options.db, options.serviceOptions);
  const rateLimits = options.rateLimits ?? createRateLimits();
  const https = options.publicUrl?.startsWith("https:") ?? false;
  const publicOrigin = options.publicUrl ? new URL(options.publicUrl).origin : null;

  const app = express();
  const httpServer = http.createServer(app);
  app.disable("x-powered-by");
  if (options.trustProxy) app.set("trust proxy", true);

  const remix = await loadRemix(options.dev ?? false, httpServer);

  app.get("/healthz", (_req, res) => {
    res.json({ ok: true });
  });

  app.use(compression());
  app.use(securityHeaders({ dev: options.dev ?? false, https }));
  app.use((req, res, next) => {
    const length = Number(req.get("content-length") ?? 0);
    // An upload (a pact's file) has its own, larger limit, which its route enforces.
    if (length > (uploadLimit(req.path) ?? MAX_BODY_BYTES)) {
      res
        .status(413)
        .json({ error: { code: "too_large", message: translate("en", "error.too_large") } });
      return;
    }
    next();
  });

  if (remix.middleware) {
    app.use(remix.middleware);
  } else {
    app.use(
      "/assets",
      express.static(path.join(ROOT, "build/client/assets"), { immutable: true, maxAge: "1y" }),
    );
    app.use(express.static(path.join(ROOT, "build/client"), { maxAge: "1h" }));
  }

  app.use("/api/v1", createApiRouter(services, rateLimits.api, publicOrigin));

  if (options.cliSecret) {
    const secret = Buffer.from(options.cliSecret);
    // The secret is checked before the body is read: a stranger gets 403 whatever they send.
    const cliCaller = (req: Request, res: express.Response, next: express.NextFunction) => {
      const given = Buffer.from(req.get("x-tavolo-cli-secret") ?? "");
      const loopback = ["127.0.0.1", "::1", "::ffff:127.0.0.1"].includes(
        req.socket.remoteAddress ?? "",
      );
      if (!loopback || given.length !== secret.length || !timingSafeEqual(given, secret)) {
        res.status(403).json({ error: { code: "forbidden", message: "Forbidden" } });
        return;
      }
      next();
    };
    const cliBody = express.json({ limit: "16kb" });
    app.post("/internal/cli", cliCaller, cliBody, async (req, res, next) => {
      try {
        const args = Array.isArray(req.body?.args) ? req.body.args.map(String) : [];
        res.json(await runCliCommand(services, args));
      } catch (error) {
        next(error);
      }
    });
    app.use(
      "/internal/cli",
      (error: unknown, _req: Request, res: express.Response, next: express.NextFunction) => {
        const status = (error as { status?: number }).status;
        if (typeof status !== "number" || status >= 500) return next(error);
        res
          .status(400)
          .json({ error: { code: "invalid", message: translate("en", "error.bad_json") } });
      },
    );
  }

  app.use(originCheck(() => (publicOrigin ? [publicOrigin] : [])));

  app.all(
    "*",
    createRequestHandler({
      build: remix.build,
      mode: options.dev ? "development" : "production",
      getLoadContext: async (req: Request, res): Promise<AppLoadContext> => {
        const cookies = parseCookies(req.get("cookie"));
        const sessionToken = cookies.get(SESSION_COOKIE) ?? null;
        const actor = sessionToken ? await services.accounts.actorForSession(sessionToken) : null;
        const cookieLocale = cookies.get(LOCALE_COOKIE);
        const locale = isLocale(cookieLocale) ? cookieLocale : (actor?.locale ?? DEFAULT_LOCALE);
        return {
          services,
          actor,
          sessionToken: actor ? sessionToken : null,
          locale,
          cspNonce: String(res.locals.cspNonce),
          secureCookies: https,
          rateLimits,
          clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
          clientLabel: clientLabel(req.get("user-agent")),
        };
      },
    }),
  );

  app.use((error: unknown, _req: Request, res: express.Response, _next: express.NextFunction) => {
    log.error("unhandled request error", { error: String((error as Error)?.stack ?? error) });
    if (!res.headersSent) res.status(500).type("text/plain").send("Internal error");
  });

  // Loaded only when asked for: a single instance makes no Redis connection at all.
  const scaleOut = options.redisUrl
    ? await (
        await import("./scale/redis")
      ).connectScaleOut({ url: options.redisUrl, prefix: options.redisPrefix })
    : null;

  const live = attachLive(httpServer, {
    services,
    allowedOrigins: () => (publicOrigin ? [publicOrigin] : []),
    eventLimit: rateLimits.liveEvents,
    adapter: scaleOut?.adapter,
    accessRecheckMs: options.liveAccessRecheckMs,
  });
  scaleOut?.onAdapterReconnected(() => live.refreshAll());

  // Every persisted board update feeds the relational read models (debounced per meeting).
  const projector = services.projector;
  const yjs = createYjsEndpoint({
    db: options.db,
    services,
    limits: options.yjsLimits,
    onDocumentUpdated: (docName, doc) => {
      const meetingId = boardMeetingId(docName);
      if (meetingId) projector.schedule(meetingId, doc);
      options.onDocumentUpdated?.(docName, doc);
    },
    allowedOrigins: () => (publicOrigin ? [publicOrigin] : []),
    relay: scaleOut?.relay,
    // Who changed which section of a pact in the live editor, for its history.
    onEdit: { kinds: ["pact"], report: (edit) => services.pacts.recordEdit(edit) },
  });
  // The pacts' API writes go through the rooms, so that editors with the pact open see them.
  services.pacts.useDocuments({
    read: async (docName, read) => read(await yjs.getDocument(docName)),
    change: (docName, change) => yjs.changeDocument(docName, change),
  });
  // One http.Server carries socket.io, Vite's HMR and /yjs: each takes its own upgrades.
  httpServer.on("upgrade", (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = (req.url ?? "/").split("?")[0]!;
    if (pathname.startsWith(YJS_PATH_PREFIX)) return yjs.handleUpgrade(req, socket, head);
    if (pathname.startsWith("/socket.io/")) return;
    const protocols = req.headers["sec-websocket-protocol"]?.split(",").map((p) => p.trim());
    if (protocols?.some((p) => p === "vite-hmr" || p === "vite-ping")) return;
    socket.on("error", () => {});
    socket.once("finish", () => socket.destroy());
    socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      httpServer.off("error", reject);
      resolve();
    });
  });
  const address = httpServer.address();
  const port = typeof address === "object" && address ? address.port : (options.port ?? 0);
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    port,
    httpServer,
    services,
    yjs,
    projector,
    scaleOut,
    async close() {
      // Saves every document and closes its sockets before the HTTP server goes.
      await yjs.close();
      await projector.flush();
      await services.pacts.flushEdits();
      await remix.close();
      await Promise.all([
        new Promise<void>((resolve) => {
          httpServer.close(() => resolve());
          httpServer.closeAllConnections();
        }),
        live.close(),
      ]);
      await services.clustering.close();
      await services.exports.close();
      // Last: the relay carried the final updates saved above to the other instances.
      await scaleOut?.close();
    },
  };
}
