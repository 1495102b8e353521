// kill -9 of a real server process in the middle of a burst of edits: whatever any client had
// received from the server is there after a restart. On PGlite, and on PostgreSQL when available.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../../server/create-server";
import { connectClient, until, type Client } from "../support/yjs";

const PG_URL = process.env.TEST_DATABASE_URL;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
  });
}

async function asAdmin(url: string, statement: string) {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

interface Target {
  label: string;
  env: Record<string, string>;
  cleanUp(): Promise<void>;
}

async function pgliteTarget(): Promise<Target> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "tavolo-yjs-crash-"));
  return {
    label: "pglite",
    env: { TAVOLO_DATA_DIR: dataDir },
    cleanUp: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

async function postgresTarget(url: string): Promise<Target> {
  const name = `tavolo_yjs_crash_${process.pid}`;
  await asAdmin(url, `drop database if exists ${name} with (force)`);
  await asAdmin(url, `create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    label: "postgres",
    env: { DATABASE_URL: target.toString() },
    cleanUp: () => asAdmin(url, `drop database if exists ${name} with (force)`),
  };
}

describe("a server process killed with SIGKILL during a burst of edits", () => {
  const started: ChildProcess[] = [];
  const clients: Client[] = [];

  afterAll(async () => {
    for (const c of clients.splice(0)) c.destroy();
    for (const child of started) await kill(child);
  });

  async function kill(child: ChildProcess) {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    process.kill(-child.pid!, "SIGKILL");
    await exited;
  }

  function launch(target: Target, script: string, args: string[], port = 0) {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...target.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      LOG_LEVEL: "error",
      // A wide commit window: a broadcast that ran ahead of its commit would be caught here.
      TAVOLO_YJS_COMMIT_DELAY_MS: "40",
    };
    delete env.TEST_DATABASE_URL;
    if (!target.env.DATABASE_URL) delete env.DATABASE_URL;
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, script), ...args], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    started.push(child);
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const finished = new Promise<string>((resolve) => child.on("close", () => resolve(output)));
    return { child, finished };
  }

  async function serve(target: Target, port: number) {
    const server = launch(target, "server/index.ts", [], port);
    await until(
      "the server to answer /healthz",
      async () => {
        try {
          return (await fetch(`http://127.0.0.1:${port}/healthz`)).ok;
        } catch {
          return false;
        }
      },
      60_000,
    );
    return server.child;
  }

  const targets: { name: string; make: () => Promise<Target> }[] = [
    { name: "PGlite", make: pgliteTarget },
  ];
  if (PG_URL) targets.push({ name: "PostgreSQL", make: () => postgresTarget(PG_URL) });

  for (const { name, make } of targets) {
    it(`keeps on ${name} every update a client had received`, async () => {
      const target = await make();
      try {
        const email = "giulia@example.it";
        const created = await launch(target, "server/cli.ts", [
          "user:create",
          "--email",
          email,
          "--name",
          "Giulia",
          "--password",
          "una-password-lunga",
        ]).finished;
        expect(created).toMatch(/created user/);
        const token = (
          await launch(target, "server/cli.ts", ["token:create", "--email", email]).finished
        ).trim();
        expect(token).toMatch(/^tvl_/);

        const port = await freePort();
        const first = await serve(target, port);
        const base = `http://127.0.0.1:${port}/api/v1`;
        const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
        const roundtable = await (
          await fetch(`${base}/roundtables`, {
            method: "POST",
            headers,
            body: JSON.stringify({ name: "Tavolo", territory: "Chieri" }),
          })
        ).json();
        const meeting = await (
          await fetch(`${base}/roundtables/${roundtable.id}/meetings`, {
            method: "POST",
            headers,
            body: JSON.stringify({ title: "Lab", kind: "workshop", startsAt: "2026-12-01T18:00" }),
          })
        ).json();
        const docName = `board:${meeting.id}`;
        const ws = `ws://127.0.0.1:${port}`;

        const writers = [
          await connectClient(ws, docName, token),
          await connectClient(ws, docName, token),
        ];
        const readers = [
          await connectClient(ws, docName, token),
          await connectClient(ws, docName, token),
        ];
        clients.push(...writers, ...readers);
        // What each reader holds when its socket goes down: only the server could have sent it.
        const seenAtClose = readers.map(
          (reader) =>
            new Promise<string[]>((resolve) => {
              reader.provider.on("status", ({ status }: { status: string }) => {
                if (status === "disconnected") {
                  resolve([...reader.doc.getMap("cards").keys()]);
                  reader.provider.disconnect();
                }
              });
            }),
        );

        let sent = 0;
        let stop = false;
        const burst = (async () => {
          while (!stop) {
            writers.forEach((w, n) =>
              w.doc.getMap("cards").set(`w${n}-${sent}`, { text: `${sent}` }),
            );
            sent += 1;
            await new Promise((resolve) => setImmediate(resolve));
          }
        })();
        await until("readers to have received a good part of the burst", () =>
          readers.every((r) => r.doc.getMap("cards").size >= 200),
        );
        await kill(first);
        const seen = await Promise.all(seenAtClose);
        stop = true;
        await burst;
        for (const w of writers) w.provider.disconnect();

        const union = new Set(seen.flat());
        expect(union.size).toBeGreaterThanOrEqual(200);

        await serve(target, port);
        const after = await connectClient(ws, docName, token);
        clients.push(after);
        const stored = new Set(after.doc.getMap("cards").keys());
        const missing = [...union].filter((key) => !stored.has(key));
        expect(missing).toEqual([]);
      } finally {
        for (const c of clients.splice(0)) c.destroy();
        for (const child of started.splice(0)) await kill(child);
        await target.cleanUp();
      }
    }, 180_000);
  }
});
