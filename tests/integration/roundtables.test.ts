import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../db/create-db";
import type { MemberRole } from "../../core/domain";
import { isAppError, type AppError } from "../../core/errors";
import { createServices, type Actor, type Services } from "../../server/services";
import { tokenHash } from "../../server/services/secrets";
import { resetTestDb, testDbKind } from "../support/test-db";

const DAY = 24 * 3600_000;

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => expect.fail("expected the call to fail"),
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw error;
  return error;
}

describe(`tavoli, organisations, members and invites on ${testDbKind()}`, () => {
  let db: Db;
  let services: Services;
  const clock = { now: new Date("2026-03-02T09:00:00Z") };
  let people = 0;

  beforeEach(async () => {
    db = await resetTestDb();
    clock.now = new Date("2026-03-02T09:00:00Z");
    services = createServices(db, { clock: () => new Date(clock.now) });
  });

  async function person(name = "Persona", isAdmin = false): Promise<Actor> {
    people += 1;
    return services.accounts.createUser({
      email: `persona${people}@example.it`,
      name,
      password: "una-password-lunga",
      isAdmin,
    });
  }

  async function tavolo(facilitator: Actor) {
    return services.roundtables.create(facilitator, {
      name: "Patto educativo di comunità",
      territory: "Ambito territoriale di Chieri (n. 25)",
      description: "Genitori, scuola, servizi",
    });
  }

  /** A new person who joins `roundtableId` in `role` by the usual single-use invite. */
  async function joined(
    facilitator: Actor,
    roundtableId: string,
    role: MemberRole,
    name = `Membro ${role}`,
  ) {
    const actor = await person(name);
    const { token } = await services.roundtables.createInvite(facilitator, roundtableId, { role });
    await services.roundtables.acceptInvite(actor, token);
    return actor;
  }

  async function auditActions(roundtableId: string) {
    const rows = await db
      .selectFrom("audit_events")
      .select(["action", "actor_user_id", "subject_id", "detail"])
      .where("roundtable_id", "=", roundtableId)
      .orderBy("at")
      .execute();
    return rows;
  }

  describe("creating a tavolo", () => {
    it("makes the creator its facilitator and lists it for them only", async () => {
      const giulia = await person("Giulia");
      const outsider = await person("Esterno");
      const created = await tavolo(giulia);
      expect(created).toMatchObject({
        role: "facilitator",
        description: "Genitori, scuola, servizi",
      });
      expect(await services.roundtables.standing(giulia, created.id)).toBe("facilitator");
      expect((await services.roundtables.list(giulia)).map((r) => [r.id, r.role])).toEqual([
        [created.id, "facilitator"],
      ]);
      expect(await services.roundtables.list(outsider)).toEqual([]);
      expect(await auditActions(created.id)).toMatchObject([
        { action: "roundtable.created", actor_user_id: giulia.userId },
      ]);
    });

    it("lets an instance admin see every tavolo as admin", async () => {
      const giulia = await person("Giulia");
      const admin = await person("Admin", true);
      const created = await tavolo(giulia);
      expect((await services.roundtables.list(admin)).map((r) => [r.id, r.role])).toEqual([
        [created.id, "admin"],
      ]);
      expect((await services.roundtables.get(admin, created.id)).role).toBe("admin");
    });

    it("refuses a tavolo without name or territory", async () => {
      const error = await failure(services.roundtables.create(await person(), { name: " " }));
      expect(error.fields).toEqual({
        name: "validation.required",
        territory: "validation.required",
      });
    });
  });

  describe("reading a tavolo", () => {
    it.each([
      ["an unknown id", "9b2d4f0e-8f3a-4c1e-9a7b-0c5d6e7f8a9b"],
      ["a malformed id", "not-a-uuid"],
      ["an id with SQL in it", "' or 1=1 --"],
      ["an empty id", ""],
    ])("gives not_found for %s", async (_case, id) => {
      const error = await failure(services.roundtables.get(await person(), id));
      expect(error.code).toBe("not_found");
    });

    it("gives outsiders not_found, so a tavolo's existence is not revealed", async () => {
      const created = await tavolo(await person());
      const outsider = await person();
      for (const call of [
        () => services.roundtables.get(outsider, created.id),
        () => services.roundtables.listOrganizations(outsider, created.id),
        () => services.roundtables.listMembers(outsider, created.id),
        () =>
          services.roundtables.createOrganization(outsider, created.id, {
            name: "X",
            kind: "other",
          }),
        () => services.roundtables.createInvite(outsider, created.id, { role: "member" }),
        () => services.roundtables.listPendingInvites(outsider, created.id),
        () => services.roundtables.changeRole(outsider, created.id, outsider.userId, "member"),
        () => services.roundtables.removeMember(outsider, created.id, outsider.userId),
      ]) {
        expect((await failure(call())).code).toBe("not_found");
      }
    });

    it("accepts an id in capitals", async () => {
      const giulia = await person();
      const created = await tavolo(giulia);
      expect((await services.roundtables.get(giulia, created.id.toUpperCase())).id).toBe(
        created.id,
      );
    });
  });

  describe("organisations", () => {
    it("are created by facilitators and secretaries and listed by name", async () => {
      const giulia = await person();
      const created = await tavolo(giulia);
      const secretary = await joined(giulia, created.id, "secretary");
      await services.roundtables.createOrganization(giulia, created.id, {
        name: "Comune di Chieri",
        kind: "municipality",
      });
      await services.roundtables.createOrganization(secretary, created.id, {
        name: "ASL TO5",
        kind: "health_authority",
      });
      expect(
        (await services.roundtables.listOrganizations(giulia, created.id)).map((o) => o.name),
      ).toEqual(["ASL TO5", "Comune di Chieri"]);
      expect((await auditActions(created.id)).map((e) => e.action)).toContain(
        "organization.created",
      );
    });

    it.each(["member", "observer"] as const)("cannot be created by a %s", async (role) => {
      const giulia = await person();
      const created = await tavolo(giulia);
      const someone = await joined(giulia, created.id, role);
      const error = await failure(
        services.roundtables.createOrganization(someone, created.id, { name: "X", kind: "other" }),
      );
      expect(error.code).toBe("forbidden");
    });

    it("refuses a duplicate name, whatever its case and spaces, with a conflict", async () => {
      const giulia = await person();
      const created = await tavolo(giulia);
      await services.roundtables.createOrganization(giulia, created.id, {
        name: "Comune di Chieri",
        kind: "municipality",
      });
      const error = await failure(
        services.roundtables.createOrganization(giulia, created.id, {
          name: "  COMUNE DI CHIERI ",
          kind: "other",
        }),
      );
      expect(error.code).toBe("conflict");
      expect(error.fields).toEqual({ name: "error.organization_exists" });
    });

    it("may share a name across different tavoli", async () => {
      const giulia = await person();
      const first = await tavolo(giulia);
      const second = await tavolo(giulia);
      for (const id of [first.id, second.id]) {
        await services.roundtables.createOrganization(giulia, id, {
          name: "Comune di Chieri",
          kind: "municipality",
        });
      }
    });
  });

  describe("invites", () => {
    it("are stored hashed and make the invitee a member in the invited role and organisation", async () => {
      const giulia = await person();
      const created = await tavolo(giulia);
      const school = await services.roundtables.createOrganization(giulia, created.id, {
        name: "Istituto Comprensivo Chieri I",
        kind: "school",
      });
      const { token, invite } = await services.roundtables.createInvite(giulia, created.id, {
        role: "member",
        organizationId: school.id,
        note: "per Paolo",
      });
      expect(token).toMatch(/^tvi_/);
      expect(invite.token_hash).toBe(tokenHash(token));
      expect(invite.expires_at.getTime()).toBe(clock.now.getTime() + 14 * DAY);
      expect((await services.roundtables.describeInvite(token))?.status).toBe("valid");

      const paolo = await person("Paolo Gallo");
      expect(await services.roundtables.acceptInvite(paolo, token)).toEqual({
        roundtableId: created.id,
        role: "member",
      });
      const members = await services.roundtables.listMembers(giulia, created.id);
      expect(members.find((m) => m.userId === paolo.userId)).toMatchObject({
        role: "member",
        organizationName: "Istituto Comprensivo Chieri I",
      });
      expect((await services.roundtables.describeInvite(token))?.status).toBe("used");
    });

    it("are single use: a second acceptance is refused", async () => {
      const giulia = await person();
      const created = await tavolo(giulia);
      const { token } = await services.roundtables.createInvite(giulia, created.id, {
        role: "member",
      });
      await services.roundtables.acceptInvite(await person(), token);
      const late = await person();
      const error = await failure(services.roundtables.acceptInvite(late, token));
      expect(error).toMatchObject({ code: "conflict", messageKey: "error.invite_unusable" });
      expect(await services.roundtables.standing(late, created.id)).toBe("none");
    });

    it("let exactly one of two people accepting the same invite at once in", async () => {
      const giulia = await person();
      const created = await tavolo(giulia);
      for (let round = 0; round < 5; round++) {
        const { token } = await services.roundtables.createInvite(giulia, created.id, {
          role: "member",
        });
        const racers = [await person(), await person()];
        const results = await Promise.allSettled(
          racers.map((racer) => services.roundtables.acceptInvite(racer, token)),
        );
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
        expect(rejected.reason).toMatchObject({ code: "conflict" });
        const standings = await Promise.all(
          racers.map((racer) => services.roundtables.standing(racer, created.id)),
        );
        expect(standings.sort()).toEqual(["member", "none"]);
      }
    });

    it("let someone accepting two invites to one tavolo at once in only once", async () => {
      const giulia = await person();
      const created = await tavolo(giulia);
      const paolo = await person();
      for (let round = 0; round < 3; round++) {
        const invites = await Promise.all(
          (["member", "observer"] as const).map((role) =>
            services.roundtables.createInvite(giulia, created.id, { role }),
          ),
        );
        const results = await Promise.allSettled(
          invites.map(({ token }) => services.roundtables.acceptInvite(paolo, token)),
        );
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
        expect(rejected.reason).toMatchObject({
          code: "conflict",
          messageKey: "error.already_member",
        });
        // The invite that was not used stays valid for someone else.
        const statuses = await Promise.all(
          invites.map(
            async ({ token }) => (await services.roundtables.describeInvite(token))?.status,
          ),
        );
        expect(statuses.sort()).toEqual(["used", "valid"]);
        await services.roundtables.removeMember(paolo, created.id, paolo.userId);
      }
    });

    it("are refused once expired", async () => {
      const giulia = await person();
      const created = await tavolo(giulia);
      const { token } = await services.roundtables.createInvite(giulia, created.id, {
        role: "member",
      });
      clock.now = new Date(clock.now.getTime() + 14 * DAY);
      expect((await services.roundtables.describeInvite(token))?.status).toBe("expired");
      const error = await failure(services.roundtables.acceptInvite(await person(), token));
      expect(error.messageKey).toBe("error.invite_unusable");
      expect(await services.roundtables.listPendingInvites(giulia, created.id)).toEqual([]);
    });

    it("are refused once revoked", async () => {
      const giulia = await person();
      const created = await tavolo(giulia);
      const { token, invite } = await services.roundtables.createInvite(giulia, created.id, {
        role: "member",
      });
      expect(
        (await services.roundtables.listPendingInvites(giulia, created.id)).map((i) => i.id),
      ).toEqual([invite.id]);
      await services.roundtables.revokeInvite(giulia, created.id, invite.id);
      expect((await services.roundtables.describeInvite(token))?.status).toBe("revoked");
      const error = await failure(services.roundtables.acceptInvite(await person(), token));
      expect(error.messageKey).toBe("error.invite_unusable");
      expect(
        (await failure(services.roundtables.revokeInvite(giulia, created.id, invite.id))).code,
      ).toBe("not_found");
    });

    it("are unknown for a made-up token", async () => {
      expect(await services.roundtables.describeInvite("tvi_nope")).toBeNull();
      const error = await failure(services.roundtables.acceptInvite(await person(), "tvi_nope"));
      expect(error).toMatchObject({ code: "not_found", messageKey: "error.invite_not_found" });
    });

    it("cannot be accepted by someone already in the tavolo, and stay usable", async () => {
      const giulia = await person();
      const created = await tavolo(giulia);
      const { token } = await services.roundtables.createInvite(giulia, created.id, {
        role: "observer",
      });
      const error = await failure(services.roundtables.acceptInvite(giulia, token));
      expect(error.messageKey).toBe("error.already_member");
      expect(await services.roundtables.standing(giulia, created.id)).toBe("facilitator");
      expect((await services.roundtables.describeInvite(token))?.status).toBe("valid");
    });

    it.each([
      ["facilitator", false],
      ["secretary", false],
      ["member", true],
      ["observer", true],
    ] as const)("from a secretary for the role %s: allowed %s", async (role, allowed) => {
      const giulia = await person();
      const created = await tavolo(giulia);
      const secretary = await joined(giulia, created.id, "secretary");
      const call = services.roundtables.createInvite(secretary, created.id, { role });
      if (allowed) {
        await call;
      } else {
        const error = await failure(call);
        expect(error).toMatchObject({ code: "forbidden", messageKey: "error.role_not_assignable" });
      }
    });

    it.each(["member", "observer"] as const)("cannot be created by a %s", async (role) => {
      const giulia = await person();
      const created = await tavolo(giulia);
      const someone = await joined(giulia, created.id, role);
      const error = await failure(
        services.roundtables.createInvite(someone, created.id, { role: "observer" }),
      );
      expect(error.code).toBe("forbidden");
    });

    it("refuses an organisation of another tavolo", async () => {
      const giulia = await person();
      const created = await tavolo(giulia);
      const elsewhere = await tavolo(giulia);
      const org = await services.roundtables.createOrganization(giulia, elsewhere.id, {
        name: "Comune",
        kind: "municipality",
      });
      const error = await failure(
        services.roundtables.createInvite(giulia, created.id, {
          role: "member",
          organizationId: org.id,
        }),
      );
      expect(error.fields).toEqual({ organizationId: "validation.choice" });
    });
  });

  describe("members", () => {
    it("are listed by name and organisation, never with their email", async () => {
      const giulia = await person("Giulia Ferrero");
      const created = await tavolo(giulia);
      await joined(giulia, created.id, "member", "Paolo Gallo");
      const observer = await joined(giulia, created.id, "observer", "Luca Bianco");
      const members = await services.roundtables.listMembers(observer, created.id);
      expect(members.map((m) => [m.name, m.role]).sort()).toEqual([
        ["Giulia Ferrero", "facilitator"],
        ["Luca Bianco", "observer"],
        ["Paolo Gallo", "member"],
      ]);
      for (const member of members) {
        expect(Object.keys(member).some((key) => /mail/i.test(key))).toBe(false);
        expect(JSON.stringify(member)).not.toContain("@");
      }
    });

    it("have their role changed by a facilitator, recorded in the audit log", async () => {
      const giulia = await person();
      const created = await tavolo(giulia);
      const paolo = await joined(giulia, created.id, "member");
      await services.roundtables.changeRole(giulia, created.id, paolo.userId, "secretary");
      expect(await services.roundtables.standing(paolo, created.id)).toBe("secretary");
      expect((await auditActions(created.id)).at(-1)).toMatchObject({
        action: "member.role_changed",
        actor_user_id: giulia.userId,
        subject_id: paolo.userId,
        detail: { from: "member", to: "secretary" },
      });
    });

    it.each(["secretary", "member", "observer"] as const)(
      "cannot have their role changed by a %s",
      async (role) => {
        const giulia = await person();
        const created = await tavolo(giulia);
        const someone = await joined(giulia, created.id, role);
        const paolo = await joined(giulia, created.id, "member");
        const error = await failure(
          services.roundtables.changeRole(someone, created.id, paolo.userId, "observer"),
        );
        expect(error.code).toBe("forbidden");
      },
    );

    it("refuses a role that does not exist", async () => {
      const giulia = await person();
      const created = await tavolo(giulia);
      const paolo = await joined(giulia, created.id, "member");
      const error = await failure(
        services.roundtables.changeRole(giulia, created.id, paolo.userId, "admin"),
      );
      expect(error.code).toBe("invalid");
    });

    it("gives not_found for someone who is not a member", async () => {
      const giulia = await person();
      const created = await tavolo(giulia);
      const outsider = await person();
      for (const call of [
        () => services.roundtables.changeRole(giulia, created.id, outsider.userId, "member"),
        () => services.roundtables.removeMember(giulia, created.id, outsider.userId),
        () => services.roundtables.changeRole(giulia, created.id, "nope", "member"),
      ]) {
        expect((await failure(call())).code).toBe("not_found");
      }
    });

    it("keep their last facilitator: no demotion, no removal, no leaving", async () => {
      const giulia = await person();
      const created = await tavolo(giulia);
      for (const call of [
        () => services.roundtables.changeRole(giulia, created.id, giulia.userId, "member"),
        () => services.roundtables.removeMember(giulia, created.id, giulia.userId),
      ]) {
        expect(await failure(call())).toMatchObject({
          code: "conflict",
          messageKey: "error.last_facilitator",
        });
      }
      expect(await services.roundtables.standing(giulia, created.id)).toBe("facilitator");
    });

    it("may lose a facilitator while another one remains", async () => {
      const giulia = await person();
      const created = await tavolo(giulia);
      const marco = await joined(giulia, created.id, "facilitator");
      await services.roundtables.changeRole(marco, created.id, giulia.userId, "member");
      expect(await services.roundtables.standing(giulia, created.id)).toBe("member");
      expect(
        await failure(services.roundtables.removeMember(marco, created.id, marco.userId)),
      ).toMatchObject({ messageKey: "error.last_facilitator" });
    });

    it("keep a facilitator when two demote each other at the same moment", async () => {
      const giulia = await person();
      const created = await tavolo(giulia);
      const marco = await joined(giulia, created.id, "facilitator");
      const results = await Promise.allSettled([
        services.roundtables.changeRole(giulia, created.id, marco.userId, "member"),
        services.roundtables.changeRole(marco, created.id, giulia.userId, "member"),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const standings = [
        await services.roundtables.standing(giulia, created.id),
        await services.roundtables.standing(marco, created.id),
      ];
      expect(standings.sort()).toEqual(["facilitator", "member"]);
    });

    it("keep a facilitator when two facilitators leave at the same moment", async () => {
      const giulia = await person();
      const created = await tavolo(giulia);
      const marco = await joined(giulia, created.id, "facilitator");
      const results = await Promise.allSettled([
        services.roundtables.removeMember(giulia, created.id, giulia.userId),
        services.roundtables.removeMember(marco, created.id, marco.userId),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const members = await db
        .selectFrom("roundtable_members")
        .select("role")
        .where("roundtable_id", "=", created.id)
        .execute();
      expect(members).toEqual([{ role: "facilitator" }]);
    });

    it("are removed by a facilitator, recorded in the audit log", async () => {
      const giulia = await person();
      const created = await tavolo(giulia);
      const paolo = await joined(giulia, created.id, "member");
      await services.roundtables.removeMember(giulia, created.id, paolo.userId);
      expect(await services.roundtables.standing(paolo, created.id)).toBe("none");
      expect((await failure(services.roundtables.get(paolo, created.id))).code).toBe("not_found");
      expect((await auditActions(created.id)).at(-1)).toMatchObject({
        action: "member.removed",
        actor_user_id: giulia.userId,
        subject_id: paolo.userId,
        detail: { role: "member" },
      });
    });

    it.each(["secretary", "member", "observer"] as const)(
      "cannot be removed by a %s, who may still leave",
      async (role) => {
        const giulia = await person();
        const created = await tavolo(giulia);
        const someone = await joined(giulia, created.id, role);
        const paolo = await joined(giulia, created.id, "member");
        const error = await failure(
          services.roundtables.removeMember(someone, created.id, paolo.userId),
        );
        expect(error.code).toBe("forbidden");
        await services.roundtables.removeMember(someone, created.id, someone.userId);
        expect(await services.roundtables.standing(someone, created.id)).toBe("none");
      },
    );
  });

  describe("the audit log", () => {
    it("records invites created and accepted, role changes and removals, in order", async () => {
      const giulia = await person();
      const created = await tavolo(giulia);
      const paolo = await person();
      const { token, invite } = await services.roundtables.createInvite(giulia, created.id, {
        role: "member",
      });
      await services.roundtables.acceptInvite(paolo, token);
      await services.roundtables.changeRole(giulia, created.id, paolo.userId, "observer");
      await services.roundtables.removeMember(giulia, created.id, paolo.userId);
      expect(await auditActions(created.id)).toMatchObject([
        { action: "roundtable.created" },
        { action: "invite.created", actor_user_id: giulia.userId, subject_id: invite.id },
        { action: "invite.accepted", actor_user_id: paolo.userId, subject_id: invite.id },
        { action: "member.role_changed", subject_id: paolo.userId },
        { action: "member.removed", subject_id: paolo.userId },
      ]);
    });
  });
});
