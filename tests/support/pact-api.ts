// A tavolo made over the API for the pact tests: its facilitator, people added with a role, and
// pacts made from a template.
import { expect } from "vitest";
import type { MemberRole } from "../../core/domain";
import { api, userWithToken, type TestApp } from "./app";

export async function pactTavolo(app: TestApp) {
  const chair = await userWithToken(app.services, "Chiara Facilitatrice");
  const roundtable = await api(app, chair.token, "POST", "/roundtables", {
    name: "Tavolo educativo",
    territory: "Chieri",
  });
  const roundtableId: string = roundtable.json.id;
  return {
    chair,
    roundtableId,
    async person(role: MemberRole, name = `Persona ${role}`) {
      const user = await userWithToken(app.services, name);
      await app.db
        .insertInto("roundtable_members")
        .values({ roundtable_id: roundtableId, user_id: user.actor.userId, role })
        .execute();
      return user;
    },
    async pact(template = "patto-educativo", title = "Patto educativo di Chieri") {
      const created = await api(app, chair.token, "POST", `/roundtables/${roundtableId}/pacts`, {
        title,
        template,
      });
      expect(created.status, created.text).toBe(201);
      return created.json as { id: string; sections: { key: string; markdown: string }[] };
    },
  };
}
