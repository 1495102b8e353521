// The real CLI and server processes on one embedded data directory. Slow: few tests, long timeouts.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../../server/create-server";

const LOCK_FILE = "tavolo-server.lock.json";
const PASSWORD = "una-password-lunga";

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe("the CLI and the server as processes on one embedded data directory", () => {
  let dataDir: string;
  const started: ChildProcess[] = [];

  function environment(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TAVOLO_DATA_DIR: dataDir,
      PORT: "0",
      HOST: "127.0.0.1",
    };
    // Always the embedded database, whatever this test run uses.
    delete env.DATABASE_URL;
    delete env.TEST_DATABASE_URL;
    return env;
  }

  // `node --import tsx` is what `npx tsx` runs, minus the wrapper process: the pid we get is the
  // one that writes the lock. Its own process group lets cleanup end it and anything it started.
  function launch(script: string, args: string[] = []): ChildProcess {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, script), ...args], {
      cwd: ROOT,
      env: environment(),
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    started.push(child);
    return child;
  }

  function finished(child: ChildProcess): Promise<Finished> {
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolve) => {
      child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
  }

  const cli = (...args: string[]) => finished(launch("server/cli.ts", args));

  function lock(): { pid: number; port: number; secret: string } | null {
    try {
      return JSON.parse(readFileSync(path.join(dataDir, LOCK_FILE), "utf8"));
    } catch {
      return null;
    }
  }

  async function until<T>(
    what: string,
    probe: () => T | null | undefined,
    ms = 60_000,
  ): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function roundtables(port: number, token: string) {
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/roundtables`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return response.status;
  }

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), "tavolo-cli-"));
  });

  afterAll(async () => {
    for (const child of started) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        process.kill(-child.pid!, "SIGKILL");
        await exited;
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("works on a stopped data directory, then through the server that holds it", async () => {
    // 1. No server: the CLI opens the embedded database itself, and lets it go afterwards.
    const user = await cli(
      "user:create",
      "--email",
      "giulia@example.it",
      "--name",
      "Giulia",
      "--password",
      PASSWORD,
    );
    expect(user.stderr).toBe("");
    expect(user.code).toBe(0);
    expect(user.stdout).toMatch(/^created user [0-9a-f-]{36}\n$/);
    const offline = await cli("token:create", "--email", "giulia@example.it");
    expect(offline.code).toBe(0);
    expect(offline.stderr).toBe("");
    expect(offline.stdout).toMatch(/^tvl_[A-Za-z0-9_-]{43}\n$/);
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);

    const bad = await cli("token:create", "--email", "nessuno@example.it");
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toBe("Error: No user with this email.\n");

    // 2. A server takes the data directory and writes the port it chose into the lock.
    const server = launch("server/index.ts");
    const serverExit = finished(server);
    const held = await until("the server's port in the lock file", () => {
      const info = lock();
      return info && info.pid === server.pid && info.port > 0 ? info : null;
    });
    expect(statSync(path.join(dataDir, LOCK_FILE)).mode & 0o777).toBe(0o600);
    const health = await fetch(`http://127.0.0.1:${held.port}/healthz`);
    expect(await health.json()).toEqual({ ok: true });
    expect(await roundtables(held.port, offline.stdout.trim())).toBe(200);

    // 3. The CLI now goes through the running server instead of opening the files.
    const marco = await cli(
      "user:create",
      "--email",
      "marco@example.it",
      "--name",
      "Marco",
      "--password",
      PASSWORD,
    );
    expect(marco.stderr).toBe("");
    expect(marco.code).toBe(0);
    const online = await cli("token:create", "--email", "marco@example.it");
    expect(online.stderr).toBe("");
    expect(online.code).toBe(0);
    expect(online.stdout).toMatch(/^tvl_[A-Za-z0-9_-]{43}\n$/);
    expect(await roundtables(held.port, online.stdout.trim())).toBe(200);
    const refused = await cli(
      "user:create",
      "--email",
      "marco@example.it",
      "--name",
      "Marco",
      "--password",
      PASSWORD,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already exists/);

    // 4. A second server on the same data directory refuses to start, and says why.
    const second = await finished(launch("server/index.ts"));
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain(`in use by process ${server.pid}`);
    expect(second.stderr).toContain(dataDir);
    expect(lock()).toMatchObject({ pid: server.pid, port: held.port });

    // 5. Stopped, the server lets the data directory go.
    server.kill("SIGTERM");
    expect((await serverExit).code).toBe(0);
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
    const again = await cli("token:create", "--email", "marco@example.it");
    expect(again.code).toBe(0);
  }, 240_000);

  it("lets exactly one of two servers started at once hold the data directory", async () => {
    const first = launch("server/index.ts");
    const second = launch("server/index.ts");
    const exits = [finished(first), finished(second)];
    const holder = await until("one server in the lock file", () => {
      const info = lock();
      return info && info.port > 0 ? info : null;
    });
    const [winner, loser] = holder.pid === first.pid ? [first, second] : [second, first];
    const lost = await exits[loser === first ? 0 : 1]!;
    expect(lost.code).not.toBe(0);
    expect(lost.stderr).toContain("in use by process");
    expect(winner.exitCode).toBeNull();
    winner.kill("SIGTERM");
    expect((await exits[winner === first ? 0 : 1]!).code).toBe(0);
  }, 240_000);
});
