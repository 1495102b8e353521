// Accounts: sign-up, sign-in, sessions in the database, password changes, API tokens.
import type { Db } from "../../db/create-db";
import type { User } from "../../db/schema";
import { AppError } from "../../core/errors";
import type { Locale } from "../../core/domain";
import {
  changePasswordInput,
  logInInput,
  parseInput,
  signUpInput,
  tokenNameInput,
} from "../../core/schemas";
import { assertId } from "./access";
import { recordAudit } from "./audit";
import {
  decoyPasswordHash,
  hashPassword,
  newToken,
  sameSecret,
  tokenHash,
  verifyPassword,
} from "./secrets";

export interface SessionPolicy {
  /** A session unused for this long ends. */
  idleMs: number;
  /** A session ends this long after sign-in, however active. */
  absoluteMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  idleMs: 7 * 24 * 3600_000,
  absoluteMs: 30 * 24 * 3600_000,
};

/** Who is acting: a signed-in user, through a session or an API token. */
export interface Actor {
  userId: string;
  name: string;
  isAdmin: boolean;
  locale: Locale | null;
}

export interface SessionInfo {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  clientLabel: string | null;
  current: boolean;
}

// Touching last_seen_at on every request would turn reads into writes; once a minute is enough,
// or more often under an idle limit so short that a minute's delay would end a session in use.
const TOUCH_EVERY_MS = 60_000;

function toActor(user: Pick<User, "id" | "name" | "is_admin" | "locale">): Actor {
  return {
    userId: user.id,
    name: user.name,
    isAdmin: user.is_admin,
    locale: user.locale === "it" || user.locale === "en" ? user.locale : null,
  };
}

