// Editing a meeting through the API: details and the agenda's steps (what each opens), keeping the
// ids of the steps that stay.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, startTestApp, userWithToken, type TestApp } from "../support/app";
import { testDbKind } from "../support/test-db";

describe(`editing a meeting on ${testDbKind()}`, () => {
  let app: TestApp;
  let chair: { token: string };
  let roundtableId: string;

  beforeAll(async () => {
    app = await startTestApp();
    chair = await userWithToken(app.services, "Chiara Facilitatrice");
    roundtableId = (
      await api(app, chair.token, "POST", "/roundtables", { name: "Tavolo", territory: "Chieri" })
    ).json.id;
  });
  afterAll(() => app.close());

  async function meeting() {
    const created = await api(app, chair.token, "POST", `/roundtables/${roundtableId}/meetings`, {
      title: "Laboratorio",
      kind: "workshop",
      startsAt: "2026-12-01T18:00",
      agenda: [
        { title: "Ascolto", durationMinutes: 30 },
        { title: "Raggruppamento", durationMinutes: 20, writing: false },
        { title: "Priorità", durationMinutes: 15, writing: false, voting: true, editing: false },
      ],
    });
    expect(created.status).toBe(201);
    return created.json;
  }

  it("keeps what each step opens, with defaults for what is not said", async () => {
    const { agenda } = await meeting();
    expect(
      agenda.map((a: Record<string, unknown>) => [a.title, a.writing, a.voting, a.editing]),
    ).toEqual([
      ["Ascolto", true, false, true],
      ["Raggruppamento", false, false, true],
      ["Priorità", false, true, false],
    ]);
  });

  it("changes the details and the agenda, keeping the ids of the steps that stay", async () => {
    const created = await meeting();
    const [listening, clustering, priorities] = created.agenda;
    const updated = await api(app, chair.token, "PUT", `/meetings/${created.id}`, {
      title: "Laboratorio sulle priorità",
      kind: "workshop",
      startsAt: "2026-12-02T17:30",
      place: "Biblioteca",
      onlineUrl: "https://meet.jit.si/tavolo",
      agenda: [
        {
          id: priorities.id,
          title: "Priorità",
          durationMinutes: 20,
          writing: false,
          voting: true,
          editing: false,
        },
        { title: "Accoglienza", durationMinutes: 10, writing: false, editing: false },
        { id: listening.id, title: "Ascolto a gruppi", durationMinutes: 40 },
      ],
    });
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({
      title: "Laboratorio sulle priorità",
      place: "Biblioteca",
      onlineUrl: "https://meet.jit.si/tavolo",
      startsAt: "2026-12-02T16:30:00.000Z",
    });
    const agenda = updated.json.agenda;
    expect(agenda.map((a: { title: string }) => a.title)).toEqual([
      "Priorità",
      "Accoglienza",
      "Ascolto a gruppi",
    ]);
    expect(agenda[0].id).toBe(priorities.id);
    expect(agenda[2].id).toBe(listening.id);
    expect(agenda.map((a: { id: string }) => a.id)).not.toContain(clustering.id);
    expect(agenda[1]).toMatchObject({ writing: false, voting: false, editing: false });
    expect((await api(app, chair.token, "GET", `/meetings/${created.id}`)).json).toEqual(
      updated.json,
    );
  });

  it("refuses a step id that is not the meeting's, and changes nothing", async () => {
    const created = await meeting();
    const other = await meeting();
    const refused = await api(app, chair.token, "PUT", `/meetings/${created.id}`, {
      title: "Altro",
      kind: "workshop",
      startsAt: "2026-12-01T18:00",
      agenda: [{ id: other.agenda[0].id, title: "Furto", durationMinutes: 5 }],
    });
    expect(refused.status).toBe(400);
    expect(refused.json.error.fields).toHaveProperty("agenda");
    expect((await api(app, chair.token, "GET", `/meetings/${created.id}`)).json).toEqual(created);
    expect((await api(app, chair.token, "GET", `/meetings/${other.id}`)).json).toEqual(other);
  });

  it("lets only those who may edit meetings edit one", async () => {
    const created = await meeting();
    const stranger = await userWithToken(app.services, "Estraneo");
    const body = { title: "X", kind: "workshop", startsAt: "2026-12-01T18:00" };
    expect((await api(app, stranger.token, "PUT", `/meetings/${created.id}`, body)).status).toBe(
      404,
    );
    expect(
      (await api(app, chair.token, "PUT", `/meetings/${created.id}`, { title: "" })).status,
    ).toBe(400);
  });
});
