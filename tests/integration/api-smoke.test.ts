import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, startTestApp, userWithToken, type TestApp } from "../support/app";
import { testDbKind } from "../support/test-db";

describe(`the API on ${testDbKind()}`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it("answers health checks once migrations have run", async () => {
    const response = await fetch(`${app.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it("creates a tavolo and a meeting whose board document is named after it", async () => {
    const { token } = await userWithToken(app.services);
    const created = await api(app, token, "POST", "/roundtables", {
      name: "Tavolo educativo",
      territory: "Ambito di Chieri",
    });
    expect(created.status).toBe(201);
    const meeting = await api(app, token, "POST", `/roundtables/${created.json.id}/meetings`, {
      title: "Laboratorio",
      kind: "workshop",
      startsAt: "2026-12-01T18:00",
    });
    expect(meeting.status).toBe(201);
    expect(meeting.json.boardDoc).toBe(`board:${meeting.json.id}`);
  });
});
