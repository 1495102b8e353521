// `npm run tavolo -- <command>`: runs on the database directly, or through the running server that holds it.
import { openDb, migrateToLatest, type DbTarget } from "../db/create-db";
import { runClusterCommand } from "./cli-cluster";
import { runCliCommand, type CliResult } from "./cli-commands";
import {
  acquireLock,
  newCliSecret,
  readLiveLock,
  removeLock,
  type LockInfo,
} from "./data-dir-lock";
import { readEnv } from "./env";
import { createServices } from "./services";

async function throughServer(lock: LockInfo, args: string[]): Promise<CliResult> {
  const response = await fetch(`http://127.0.0.1:${lock.port}/internal/cli`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-tavolo-cli-secret": lock.secret },
    body: JSON.stringify({ args }),
  });
  if (!response.ok)
    throw new Error(`the running server refused the command (HTTP ${response.status})`);
  return (await response.json()) as CliResult;
}

async function waitForHolder(dataDir: string): Promise<LockInfo | null> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const lock = readLiveLock(dataDir);
    if (!lock || lock.port > 0) return lock;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `the embedded database in ${dataDir} is held by process ${readLiveLock(dataDir)?.pid} that takes no commands; try again when it has finished`,
  );
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function run(args: string[]): Promise<CliResult> {
  // Clustering reads no data: no database, no server needed.
  if (args[0] === "cluster") return runClusterCommand(args.slice(1), await readStdin());
  const env = readEnv();
  const target: DbTarget = env.DATABASE_URL
    ? { kind: "postgres", url: env.DATABASE_URL }
    : { kind: "pglite", dataDir: env.TAVOLO_DATA_DIR };
  if (target.kind === "pglite") {
    // Either a server holds the data directory (ask it), or we take it; a server starting at the
    // same moment may take it first, and then we ask that server once it listens.
    for (;;) {
      const holder = await waitForHolder(env.TAVOLO_DATA_DIR);
      if (holder) return throughServer(holder, args);
      if (acquireLock(env.TAVOLO_DATA_DIR, newCliSecret()).acquired) break;
    }
  }
  const opened = await openDb(target);
  try {
    await migrateToLatest(opened.db);
    return await runCliCommand(createServices(opened.db), args);
  } finally {
    await opened.close();
    if (target.kind === "pglite") removeLock(env.TAVOLO_DATA_DIR);
  }
}

run(process.argv.slice(2))
  .then((result) => {
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    process.exitCode = result.exitCode;
  })
  .catch((error: unknown) => {
    process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
