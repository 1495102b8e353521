// Suggested clusters for integrations: POST /api/v1/cluster (computed on a worker thread) and
// `npm run tavolo -- cluster` (a real process reading stdin) answer the same contract.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../../server/create-server";
import { api, startTestApp, userWithToken, type TestApp } from "../support/app";

const STATEMENTS = [
  "Mancano spazi dove i ragazzi possano ritrovarsi il pomeriggio",
  "Servono più corse di autobus la sera verso le frazioni",
  "Un centro giovani aperto anche la sera per i ragazzi",
  "Il trasporto pubblico non arriva nelle frazioni dopo le 19",
  "Più spazi di aggregazione per ragazzi e ragazze",
  "Autobus serali per chi lavora in città",
];

/** Every index exactly once, across all clusters. */
function expectPartition(clusters: { label: string; members: number[] }[], size: number) {
  const members = clusters.flatMap((c) => c.members).sort((a, b) => a - b);
  expect(members).toEqual([...Array(size).keys()]);
  for (const cluster of clusters) {
    expect(cluster.label).toEqual(expect.any(String));
    expect(cluster.label.length).toBeGreaterThan(0);
  }
}

function runCli(args: string[], input: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(ROOT, "server/cli.ts"), ...args],
      { cwd: ROOT, env: { ...process.env, TAVOLO_DATA_DIR: "/nonexistent/tavolo-cli-cluster" } },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe("suggested clusters for integrations", () => {
  let app: TestApp;
  let token: string;

  beforeAll(async () => {
    app = await startTestApp();
    token = (await userWithToken(app.services, "Integrazione")).token;
  });
  afterAll(() => app.close());

  it("answers POST /api/v1/cluster with every input in exactly one cluster", async () => {
    const response = await api(app, token, "POST", "/cluster", { texts: STATEMENTS, lang: "it" });
    expect(response.status).toBe(200);
    expect(Object.keys(response.json)).toEqual(["clusters"]);
    expectPartition(response.json.clusters, STATEMENTS.length);
    // Youth spaces and evening buses do not end up together.
    const clusterOf = (i: number) =>
      response.json.clusters.findIndex((c: { members: number[] }) => c.members.includes(i));
    expect(clusterOf(0)).toBe(clusterOf(4));
    expect(clusterOf(1)).toBe(clusterOf(3));
    expect(clusterOf(0)).not.toBe(clusterOf(1));
  });

  it("refuses what is not a list of statements, with a message per field", async () => {
    for (const body of [
      {},
      { texts: "una frase" },
      { texts: [1, 2] },
      { texts: ["a"], lang: "fr" },
      { texts: ["a"], granularity: 3 },
      { texts: ["x".repeat(2001)] },
    ]) {
      const response = await api(app, token, "POST", "/cluster", body);
      expect(response.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(response.json.error.code).toBe("invalid");
    }
    expect((await api(app, null, "POST", "/cluster", { texts: ["a"] })).status).toBe(401);
  });

  it("answers an empty list with no clusters", async () => {
    const response = await api(app, token, "POST", "/cluster", { texts: [], lang: "en" });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ clusters: [] });
  });

  it("gives the same contract from the command line, one statement per line on stdin", async () => {
    const result = await runCli(["cluster", "--lang", "it"], `${STATEMENTS.join("\n")}\n`);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout);
    expect(Object.keys(parsed)).toEqual(["clusters"]);
    expectPartition(parsed.clusters, STATEMENTS.length);
    const refused = await runCli(["cluster", "--lang", "de"], "una riga\n");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--lang must be it or en");
  }, 60_000);
});
