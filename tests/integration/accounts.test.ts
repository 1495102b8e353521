import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../db/create-db";
import { isAppError, type AppError } from "../../core/errors";
import { createServices, type Services } from "../../server/services";
import { tokenHash } from "../../server/services/secrets";
import { resetTestDb, testDbKind } from "../support/test-db";

const HOUR = 3600_000;
const POLICY = { idleMs: 2 * HOUR, absoluteMs: 8 * HOUR };
const PASSWORD = "una-password-lunga";

/** The AppError a promise rejects with; fails the test if it resolves or throws anything else. */
async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => expect.fail("expected the call to fail"),
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw error;
  return error;
}

describe(`accounts on ${testDbKind()}`, () => {
  let db: Db;
  let services: Services;
  const clock = { now: new Date("2026-03-02T09:00:00Z") };
  const advance = (ms: number) => {
    clock.now = new Date(clock.now.getTime() + ms);
  };

  beforeEach(async () => {
    db = await resetTestDb();
    clock.now = new Date("2026-03-02T09:00:00Z");
    services = createServices(db, { clock: () => new Date(clock.now), sessionPolicy: POLICY });
  });

  const signUp = (email = "giulia@example.it", label: string | null = "Firefox · Linux") =>
    services.accounts.signUp({ email, name: "Giulia Ferrero", password: PASSWORD }, label, "it");

  describe("signing up", () => {
    it("stores an argon2id hash of the password, never the password", async () => {
      await signUp();
      const user = await db.selectFrom("users").selectAll().executeTakeFirstOrThrow();
      expect(user.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(user.password_hash).not.toContain(PASSWORD);
      expect(user.email).toBe("giulia@example.it");
      expect(user.locale).toBe("it");
      expect(user.is_admin).toBe(false);
    });

    it("salts each hash, so two equal passwords differ", async () => {
      await signUp("a@example.it");
      await signUp("b@example.it");
      const hashes = await db.selectFrom("users").select("password_hash").execute();
      expect(new Set(hashes.map((h) => h.password_hash)).size).toBe(2);
    });

    it("refuses an email already taken, whatever its case, with a conflict", async () => {
      await signUp("giulia@example.it");
      const error = await failure(signUp("  GIULIA@Example.IT "));
      expect(error.code).toBe("conflict");
      expect(error.status).toBe(409);
      expect(error.fields).toEqual({ email: "error.email_taken" });
      expect(await db.selectFrom("users").select("id").execute()).toHaveLength(1);
    });

    it("lets exactly one of two racing sign-ups for one email win", async () => {
      const results = await Promise.allSettled([signUp(), signUp(), signUp()]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      for (const result of results.filter((r) => r.status === "rejected")) {
        expect((result as PromiseRejectedResult).reason).toMatchObject({ code: "conflict" });
      }
    });

    it("refuses invalid input naming each field", async () => {
      const error = await failure(
        services.accounts.signUp({ email: "nope", name: "", password: "short" }, null, null),
      );
      expect(error.code).toBe("invalid");
      expect(error.fields).toEqual({
        email: "validation.email",
        name: "validation.required",
        password: "validation.password_short",
      });
    });

    it("records the sign-up in the audit log", async () => {
      const { actor } = await signUp();
      const events = await db.selectFrom("audit_events").selectAll().execute();
      expect(events).toMatchObject([
        { action: "user.sign_up", actor_user_id: actor.userId, subject_id: actor.userId },
      ]);
    });
  });

  describe("signing in", () => {
    beforeEach(async () => {
      await signUp();
    });

    it("starts a session for the right password, whatever the email's case", async () => {
      const { actor, token } = await services.accounts.logIn(
        { email: "Giulia@Example.it", password: PASSWORD },
        "Safari · iOS",
      );
      expect(actor.name).toBe("Giulia Ferrero");
      expect(await services.accounts.actorForSession(token)).toMatchObject({
        userId: actor.userId,
        locale: "it",
      });
    });

    it.each([
      ["a wrong password", "giulia@example.it", "password-sbagliata"],
      ["an unknown email", "nessuno@example.it", PASSWORD],
    ])("refuses %s with the same message", async (_case, email, password) => {
      const error = await failure(services.accounts.logIn({ email, password }, null));
      expect(error.code).toBe("unauthenticated");
      expect(error.messageKey).toBe("error.bad_credentials");
    });

    it("records successful and failed sign-ins in the audit log", async () => {
      await failure(
        services.accounts.logIn({ email: "giulia@example.it", password: "sbagliata!!" }, null),
      );
      const { actor } = await services.accounts.logIn(
        { email: "giulia@example.it", password: PASSWORD },
        null,
      );
      const events = await db
        .selectFrom("audit_events")
        .select(["action", "actor_user_id"])
        .where("action", "like", "user.sign_in%")
        .orderBy("at")
        .execute();
      expect(events).toEqual(
        expect.arrayContaining([
          { action: "user.sign_in_failed", actor_user_id: actor.userId },
          { action: "user.sign_in", actor_user_id: actor.userId },
        ]),
      );
      expect(events).toHaveLength(2);
    });
  });

  describe("sessions", () => {
    it("are stored as a hash of their token, with the device label", async () => {
      const { token } = await signUp();
      const rows = await db.selectFrom("sessions").selectAll().execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]!.token_hash).toBe(tokenHash(token));
      expect(rows[0]!.token_hash).not.toContain(token);
      expect(rows[0]!.client_label).toBe("Firefox · Linux");
      expect(token).toMatch(/^tvs_[A-Za-z0-9_-]{43}$/);
    });

    it("are unknown for a made-up or tampered token", async () => {
      const { token } = await signUp();
      expect(await services.accounts.actorForSession("tvs_madeup")).toBeNull();
      expect(await services.accounts.actorForSession(token.slice(0, -1) + "x")).toBeNull();
      expect(await services.accounts.actorForSession("")).toBeNull();
    });

    it("end after the idle time without use, and are deleted", async () => {
      const { token } = await signUp();
      advance(POLICY.idleMs - 1000);
      expect(await services.accounts.actorForSession(token)).not.toBeNull();
      advance(POLICY.idleMs);
      expect(await services.accounts.actorForSession(token)).toBeNull();
      expect(await db.selectFrom("sessions").select("id").execute()).toEqual([]);
    });

    it("stay alive while used, until the absolute limit", async () => {
      const { token } = await signUp();
      const step = POLICY.idleMs * 0.75;
      let elapsed = 0;
      while (elapsed + step < POLICY.absoluteMs) {
        advance(step);
        elapsed += step;
        expect(
          await services.accounts.actorForSession(token),
          `after ${elapsed} ms`,
        ).not.toBeNull();
      }
      advance(POLICY.absoluteMs - elapsed);
      expect(await services.accounts.actorForSession(token)).toBeNull();
    });

    it("stay alive while used even under an idle limit shorter than a minute", async () => {
      const short = createServices(db, {
        clock: () => new Date(clock.now),
        sessionPolicy: { idleMs: 30_000, absoluteMs: HOUR },
      });
      const { token } = await short.accounts.signUp(
        { email: "breve@example.it", name: "Breve", password: PASSWORD },
        null,
        null,
      );
      for (let i = 0; i < 10; i++) {
        advance(20_000);
        expect(await short.accounts.actorForSession(token), `use ${i}`).not.toBeNull();
      }
      advance(30_000);
      expect(await short.accounts.actorForSession(token)).toBeNull();
    });

    it("are listed with their device and the earlier of their two ends, current one marked", async () => {
      const first = await signUp();
      const firstSession = (await services.accounts.actorForSession(first.token))!;
      advance(HOUR);
      const second = await services.accounts.logIn(
        { email: "giulia@example.it", password: PASSWORD },
        "Chrome · Android",
      );
      const list = await services.accounts.listSessions(first.actor, firstSession.sessionId);
      expect(list).toHaveLength(2);
      expect(list.map((s) => [s.clientLabel, s.current])).toEqual([
        ["Chrome · Android", false],
        ["Firefox · Linux", true],
      ]);
      expect(list[1]!.expiresAt.toISOString()).toBe(
        new Date(new Date("2026-03-02T09:00:00Z").getTime() + POLICY.idleMs).toISOString(),
      );
      expect(second.expiresAt.getTime()).toBe(clock.now.getTime() + POLICY.absoluteMs);
    });

    it("are no longer listed once idle for too long", async () => {
      const { actor } = await signUp();
      advance(POLICY.idleMs + 1000);
      expect(await services.accounts.listSessions(actor, null)).toEqual([]);
    });

    it("can be revoked by their owner, and by no one else", async () => {
      const giulia = await signUp();
      const other = await signUp("marco@example.it");
      const session = (await services.accounts.actorForSession(giulia.token))!;
      const error = await failure(services.accounts.revokeSession(other.actor, session.sessionId));
      expect(error.code).toBe("not_found");
      expect(await services.accounts.actorForSession(giulia.token)).not.toBeNull();
      await services.accounts.revokeSession(giulia.actor, session.sessionId);
      expect(await services.accounts.actorForSession(giulia.token)).toBeNull();
      expect(
        await db
          .selectFrom("audit_events")
          .select("action")
          .where("action", "=", "session.revoked")
          .execute(),
      ).toHaveLength(1);
    });

    it("refuses to revoke a malformed session id as not found", async () => {
      const { actor } = await signUp();
      expect((await failure(services.accounts.revokeSession(actor, "1; drop table"))).code).toBe(
        "not_found",
      );
    });

    it("end on sign-out", async () => {
      const { token } = await signUp();
      await services.accounts.logOut(token);
      expect(await services.accounts.actorForSession(token)).toBeNull();
    });
  });

  describe("changing the password", () => {
    it("ends every other session and keeps the current one", async () => {
      const current = await signUp();
      const laptop = await services.accounts.logIn(
        { email: "giulia@example.it", password: PASSWORD },
        null,
      );
      const phone = await services.accounts.logIn(
        { email: "giulia@example.it", password: PASSWORD },
        null,
      );
      const session = (await services.accounts.actorForSession(current.token))!;
      await services.accounts.changePassword(
        current.actor,
        { currentPassword: PASSWORD, newPassword: "nuova-password-lunga" },
        session.sessionId,
      );
      expect(await services.accounts.actorForSession(current.token)).not.toBeNull();
      expect(await services.accounts.actorForSession(laptop.token)).toBeNull();
      expect(await services.accounts.actorForSession(phone.token)).toBeNull();
      await failure(
        services.accounts.logIn({ email: "giulia@example.it", password: PASSWORD }, null),
      );
      await services.accounts.logIn(
        { email: "giulia@example.it", password: "nuova-password-lunga" },
        null,
      );
    });

    it("refuses a wrong current password and changes nothing", async () => {
      const { actor, token } = await signUp();
      const error = await failure(
        services.accounts.changePassword(
          actor,
          { currentPassword: "sbagliata-davvero", newPassword: "nuova-password-lunga" },
          null,
        ),
      );
      expect(error.fields).toEqual({ currentPassword: "error.bad_current_password" });
      expect(await services.accounts.actorForSession(token)).not.toBeNull();
    });

    it("refuses a new password that is too short", async () => {
      const { actor } = await signUp();
      const error = await failure(
        services.accounts.changePassword(
          actor,
          { currentPassword: PASSWORD, newPassword: "corta" },
          null,
        ),
      );
      expect(error.fields).toEqual({ newPassword: "validation.password_short" });
    });
  });

  describe("API tokens", () => {
    it("are stored as a hash and work until revoked", async () => {
      const { actor } = await signUp();
      const token = await services.accounts.createApiToken("Giulia@Example.it", "script");
      expect(token).toMatch(/^tvl_[A-Za-z0-9_-]{43}$/);
      const rows = await db.selectFrom("api_tokens").selectAll().execute();
      expect(rows).toMatchObject([
        { user_id: actor.userId, name: "script", token_hash: tokenHash(token), last_used_at: null },
      ]);
      expect(await services.accounts.actorForApiToken(token)).toMatchObject({
        userId: actor.userId,
      });
      const used = await db
        .selectFrom("api_tokens")
        .select("last_used_at")
        .executeTakeFirstOrThrow();
      expect(used.last_used_at?.toISOString()).toBe(clock.now.toISOString());

      const [listed] = await services.accounts.listApiTokens(actor);
      await services.accounts.revokeApiToken(actor, listed!.id);
      expect(await services.accounts.actorForApiToken(token)).toBeNull();
    });

    it("cannot be revoked by someone else", async () => {
      await signUp();
      const marco = await signUp("marco@example.it");
      const token = await services.accounts.createApiToken("giulia@example.it");
      const id = (await db.selectFrom("api_tokens").select("id").executeTakeFirstOrThrow()).id;
      expect((await failure(services.accounts.revokeApiToken(marco.actor, id))).code).toBe(
        "not_found",
      );
      expect(await services.accounts.actorForApiToken(token)).not.toBeNull();
    });

    it.each([
      ["a session token", "tvs_"],
      ["an invite token", "tvi_"],
      ["no prefix", ""],
    ])("are not accepted with %s's prefix", async (_case, prefix) => {
      await signUp();
      const token = await services.accounts.createApiToken("giulia@example.it");
      expect(await services.accounts.actorForApiToken(prefix + token.slice(4))).toBeNull();
    });

    it("are refused for an unknown email", async () => {
      const error = await failure(services.accounts.createApiToken("nessuno@example.it"));
      expect(error.messageKey).toBe("error.user_not_found");
    });
  });
});