export function createAccounts(db: Db, policy: SessionPolicy, clock: () => Date) {
  const touchSessionEveryMs = Math.min(TOUCH_EVERY_MS, policy.idleMs / 4);

  async function startSession(userId: string, clientLabel: string | null) {
    const token = newToken("tvs");
    const now = clock();
    await db
      .insertInto("sessions")
      .values({
        token_hash: tokenHash(token),
        user_id: userId,
        created_at: now,
        last_seen_at: now,
        expires_at: new Date(now.getTime() + policy.absoluteMs),
        client_label: clientLabel,
      })
      .execute();
    return { token, expiresAt: new Date(now.getTime() + policy.absoluteMs) };
  }

  return {
    async createUser(input: { email: string; name: string; password: string; isAdmin?: boolean }) {
      const data = parseInput(signUpInput, input);
      const existing = await db
        .selectFrom("users")
        .select("id")
        .where("email", "=", data.email)
        .executeTakeFirst();
      if (existing)
        throw new AppError("conflict", "error.email_taken", { email: "error.email_taken" });
      const user = await db
        .insertInto("users")
        .values({
          email: data.email,
          name: data.name,
          password_hash: await hashPassword(data.password),
          is_admin: input.isAdmin ?? false,
          locale: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow()
        .catch((error: unknown) => {
          // Two sign-ups racing for one email: the unique index decides.
          if (String((error as { code?: string }).code) === "23505") {
            throw new AppError("conflict", "error.email_taken", { email: "error.email_taken" });
          }
          throw error;
        });
      await recordAudit(db, { action: "user.sign_up", actorUserId: user.id, subjectId: user.id });
      return toActor(user);
    },

    async signUp(input: unknown, clientLabel: string | null, locale: Locale | null) {
      const data = parseInput(signUpInput, input);
      const actor = await this.createUser(data);
      if (locale)
        await db.updateTable("users").set({ locale }).where("id", "=", actor.userId).execute();
      const session = await startSession(actor.userId, clientLabel);
      return { actor, ...session };
    },

    async logIn(input: unknown, clientLabel: string | null) {
      const data = parseInput(logInInput, input);
      const user = await db
        .selectFrom("users")
        .selectAll()
        .where("email", "=", data.email)
        .executeTakeFirst();
      const ok = await verifyPassword(
        user?.password_hash ?? (await decoyPasswordHash()),
        data.password,
      );
      if (!user || !ok) {
        await recordAudit(db, {
          action: "user.sign_in_failed",
          actorUserId: user?.id ?? null,
          subjectId: user?.id ?? null,
        });
        throw new AppError("unauthenticated", "error.bad_credentials", {
          password: "error.bad_credentials",
        });
      }
      await recordAudit(db, { action: "user.sign_in", actorUserId: user.id, subjectId: user.id });
      const session = await startSession(user.id, clientLabel);
      return { actor: toActor(user), ...session };
    },

    /** The actor behind a session cookie, or null if it is unknown, revoked or expired. */
    async actorForSession(token: string): Promise<(Actor & { sessionId: string }) | null> {
      const now = clock();
      const row = await db
        .selectFrom("sessions")
        .innerJoin("users", "users.id", "sessions.user_id")
        .select([
          "sessions.id as sessionId",
          "sessions.token_hash",
          "sessions.last_seen_at",
          "sessions.expires_at",
          "users.id",
          "users.name",
          "users.is_admin",
          "users.locale",
        ])
        .where("sessions.token_hash", "=", tokenHash(token))
        .executeTakeFirst();
      if (!row || !sameSecret(row.token_hash, tokenHash(token))) return null;
      const idleEnd = row.last_seen_at.getTime() + policy.idleMs;
      if (row.expires_at.getTime() <= now.getTime() || idleEnd <= now.getTime()) {
        await db.deleteFrom("sessions").where("id", "=", row.sessionId).execute();
        return null;
      }
      if (now.getTime() - row.last_seen_at.getTime() > touchSessionEveryMs) {
        await db
          .updateTable("sessions")
          .set({ last_seen_at: now })
          .where("id", "=", row.sessionId)
          .execute();
      }
      return { ...toActor(row), sessionId: row.sessionId };
    },

    async logOut(token: string) {
      const row = await db
        .deleteFrom("sessions")
        .where("token_hash", "=", tokenHash(token))
        .returning("user_id")
        .executeTakeFirst();
      if (row) await recordAudit(db, { action: "user.sign_out", actorUserId: row.user_id });
    },

    async listSessions(actor: Actor, currentSessionId: string | null): Promise<SessionInfo[]> {
      const now = clock();
      const rows = await db
        .selectFrom("sessions")
        .select(["id", "created_at", "last_seen_at", "expires_at", "client_label"])
        .where("user_id", "=", actor.userId)
        .where("expires_at", ">", now)
        .where("last_seen_at", ">", new Date(now.getTime() - policy.idleMs))
        .orderBy("last_seen_at", "desc")
        .execute();
      return rows.map((row) => ({
        id: row.id,
        createdAt: row.created_at,
        lastSeenAt: row.last_seen_at,
        expiresAt: new Date(
          Math.min(row.expires_at.getTime(), row.last_seen_at.getTime() + policy.idleMs),
        ),
        clientLabel: row.client_label,
        current: row.id === currentSessionId,
      }));
    },

    async revokeSession(actor: Actor, sessionId: string) {
      const row = await db
        .deleteFrom("sessions")
        .where("id", "=", assertId(sessionId))
        .where("user_id", "=", actor.userId)
        .returning("id")
        .executeTakeFirst();
      if (!row) throw new AppError("not_found", "error.not_found");
      await recordAudit(db, {
        action: "session.revoked",
        actorUserId: actor.userId,
        subjectId: row.id,
      });
    },

    /** Changes the password and ends every other session of the user. */
    async changePassword(actor: Actor, input: unknown, currentSessionId: string | null) {
      const data = parseInput(changePasswordInput, input);
      const user = await db
        .selectFrom("users")
        .select("password_hash")
        .where("id", "=", actor.userId)
        .executeTakeFirstOrThrow();
      if (!(await verifyPassword(user.password_hash, data.currentPassword))) {
        throw new AppError("invalid", "error.bad_current_password", {
          currentPassword: "error.bad_current_password",
        });
      }
      await db
        .updateTable("users")
        .set({ password_hash: await hashPassword(data.newPassword) })
        .where("id", "=", actor.userId)
        .execute();
      let others = db.deleteFrom("sessions").where("user_id", "=", actor.userId);
      if (currentSessionId) others = others.where("id", "!=", currentSessionId);
      await others.execute();
      await recordAudit(db, { action: "user.password_changed", actorUserId: actor.userId });
    },

    async setLocale(actor: Actor, locale: Locale) {
      await db.updateTable("users").set({ locale }).where("id", "=", actor.userId).execute();
    },

    async createApiToken(email: string, name = "cli") {
      const label = parseInput(tokenNameInput, { name }).name;
      const user = await db
        .selectFrom("users")
        .select("id")
        .where("email", "=", email.trim().toLowerCase())
        .executeTakeFirst();
      if (!user) throw new AppError("not_found", "error.user_not_found");
      const token = newToken("tvl");
      await db
        .insertInto("api_tokens")
        .values({ user_id: user.id, name: label, token_hash: tokenHash(token) })
        .execute();
      await recordAudit(db, {
        action: "api_token.created",
        actorUserId: user.id,
        detail: { name: label },
      });
      return token;
    },

    async listApiTokens(actor: Actor) {
      return db
        .selectFrom("api_tokens")
        .select(["id", "name", "created_at", "last_used_at"])
        .where("user_id", "=", actor.userId)
        .orderBy("created_at", "desc")
        .execute();
    },

    async revokeApiToken(actor: Actor, tokenId: string) {
      const row = await db
        .deleteFrom("api_tokens")
        .where("id", "=", assertId(tokenId))
        .where("user_id", "=", actor.userId)
        .returning("id")
        .executeTakeFirst();
      if (!row) throw new AppError("not_found", "error.not_found");
    },

    async profile(actor: Actor) {
      return db
        .selectFrom("users")
        .select(["name", "email"])
        .where("id", "=", actor.userId)
        .executeTakeFirstOrThrow();
    },

    async actorForApiToken(token: string): Promise<Actor | null> {
      if (!token.startsWith("tvl_") || token.length > 200) return null;
      const row = await db
        .selectFrom("api_tokens")
        .innerJoin("users", "users.id", "api_tokens.user_id")
        .select([
          "api_tokens.id as tokenId",
          "api_tokens.token_hash",
          "api_tokens.last_used_at",
          "users.id",
          "users.name",
          "users.is_admin",
          "users.locale",
        ])
        .where("api_tokens.token_hash", "=", tokenHash(token))
        .executeTakeFirst();
      if (!row || !sameSecret(row.token_hash, tokenHash(token))) return null;
      const now = clock();
      if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > TOUCH_EVERY_MS) {
        await db
          .updateTable("api_tokens")
          .set({ last_used_at: now })
          .where("id", "=", row.tokenId)
          .execute();
      }
      return toActor(row);
    },
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
