// Tavoli, their organisations, members and invites.
import type { Db } from "../../db/create-db";
import type { MemberRole } from "../../core/domain";
import { AppError } from "../../core/errors";
import { assignableRoles, type Standing } from "../../core/permissions";
import {
  inviteInput,
  memberRole,
  organizationInput,
  parseInput,
  roundtableInput,
} from "../../core/schemas";
import type { Actor } from "./accounts";
import { assertId, authorize, standingIn } from "./access";
import { recordAudit } from "./audit";
import { newToken, tokenHash } from "./secrets";

const INVITE_TTL_MS = 14 * 24 * 3600_000;

export interface RoundtableView {
  id: string;
  name: string;
  territory: string;
  description: string | null;
  createdAt: Date;
  role: Exclude<Standing, "none" | "remote_contributor">;
}

export type InviteStatus = "valid" | "used" | "expired" | "revoked";

function uniqueViolation(error: unknown): boolean {
  return String((error as { code?: string }).code) === "23505";
}

/** The member's row in a tavolo, or not_found. */
async function requireMember(db: Db, roundtableId: string, userId: string) {
  const member = await db
    .selectFrom("roundtable_members")
    .select("role")
    .where("roundtable_id", "=", roundtableId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  if (!member) throw new AppError("not_found", "error.not_found");
  return member;
}

export function createRoundtables(db: Db, clock: () => Date) {
  async function view(actor: Actor, id: string): Promise<RoundtableView> {
    const standing = await authorize(db, actor, id, "roundtable.view");
    const row = await db
      .selectFrom("roundtables")
      .selectAll()
      .where("id", "=", id.toLowerCase())
      .executeTakeFirstOrThrow();
    return {
      id: row.id,
      name: row.name,
      territory: row.territory,
      description: row.description,
      createdAt: row.created_at,
      role: standing as RoundtableView["role"],
    };
  }

  async function countFacilitators(tx: Db, roundtableId: string): Promise<number> {
    const row = await tx
      .selectFrom("roundtable_members")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("roundtable_id", "=", roundtableId)
      .where("role", "=", "facilitator")
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * Runs a change to a tavolo's members with its row locked, so that changes run one at a time:
   * two facilitators demoting each other at once must not leave the tavolo with none.
   */
  async function withMembersLocked<T>(roundtableId: string, work: (tx: Db) => Promise<T>) {
    const id = assertId(roundtableId);
    return db.transaction().execute(async (tx) => {
      await tx
        .selectFrom("roundtables")
        .select("id")
        .where("id", "=", id)
        .forUpdate()
        .executeTakeFirst();
      return work(tx);
    });
  }

  return {
    get: view,

    async list(actor: Actor): Promise<RoundtableView[]> {
      let query = db
        .selectFrom("roundtables")
        .leftJoin("roundtable_members as m", (join) =>
          join.onRef("m.roundtable_id", "=", "roundtables.id").on("m.user_id", "=", actor.userId),
        )
        .select([
          "roundtables.id",
          "roundtables.name",
          "roundtables.territory",
          "roundtables.description",
          "roundtables.created_at",
          "m.role",
        ])
        .orderBy("roundtables.created_at", "desc")
        .limit(500);
      if (!actor.isAdmin) query = query.where("m.user_id", "=", actor.userId);
      const rows = await query.execute();
      return rows.map((row) => ({
        id: row.id,
        name: row.name,
        territory: row.territory,
        description: row.description,
        createdAt: row.created_at,
        role: actor.isAdmin ? "admin" : (row.role as MemberRole),
      }));
    },

    async create(actor: Actor, input: unknown): Promise<RoundtableView> {
      const data = parseInput(roundtableInput, input);
      const roundtable = await db.transaction().execute(async (tx) => {
        const row = await tx
          .insertInto("roundtables")
          .values({
            name: data.name,
            territory: data.territory,
            description: data.description ?? null,
            created_by: actor.userId,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await tx
          .insertInto("roundtable_members")
          .values({ roundtable_id: row.id, user_id: actor.userId, role: "facilitator" })
          .execute();
        await recordAudit(tx, {
          action: "roundtable.created",
          actorUserId: actor.userId,
          roundtableId: row.id,
          subjectId: row.id,
        });
        return row;
      });
      return {
        id: roundtable.id,
        name: roundtable.name,
        territory: roundtable.territory,
        description: roundtable.description,
        createdAt: roundtable.created_at,
        role: actor.isAdmin ? "admin" : "facilitator",
      };
    },

    async listOrganizations(actor: Actor, roundtableId: string) {
      await authorize(db, actor, roundtableId, "roundtable.view");
      return db
        .selectFrom("organizations")
        .selectAll()
        .where("roundtable_id", "=", roundtableId.toLowerCase())
        .orderBy("name")
        .execute();
    },

    async createOrganization(actor: Actor, roundtableId: string, input: unknown) {
      await authorize(db, actor, roundtableId, "organization.create");
      const data = parseInput(organizationInput, input);
      const row = await db
        .insertInto("organizations")
        .values({ roundtable_id: roundtableId.toLowerCase(), name: data.name, kind: data.kind })
        .returningAll()
        .executeTakeFirstOrThrow()
        .catch((error: unknown) => {
          if (uniqueViolation(error)) {
            throw new AppError("conflict", "error.organization_exists", {
              name: "error.organization_exists",
            });
          }
          throw error;
        });
      await recordAudit(db, {
        action: "organization.created",
        actorUserId: actor.userId,
        roundtableId: row.roundtable_id,
        subjectId: row.id,
        detail: { kind: row.kind },
      });
      return row;
    },

    /** Members with their organisation; names only, never emails. */
    async listMembers(actor: Actor, roundtableId: string) {
      await authorize(db, actor, roundtableId, "member.list");
      return db
        .selectFrom("roundtable_members as m")
        .innerJoin("users as u", "u.id", "m.user_id")
        .leftJoin("organizations as o", "o.id", "m.organization_id")
        .select([
          "m.user_id as userId",
          "u.name",
          "m.role",
          "m.joined_at as joinedAt",
          "o.id as organizationId",
          "o.name as organizationName",
          "o.kind as organizationKind",
        ])
        .where("m.roundtable_id", "=", roundtableId.toLowerCase())
        .orderBy("o.name")
        .orderBy("u.name")
        .execute();
    },

    async createInvite(actor: Actor, roundtableId: string, input: unknown) {
      const standing = await authorize(db, actor, roundtableId, "member.invite");
      const data = parseInput(inviteInput, input);
      if (!assignableRoles(standing).includes(data.role)) {
        throw new AppError("forbidden", "error.role_not_assignable", {
          role: "error.role_not_assignable",
        });
      }
      const id = roundtableId.toLowerCase();
      if (data.organizationId) {
        const org = await db
          .selectFrom("organizations")
          .select("id")
          .where("id", "=", data.organizationId)
          .where("roundtable_id", "=", id)
          .executeTakeFirst();
        if (!org)
          throw new AppError("invalid", "error.invalid", { organizationId: "validation.choice" });
      }
      const token = newToken("tvi");
      const invite = await db
        .insertInto("invites")
        .values({
          roundtable_id: id,
          organization_id: data.organizationId ?? null,
          role: data.role,
          note: data.note ?? null,
          token_hash: tokenHash(token),
          created_by: actor.userId,
          expires_at: new Date(clock().getTime() + INVITE_TTL_MS),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(db, {
        action: "invite.created",
        actorUserId: actor.userId,
        roundtableId: id,
        subjectId: invite.id,
        detail: { role: data.role },
      });
      return { token, invite };
    },

    async listPendingInvites(actor: Actor, roundtableId: string) {
      await authorize(db, actor, roundtableId, "member.invite");
      return db
        .selectFrom("invites as i")
        .leftJoin("organizations as o", "o.id", "i.organization_id")
        .select([
          "i.id",
          "i.role",
          "i.note",
          "i.created_at",
          "i.expires_at",
          "o.name as organizationName",
        ])
        .where("i.roundtable_id", "=", roundtableId.toLowerCase())
        .where("i.accepted_at", "is", null)
        .where("i.revoked_at", "is", null)
        .where("i.expires_at", ">", clock())
        .orderBy("i.created_at", "desc")
        .execute();
    },

    async revokeInvite(actor: Actor, roundtableId: string, inviteId: string) {
      await authorize(db, actor, roundtableId, "member.invite");
      const row = await db
        .updateTable("invites")
        .set({ revoked_at: clock() })
        .where("id", "=", assertId(inviteId))
        .where("roundtable_id", "=", roundtableId.toLowerCase())
        .where("accepted_at", "is", null)
        .where("revoked_at", "is", null)
        .returning("id")
        .executeTakeFirst();
      if (!row) throw new AppError("not_found", "error.not_found");
      await recordAudit(db, {
        action: "invite.revoked",
        actorUserId: actor.userId,
        roundtableId: roundtableId.toLowerCase(),
        subjectId: row.id,
      });
    },

    /** What an invite link offers, shown before accepting; no token needed beyond the link. */
    async describeInvite(token: string) {
      const row = await db
        .selectFrom("invites as i")
        .innerJoin("roundtables as r", "r.id", "i.roundtable_id")
        .leftJoin("organizations as o", "o.id", "i.organization_id")
        .select([
          "i.id",
          "i.role",
          "i.accepted_at",
          "i.revoked_at",
          "i.expires_at",
          "r.id as roundtableId",
          "r.name as roundtableName",
          "r.territory",
          "o.name as organizationName",
        ])
        .where("i.token_hash", "=", tokenHash(token))
        .executeTakeFirst();
      if (!row) return null;
      const status: InviteStatus = row.revoked_at
        ? "revoked"
        : row.accepted_at
          ? "used"
          : row.expires_at.getTime() <= clock().getTime()
            ? "expired"
            : "valid";
      return { ...row, status };
    },

    /** Single use: the first acceptance claims the invite atomically; any later one is refused. */
    async acceptInvite(actor: Actor, token: string) {
      return db.transaction().execute(async (tx) => {
        const now = clock();
        const invite = await tx
          .selectFrom("invites")
          .select(["id", "roundtable_id"])
          .where("token_hash", "=", tokenHash(token))
          .executeTakeFirst();
        if (!invite) throw new AppError("not_found", "error.invite_not_found");
        const already = await tx
          .selectFrom("roundtable_members")
          .select("role")
          .where("roundtable_id", "=", invite.roundtable_id)
          .where("user_id", "=", actor.userId)
          .executeTakeFirst();
        if (already) throw new AppError("conflict", "error.already_member");
        const claimed = await tx
          .updateTable("invites")
          .set({ accepted_at: now, accepted_by: actor.userId })
          .where("id", "=", invite.id)
          .where("accepted_at", "is", null)
          .where("revoked_at", "is", null)
          .where("expires_at", ">", now)
          .returningAll()
          .executeTakeFirst();
        if (!claimed) throw new AppError("conflict", "error.invite_unusable");
        await tx
          .insertInto("roundtable_members")
          .values({
            roundtable_id: claimed.roundtable_id,
            user_id: actor.userId,
            organization_id: claimed.organization_id,
            role: claimed.role,
          })
          .execute()
          .catch((error: unknown) => {
            // Two invites to one tavolo accepted at once: the other joined first. Rolling back
            // leaves this invite unused.
            if (uniqueViolation(error)) throw new AppError("conflict", "error.already_member");
            throw error;
          });
        await recordAudit(tx, {
          action: "invite.accepted",
          actorUserId: actor.userId,
          roundtableId: claimed.roundtable_id,
          subjectId: claimed.id,
          detail: { role: claimed.role },
        });
        return { roundtableId: claimed.roundtable_id, role: claimed.role };
      });
    },

    async changeRole(actor: Actor, roundtableId: string, userId: string, role: unknown) {
      await withMembersLocked(roundtableId, async (tx) => {
        const standing = await authorize(tx, actor, roundtableId, "member.change_role");
        const newRole = parseInput(memberRole, role);
        const id = roundtableId.toLowerCase();
        const targetId = assertId(userId);
        const target = await requireMember(tx, id, targetId);
        const allowed = assignableRoles(standing);
        if (!allowed.includes(newRole) || !allowed.includes(target.role)) {
          throw new AppError("forbidden", "error.role_not_assignable", {
            role: "error.role_not_assignable",
          });
        }
        if (
          target.role === "facilitator" &&
          newRole !== "facilitator" &&
          (await countFacilitators(tx, id)) <= 1
        ) {
          throw new AppError("conflict", "error.last_facilitator");
        }
        await tx
          .updateTable("roundtable_members")
          .set({ role: newRole })
          .where("roundtable_id", "=", id)
          .where("user_id", "=", targetId)
          .execute();
        await recordAudit(tx, {
          action: "member.role_changed",
          actorUserId: actor.userId,
          roundtableId: id,
          subjectId: targetId,
          detail: { from: target.role, to: newRole },
        });
      });
    },

    /** A facilitator removes anyone (but the last facilitator); any member may leave. */
    async removeMember(actor: Actor, roundtableId: string, userId: string) {
      const id = assertId(roundtableId);
      const targetId = assertId(userId);
      const leaving = targetId === actor.userId;
      await withMembersLocked(id, async (tx) => {
        await authorize(tx, actor, id, leaving ? "roundtable.view" : "member.remove");
        const target = await requireMember(tx, id, targetId);
        if (target.role === "facilitator" && (await countFacilitators(tx, id)) <= 1) {
          throw new AppError("conflict", "error.last_facilitator");
        }
        await tx
          .deleteFrom("roundtable_members")
          .where("roundtable_id", "=", id)
          .where("user_id", "=", targetId)
          .execute();
        await recordAudit(tx, {
          action: "member.removed",
          actorUserId: actor.userId,
          roundtableId: id,
          subjectId: targetId,
          detail: { role: target.role },
        });
      });
    },

    async standing(actor: Actor, roundtableId: string) {
      return standingIn(db, actor, assertId(roundtableId));
    },

    async listPacts(actor: Actor, roundtableId: string) {
      await authorize(db, actor, roundtableId, "pact.view");
      return db
        .selectFrom("pacts")
        .selectAll()
        .where("roundtable_id", "=", roundtableId.toLowerCase())
        .orderBy("created_at", "desc")
        .execute();
    },
  };
}

export type Roundtables = ReturnType<typeof createRoundtables>;
