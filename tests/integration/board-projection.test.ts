import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { BOARD_MAPS, putCard, readBoard } from "../../core/board";
import { createBoardProjector, projectBoard } from "../../server/projection/board-projection";
import { api, startTestApp, userWithToken, type TestApp } from "../support/app";
import { getTestDb, testDbKind } from "../support/test-db";
import type { Db } from "../../db/create-db";

describe(`projecting boards into tables on ${testDbKind()}`, () => {
  let app: TestApp;
  let token: string;
  let meetingId: string;
  let db: Db;

  beforeAll(async () => {
    app = await startTestApp();
    db = await getTestDb();
  });
  afterAll(async () => {
    await app.close();
  });
  beforeEach(async () => {
    const user = await userWithToken(app.services, "Giulia Facilitatrice");
    token = user.token;
    const roundtable = await api(app, token, "POST", "/roundtables", {
      name: "Tavolo",
      territory: "Chieri",
    });
    const meeting = await api(app, token, "POST", `/roundtables/${roundtable.json.id}/meetings`, {
      title: "Laboratorio",
      kind: "workshop",
      startsAt: "2026-12-01T18:00",
    });
    meetingId = meeting.json.id;
  });

  function sampleBoard(): Y.Doc {
    const doc = new Y.Doc();
    doc.transact(() => {
      doc.getMap(BOARD_MAPS.clusters).set("k1", { label: "Spazi per i ragazzi" });
      putCard(doc, "c1", {
        text: "Un centro giovani aperto la sera",
        authorLabel: "Genitore",
        group: "famiglie",
        clusterId: "k1",
        createdAt: 1_000,
      });
      putCard(doc, "c2", {
        text: "Orari della segreteria",
        authorLabel: "Docente",
        group: "scuole",
        createdAt: 2_000,
      });
      doc
        .getMap(BOARD_MAPS.objectives)
        .set("o1", { title: "Luoghi di incontro", clusterIds: ["k1"] });
      doc
        .getMap(BOARD_MAPS.actions)
        .set("a1", { title: "Aprire la biblioteca il sabato", objectiveId: "o1" });
    });
    return doc;
  }

  it("serves the projected cards on GET /api/v1/meetings/:id/cards, with their cluster and group", async () => {
    await projectBoard(db, meetingId, readBoard(sampleBoard()));
    const response = await api(app, token, "GET", `/meetings/${meetingId}/cards`);
    expect(response.status).toBe(200);
    expect(response.json.cards).toEqual([
      {
        id: "c1",
        text: "Un centro giovani aperto la sera",
        clusterId: "k1",
        clusterLabel: "Spazi per i ragazzi",
        authorLabel: "Genitore",
        group: "famiglie",
        createdAt: new Date(1_000).toISOString(),
      },
      {
        id: "c2",
        text: "Orari della segreteria",
        clusterId: null,
        clusterLabel: null,
        authorLabel: "Docente",
        group: "scuole",
        createdAt: new Date(2_000).toISOString(),
      },
    ]);
  });

  it("is idempotent: projecting the same content again changes nothing", async () => {
    const snapshot = readBoard(sampleBoard());
    expect(await projectBoard(db, meetingId, snapshot)).toBe(true);
    expect(await projectBoard(db, meetingId, snapshot)).toBe(false);
    const links = await db
      .selectFrom("board_objective_clusters")
      .selectAll()
      .where("meeting_id", "=", meetingId)
      .execute();
    expect(links.map((l) => [l.objective_id, l.cluster_id])).toEqual([["o1", "k1"]]);
  });

  it("follows deletions and edits, and can rebuild from the document at any time", async () => {
    const doc = sampleBoard();
    const projector = createBoardProjector(db, { debounceMs: 20 });
    projector.schedule(meetingId, doc);
    doc.getMap(BOARD_MAPS.cards).delete("c2");
    (doc.getMap(BOARD_MAPS.cards).get("c1") as Y.Map<unknown>).set("text", "Un centro giovani");
    projector.schedule(meetingId, doc);
    await projector.flush();
    let cards = (await api(app, token, "GET", `/meetings/${meetingId}/cards`)).json.cards;
    expect(cards.map((c: { id: string; text: string }) => [c.id, c.text])).toEqual([
      ["c1", "Un centro giovani"],
    ]);

    // The read models are disposable: wiped, they come back from the document.
    await db.deleteFrom("board_cards").where("meeting_id", "=", meetingId).execute();
    await db.deleteFrom("board_projections").where("meeting_id", "=", meetingId).execute();
    await projector.rebuild(meetingId, doc);
    cards = (await api(app, token, "GET", `/meetings/${meetingId}/cards`)).json.cards;
    expect(cards).toHaveLength(1);
  });

  it("refuses outsiders and unknown meetings", async () => {
    const outsider = await userWithToken(app.services, "Estraneo");
    expect((await api(app, outsider.token, "GET", `/meetings/${meetingId}/cards`)).status).toBe(
      404,
    );
    expect(
      (await api(app, token, "GET", `/meetings/00000000-0000-4000-8000-000000000000/cards`)).status,
    ).toBe(404);
    expect((await api(app, token, "GET", `/meetings/not-a-uuid/cards`)).status).toBe(404);
  });
});
