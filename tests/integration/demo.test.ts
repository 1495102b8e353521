// The demo tavolo (TAVOLO_DEMO=1): people in every role, a meeting with an agenda that opens
// writing and voting where a workshop would, and a board prepared from the working group's sheets.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readBoard } from "../../core/board";
import { DEMO_PASSWORD, seedDemo } from "../../server/demo";
import { api, startTestApp, type TestApp } from "../support/app";
import { testDbKind } from "../support/test-db";

describe(`the demo tavolo on ${testDbKind()}`, () => {
  let app: TestApp;
  let token: string;
  let meetingId: string;

  beforeAll(async () => {
    app = await startTestApp();
    await seedDemo(app.db, app.services);
    // Seeding twice (a restart with TAVOLO_DEMO=1) adds nothing.
    await seedDemo(app.db, app.services);
    const { email } = await app.db
      .selectFrom("roundtable_members as m")
      .innerJoin("users as u", "u.id", "m.user_id")
      .select("u.email")
      .where("m.role", "=", "facilitator")
      .executeTakeFirstOrThrow();
    const session = await app.services.accounts.logIn({ email, password: DEMO_PASSWORD }, null);
    expect(session.token).toBeTruthy();
    token = await app.services.accounts.createApiToken(email);
    const [roundtable] = (await api(app, token, "GET", "/roundtables")).json.roundtables;
    const meetings = (await api(app, token, "GET", `/roundtables/${roundtable.id}/meetings`)).json;
    expect(meetings.meetings).toHaveLength(1);
    meetingId = meetings.meetings[0].id;
  });
  afterAll(() => app.close());

  it("has a meeting whose steps open writing, then voting", async () => {
    const meeting = (await api(app, token, "GET", `/meetings/${meetingId}`)).json;
    expect(
      meeting.agenda.map((a: { writing: boolean; voting: boolean }) => [a.writing, a.voting]),
    ).toEqual([
      [false, false],
      [true, false],
      [false, false],
      [false, true],
    ]);
  });

  it("has a board with the working group's four sheets and the typed-up post-its", async () => {
    const board = readBoard(await app.yjs.getDocument(`board:${meetingId}`));
    expect(board.clusters.map((c) => c.label).sort()).toEqual([
      "Azioni",
      "Luoghi",
      "Obiettivi",
      "Target",
    ]);
    expect(board.cards).toHaveLength(8);
    expect(board.cards.every((card) => card.inPerson && card.clusterId !== null)).toBe(true);
    const cards = (await api(app, token, "GET", `/meetings/${meetingId}/cards`)).json.cards;
    expect(cards).toHaveLength(8);
  });

  it("has an objective promoted from the objectives sheet, with an action, its organisations and an indicator", async () => {
    const view = (await api(app, token, "GET", `/meetings/${meetingId}/objectives`)).json;
    expect(view.objectives).toHaveLength(1);
    const [objective] = view.objectives;
    expect(objective.policyArea).toEqual({ key: "G", label: "Politiche giovanili e per i minori" });
    expect(objective.clusters.map((c: { label: string }) => c.label)).toEqual(["Obiettivi"]);
    expect(objective.cardCount).toBe(2);
    expect(objective.voices).toEqual({ health: 1, family: 1 });
    expect(objective.inPerson).toBe(2);
    expect(objective.actions).toHaveLength(1);
    const [action] = objective.actions;
    expect(action.responsibleOrganization.name).toBe(
      "Consorzio dei Servizi Socio-Assistenziali del Chierese",
    );
    expect(action.partners).toHaveLength(3);
    expect(action.indicators).toEqual([
      expect.objectContaining({ kind: "output", baseline: "Nessuna mappa" }),
    ]);
    // The six cards of the other sheets are not heard in any objective yet.
    expect(view.unheardCardIds).toHaveLength(6);
  });

  it("has a pact agreed by one vote per organisation, signed by two, adhered to by one, and published", async () => {
    const [roundtable] = (await api(app, token, "GET", "/roundtables")).json.roundtables;
    const [pact] = (await api(app, token, "GET", `/roundtables/${roundtable.id}/pacts`)).json.pacts;
    const [motion] = (await api(app, token, "GET", `/pacts/${pact.id}/motions`)).json.motions;
    expect(motion.outcome).toBe("passed");
    const [version] = (await api(app, token, "GET", `/pacts/${pact.id}/versions`)).json.versions;
    expect(version.agreedAt).toBeTruthy();
    const signatures = (await api(app, token, "GET", `/pacts/${pact.id}/signatures`)).json;
    expect(signatures.signatures.map((s: { role: string }) => s.role).sort()).toEqual([
      "adherent",
      "signatory",
      "signatory",
    ]);
    // What its public page shows (the page itself: tests/e2e/agreement.test.ts).
    const view = await app.services.exports.publicPact(pact.id);
    expect(view.version.hash).toBe(version.hash);
    expect(view.sections.map((s) => s.markdown).join("\n")).toContain("corresponsabili");
    // The objective the live block showed, with its two voices by group.
    expect(view.objectives).toEqual([
      expect.objectContaining({
        title: "Una rete tra famiglie, scuola e servizi nei passaggi di crescita",
        voices: { health: 1, family: 1 },
      }),
    ]);
    expect(JSON.stringify(view)).not.toContain("@demo.tavolo.it");
  });
});
