// Entry point: reads the environment, opens and migrates the database, creates services once, serves.
import { openDb, migrateToLatest, type DbTarget } from "../db/create-db";
import { createServer } from "./create-server";
import { acquireLock, newCliSecret, removeLock, writeLock } from "./data-dir-lock";
import { seedDemo } from "./demo";
import { readEnv } from "./env";
import { logger } from "./logger";
import { createServices } from "./services";

const log = logger("server");

/** Why the server cannot start: always printed, whatever LOG_LEVEL or NODE_ENV say. */
function fatal(message: string): never {
  process.stderr.write(`Error: ${message}\n`);
  process.exit(1);
}

async function main() {
  const env = readEnv();
  const dev = env.NODE_ENV === "development";
  const target: DbTarget = env.DATABASE_URL
    ? { kind: "postgres", url: env.DATABASE_URL }
    : { kind: "pglite", dataDir: env.TAVOLO_DATA_DIR };

  const embedded = target.kind === "pglite";
  const cliSecret = newCliSecret();
  if (embedded) {
    const lock = acquireLock(env.TAVOLO_DATA_DIR, cliSecret);
    if (!lock.acquired) {
      fatal(
        `the embedded database in ${env.TAVOLO_DATA_DIR} is in use by process ${lock.holder.pid}; stop it first or set TAVOLO_DATA_DIR`,
      );
    }
  }

  const started = Date.now();
  const opened = await openDb(target);
  await migrateToLatest(opened.db);
  log.info(`database ready (${target.kind}) in ${Date.now() - started} ms`);

  const services = createServices(opened.db);
  if (env.TAVOLO_DEMO) await seedDemo(opened.db, services);

  const server = await createServer({
    db: opened.db,
    services,
    port: env.PORT,
    host: env.HOST,
    dev,
    publicUrl: env.TAVOLO_PUBLIC_URL,
    trustProxy: env.TAVOLO_TRUST_PROXY,
    cliSecret: embedded ? cliSecret : undefined,
    redisUrl: env.REDIS_URL,
    yjsLimits: {
      ...(env.TAVOLO_YJS_MAX_FRAME_BYTES ? { maxFrameBytes: env.TAVOLO_YJS_MAX_FRAME_BYTES } : {}),
      ...(env.TAVOLO_YJS_COMMIT_DELAY_MS !== undefined
        ? { commitDelayMs: env.TAVOLO_YJS_COMMIT_DELAY_MS }
        : {}),
    },
  });
  if (embedded) writeLock(env.TAVOLO_DATA_DIR, server.port, cliSecret);
  log.info(`Tavolo listening on http://localhost:${server.port}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: shutting down`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      await server.close();
      await opened.close();
    } finally {
      if (embedded) removeLock(env.TAVOLO_DATA_DIR);
      process.exit(0);
    }
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  const env = process.env.TAVOLO_DATA_DIR;
  if (!process.env.DATABASE_URL) removeLock(readEnvSafe(env));
  fatal(error instanceof Error ? (error.stack ?? error.message) : String(error));
});

function readEnvSafe(dataDir: string | undefined): string {
  try {
    return readEnv().TAVOLO_DATA_DIR;
  } catch {
    return dataDir ?? "./data";
  }
}
