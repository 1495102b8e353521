import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCliCommand, CLI_USAGE } from "../../server/cli-commands";
import { api, startTestApp, type TestApp } from "../support/app";
import { getTestDb, resetTestDb, testDbKind } from "../support/test-db";

const CLI_SECRET = "a-test-secret-for-the-cli-endpoint";

describe(`CLI commands on ${testDbKind()}`, () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ cliSecret: CLI_SECRET });
  });
  afterAll(async () => {
    await app.close();
  });
  beforeEach(async () => {
    await resetTestDb();
  });

  const run = (...args: string[]) => runCliCommand(app.services, args);
  const createGiulia = () =>
    run(
      "user:create",
      "--email",
      "Giulia@Example.it",
      "--name",
      "Giulia Ferrero",
      "--password",
      "una-password-lunga",
    );

  describe("user:create", () => {
    it("creates an account and says which", async () => {
      const result = await createGiulia();
      expect(result.stderr).toBe("");
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toMatch(/^created user [0-9a-f-]{36}\n$/);
      const db = await getTestDb();
      const user = await db.selectFrom("users").selectAll().executeTakeFirstOrThrow();
      expect(result.stdout).toContain(user.id);
      expect(user).toMatchObject({
        email: "giulia@example.it",
        name: "Giulia Ferrero",
        is_admin: false,
      });
      expect(user.password_hash).toMatch(/^\$argon2id\$/);
    });

    it("creates an instance administrator with --admin", async () => {
      const result = await run(
        "user:create",
        "--email",
        "admin@example.it",
        "--name",
        "Admin",
        "--password",
        "una-password-lunga",
        "--admin",
      );
      expect(result).toMatchObject({ exitCode: 0, stderr: "" });
      expect(result.stdout).toMatch(/ \(admin\)\n$/);
    });

    it("refuses invalid values naming each option, printing nothing on stdout", async () => {
      const result = await run("user:create", "--email", "nope", "--password", "corta");
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toBe(
        [
          "Error: Some data is not valid.",
          "  --email: Enter a valid email address.",
          "  --name: Required field.",
          "  --password: The password must be at least 10 characters long.",
          "",
        ].join("\n"),
      );
    });

    it("refuses an email already taken", async () => {
      await createGiulia();
      const result = await createGiulia();
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(/^Error: An account with this email already exists\./);
    });
  });

  describe("token:create", () => {
    it("prints only the token, which then works against the API", async () => {
      await createGiulia();
      const result = await run("token:create", "--email", "giulia@example.it");
      expect(result).toMatchObject({ exitCode: 0, stderr: "" });
      expect(result.stdout).toMatch(/^tvl_[A-Za-z0-9_-]{43}\n$/);
      const token = result.stdout.trim();
      const response = await api(app, token, "GET", "/roundtables");
      expect(response.status).toBe(200);
    });

    it("names the token with --name", async () => {
      await createGiulia();
      await run("token:create", "--email", "giulia@example.it", "--name", "script notturno");
      const user = await app.services.accounts.logIn(
        { email: "giulia@example.it", password: "una-password-lunga" },
        null,
      );
      const tokens = await app.services.accounts.listApiTokens(user.actor);
      expect(tokens.map((t) => t.name)).toEqual(["script notturno"]);
    });

    it("refuses an unknown email", async () => {
      const result = await run("token:create", "--email", "nessuno@example.it");
      expect(result).toEqual({
        stdout: "",
        stderr: "Error: No user with this email.\n",
        exitCode: 1,
      });
    });
  });

  describe("bad arguments", () => {
    it.each([
      ["token:create without --email", ["token:create"], /--email/],
      [
        "an unknown option",
        ["token:create", "--email", "a@b.it", "--admin"],
        /Unknown option '--admin'/,
      ],
      ["an option without its value", ["token:create", "--email"], /--email/],
      ["a stray positional argument", ["user:create", "extra"], /extra/],
      ["an unknown command", ["user:delete"], /Unknown command: user:delete/],
      ["no command at all", [], /Usage: npm run tavolo/],
    ])("exit non-zero with a clear message on stderr for %s", async (_case, args, message) => {
      const result = await run(...args);
      expect(result.exitCode).not.toBe(0);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(message);
    });

    it.each(["help", "--help"])("print the usage on stdout for %s", async (command) => {
      expect(await run(command)).toEqual({ stdout: CLI_USAGE, stderr: "", exitCode: 0 });
    });
  });

  describe("through a running server", () => {
    async function post(secret: string | null, body: unknown) {
      const response = await fetch(`${app.url}/internal/cli`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(secret === null ? {} : { "x-tavolo-cli-secret": secret }),
        },
        body: JSON.stringify(body),
      });
      return { status: response.status, json: (await response.json()) as any };
    }

    it("runs a command given the secret", async () => {
      const created = await post(CLI_SECRET, {
        args: [
          "user:create",
          "--email",
          "marco@example.it",
          "--name",
          "Marco",
          "--password",
          "una-password-lunga",
        ],
      });
      expect(created.status).toBe(200);
      expect(created.json).toMatchObject({ exitCode: 0, stderr: "" });
      const token = await post(CLI_SECRET, {
        args: ["token:create", "--email", "marco@example.it"],
      });
      expect(token.json.stdout).toMatch(/^tvl_/);
      expect((await api(app, token.json.stdout.trim(), "GET", "/roundtables")).status).toBe(200);
    });

    it.each([
      ["no secret", null],
      ["a wrong secret", "x".repeat(CLI_SECRET.length)],
      ["a secret of another length", "short"],
      ["an empty secret", ""],
    ])("refuses %s with 403", async (_case, secret) => {
      const result = await post(secret, { args: ["help"] });
      expect(result.status).toBe(403);
      expect(result.json.error.code).toBe("forbidden");
    });

    it.each([
      ["with the secret", CLI_SECRET, 400],
      ["without the secret", null, 403],
    ])("refuses malformed JSON %s, without a server error", async (_case, secret, status) => {
      const response = await fetch(`${app.url}/internal/cli`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(secret === null ? {} : { "x-tavolo-cli-secret": secret }),
        },
        body: '{"args": [',
      });
      expect(response.status).toBe(status);
      expect(((await response.json()) as any).error.code).toBe(
        status === 400 ? "invalid" : "forbidden",
      );
    });

    it("reports a malformed request as a failed command, not a crash", async () => {
      const result = await post(CLI_SECRET, { args: "user:create" });
      expect(result.status).toBe(200);
      expect(result.json.exitCode).not.toBe(0);
    });
  });
});
