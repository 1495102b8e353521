import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { BOARD_MAPS, putCard, readBoard } from "../../core/board";
import {
  addAction,
  createObjective,
  putIndicator,
  putMilestone,
  removeIndicator,
  updateAction,
} from "../../core/sensemaking";
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

  it("keeps every field of objectives and actions, and each action's indicators, following their removal", async () => {
    const doc = sampleBoard();
    createObjective(doc, { id: "o2", title: "Orari", policyArea: "G", clusterIds: ["k1"] });
    addAction(doc, { id: "a2", objectiveId: "o2", title: "Sportello serale" });
    updateAction(doc, "a2", {
      targetGroup: "Famiglie",
      places: ["Biblioteca"],
      responsibleOrganizationId: "org-1",
      partnerOrganizationIds: ["org-2"],
      resources: { staffHours: 10, euros: 500, fundingSource: "Comune" },
      timeline: { start: "2027-01-01", end: null },
    });
    putMilestone(doc, "a2", "m1", { label: "Avvio", date: "2027-01-15" });
    putIndicator(doc, "a2", "i1", {
      kind: "process",
      measure: "Incontri",
      baseline: "0",
      target: "6",
    });
    putIndicator(doc, "a2", "i2", { kind: "output", measure: "Famiglie raggiunte" });
    await projectBoard(db, meetingId, readBoard(doc));

    const objective = await db
      .selectFrom("board_objectives")
      .select(["policy_area", "sort_order"])
      .where("meeting_id", "=", meetingId)
      .where("id", "=", "o2")
      .executeTakeFirstOrThrow();
    expect(objective).toEqual({ policy_area: "G", sort_order: 0 });
    const action = await db
      .selectFrom("board_actions")
      .selectAll()
      .where("meeting_id", "=", meetingId)
      .where("id", "=", "a2")
      .executeTakeFirstOrThrow();
    expect(action).toMatchObject({
      objective_id: "o2",
      target_group: "Famiglie",
      places: ["Biblioteca"],
      responsible_organization_id: "org-1",
      partner_organization_ids: ["org-2"],
      resources: { staffHours: 10, euros: 500, fundingSource: "Comune" },
      timeline: {
        start: "2027-01-01",
        end: null,
        milestones: [{ id: "m1", label: "Avvio", date: "2027-01-15" }],
      },
      sort_order: 0,
    });
    const indicators = () =>
      db
        .selectFrom("board_indicators")
        .select(["action_id", "id", "kind", "measure", "baseline", "target", "sort_order"])
        .where("meeting_id", "=", meetingId)
        .orderBy("sort_order")
        .execute();
    expect(await indicators()).toEqual([
      {
        action_id: "a2",
        id: "i1",
        kind: "process",
        measure: "Incontri",
        baseline: "0",
        target: "6",
        sort_order: 0,
      },
      {
        action_id: "a2",
        id: "i2",
        kind: "output",
        measure: "Famiglie raggiunte",
        baseline: "",
        target: "",
        sort_order: 1,
      },
    ]);

    removeIndicator(doc, "a2", "i1");
    await projectBoard(db, meetingId, readBoard(doc));
    expect((await indicators()).map((i) => i.id)).toEqual(["i2"]);
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
