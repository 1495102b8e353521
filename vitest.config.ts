import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    setupFiles: ["tests/support/fail-on-console-error.ts"],
    reporters: ["default", "./tests/support/retry-reporter.ts"],
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["tests/unit/**/*.test.{ts,tsx}"], environment: "node" },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          setupFiles: ["tests/support/close-test-db.ts"],
          environment: "node",
          pool: "forks",
          // One database per worker: PGlite's cold start costs seconds, so files share it and reset it.
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          setupFiles: ["tests/support/close-test-db.ts"],
          environment: "node",
          pool: "forks",
          poolOptions: { forks: { singleFork: true } },
          // A guard against a hang, not a goal: CI's shared cores have run a browser test at half speed.
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Two browsers, the server and the database share CI's two cores: a live change can take
          // longer than expect.poll's default second to show on the other page.
          expect: { poll: { timeout: 10_000 } },
          // CI may run a failed browser test once more (TAVOLO_E2E_RETRY=1 in .ci/run): a test that
          // fails twice still fails, and the reporter names every test that needed the second try.
          retry: Number(process.env.TAVOLO_E2E_RETRY ?? 0),
        },
      },
    ],
  },
});
