// Objectives and actions over the API (issue 5): written on the board by a real y-websocket client
// with the sensemaking operations, projected, and served traced back to clusters, cards and voices;
// priorities from a dot vote on /live; the tavolo's unheard cards; its policy areas; who may see what.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { readBoard } from "../../core/board";
import { addCard } from "../../core/board-ops";
import type { DotAllocation, DotVoteRules } from "../../core/live";
import { defaultPolicyAreas, MAX_POLICY_AREAS } from "../../core/policy-areas";
import { objectivesOutput, policyAreasOutput, unheardOutput } from "../../core/schemas";
import {
  addAction,
  applyClusterSuggestions,
  createObjective,
  putIndicator,
  putMilestone,
  updateAction,
  updateObjective,
} from "../../core/sensemaking";
import type { Db } from "../../db/create-db";
import { createDocumentStore } from "../../server/yjs/persistence";
import { api, startTestApp, userWithToken, type TestApp } from "../support/app";
import { acceptedCommand, connectLive, type LiveClient } from "../support/live";
import { testDbKind } from "../support/test-db";
import {
  boardFixture,
  connectClient,
  storedDoc,
  until,
  wsUrl,
  type AgendaInput,
  type Client,
} from "../support/yjs";

const AGENDA: AgendaInput[] = [
  { title: "Ascolto", durationMinutes: 30, writing: true, editing: true },
  { title: "Priorità", durationMinutes: 15, writing: false, voting: true, editing: false },
];

const OBJECTIVES_VOTE = "7c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
const CLUSTERS_VOTE = "8d2f3e4a-5b6c-4d7e-9f8a-0b1c2d3e4f5a";
const SILENT_VOTE = "9e3a4f5b-6c7d-4e8f-8a9b-1c2d3e4f5a6b";
const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

const onObjectives: DotVoteRules = {
  target: "objectives",
  dots: 3,
  maxPerItem: 2,
  anonymous: true,
};

describe(`objectives and actions over the API on ${testDbKind()}`, () => {
  let app: TestApp;
  let db: Db;
  let board: Awaited<ReturnType<typeof boardFixture>>;
  let clients: Client[];
  let sockets: LiveClient[];

  beforeAll(async () => {
    app = await startTestApp();
    db = app.db;
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    board = await boardFixture(app, AGENDA);
    clients = [];
    sockets = [];
  });
  afterEach(() => {
    for (const socket of sockets) socket.disconnect();
    for (const client of clients) client.destroy();
  });

  async function boardClient(docName = board.docName, token = board.owner.token) {
    const client = await connectClient(wsUrl(app), docName, token);
    clients.push(client);
    return client;
  }

  const objectivesOf = (meetingId = board.meetingId, token = board.owner.token) =>
    api(app, token, "GET", `/meetings/${meetingId}/objectives`);

  /** Polls the API until what the client wrote has reached it (sent over a socket, then stored). */
  async function objectivesOnceWritten(test: (view: any) => boolean, meetingId = board.meetingId) {
    let view: any = null;
    await until("the board to reach the objectives API", async () => {
      view = (await objectivesOf(meetingId)).json;
      return test(view);
    });
    return view;
  }

  async function organization(roundtableId: string, name: string, kind: string) {
    const created = await api(
      app,
      board.owner.token,
      "POST",
      `/roundtables/${roundtableId}/organizations`,
      {
        name,
        kind,
      },
    );
    expect(created.status).toBe(201);
    return created.json.id as string;
  }

  /** Six cards: three on spaces, one on opening hours, one on transport, one loose. */
  function writeCards(doc: Y.Doc) {
    const card = (
      id: string,
      text: string,
      authorLabel: string,
      group: string | null,
      extra: { inPerson?: boolean } = {},
    ) =>
      addCard(doc, {
        id,
        text,
        authorLabel,
        group,
        createdAt: Date.parse("2026-12-01T18:00:00Z"),
        ...extra,
      });
    card("card-1", "Un centro giovani aperto la sera", "Anna R.", "family");
    card("card-2", "Spazi studio in biblioteca", "", "family");
    card("card-3", "Aule aperte il pomeriggio", "Prof. Gallo", "school", { inPerson: true });
    card("card-4", "Orari dello sportello più lunghi", "Operatrice", "social_services");
    card("card-5", "Trasporti serali tra i comuni", "", null);
    card("card-6", "Più parchi giochi", "Luca", "family");
    // In the cluster in an order that is not the ids': traces list cards as the board shows them.
    applyClusterSuggestions(doc, [
      { id: "k-spazi", label: "Spazi per i ragazzi", cardIds: ["card-3", "card-1", "card-2"] },
      { id: "k-orari", label: "Orari dei servizi", cardIds: ["card-4"] },
      { id: "k-trasporti", label: "Trasporti", cardIds: ["card-5"] },
    ]);
  }

  it("serves what the board says: objectives from clusters, their cards and voices by group, actions with every field, organisations of the tavolo only", async () => {
    const comune = await organization(board.roundtableId, "Comune di Chieri", "municipality");
    const scuola = await organization(
      board.roundtableId,
      "Istituto Comprensivo Chieri I",
      "school",
    );
    const consorzio = await organization(
      board.roundtableId,
      "Consorzio socio-assistenziale",
      "social_services",
    );
    const elsewhere = await api(app, board.owner.token, "POST", "/roundtables", {
      name: "Un altro tavolo",
      territory: "Torino",
    });
    const foreign = await organization(elsewhere.json.id, "Ente di un altro tavolo", "other");

    const { doc } = await boardClient();
    writeCards(doc);
    createObjective(doc, {
      id: "o-luoghi",
      title: "Luoghi di incontro per i ragazzi",
      description: "Spazi aperti oltre l'orario scolastico",
      policyArea: "G",
      clusterIds: ["k-orari", "k-spazi"],
    });
    createObjective(doc, { id: "o-altro", title: "Da definire", policyArea: "Z", clusterIds: [] });
    addAction(doc, {
      id: "a-spazi",
      objectiveId: "o-luoghi",
      title: "Aprire le biblioteche il pomeriggio",
    });
    updateAction(doc, "a-spazi", {
      description: "Biblioteche e oratori aperti fino alle 19",
      targetGroup: "Ragazze e ragazzi 11-14 anni",
      places: ["Biblioteca civica", "Oratorio San Luigi"],
      responsibleOrganizationId: comune,
      partnerOrganizationIds: [scuola, foreign, consorzio],
      resources: { staffHours: 80, euros: 2500.5, fundingSource: "Bando regionale" },
      timeline: { start: "2027-01-10", end: "2027-06-30" },
    });
    putIndicator(doc, "a-spazi", "i-ore", {
      kind: "input",
      measure: "Ore di apertura settimanali",
      baseline: "0",
      target: "12",
    });
    putIndicator(doc, "a-spazi", "i-ragazzi", {
      kind: "outcome",
      measure: "Ragazzi che frequentano gli spazi",
      target: "50",
    });
    putMilestone(doc, "a-spazi", "m-apertura", { label: "Prima apertura", date: "2027-02-01" });
    addAction(doc, { id: "a-sportello", objectiveId: "o-luoghi", title: "Sportello serale" });
    updateAction(doc, "a-sportello", { responsibleOrganizationId: foreign });

    const view = await objectivesOnceWritten(
      (v) =>
        v.objectives?.[0]?.actions?.[1]?.title === "Sportello serale" &&
        v.objectives[0].actions[0].indicators.length === 2,
    );
    expect(objectivesOutput.parse(view)).toEqual(view);
    const areas = defaultPolicyAreas("it");
    expect(view).toEqual({
      meetingId: board.meetingId,
      policyAreas: areas,
      objectives: [
        {
          id: "o-luoghi",
          title: "Luoghi di incontro per i ragazzi",
          description: "Spazi aperti oltre l'orario scolastico",
          policyArea: { key: "G", label: "Politiche giovanili e per i minori" },
          clusterIds: ["k-orari", "k-spazi"],
          clusters: [
            { id: "k-orari", label: "Orari dei servizi", cardIds: ["card-4"] },
            {
              id: "k-spazi",
              label: "Spazi per i ragazzi",
              cardIds: ["card-3", "card-1", "card-2"],
            },
          ],
          cardIds: ["card-4", "card-3", "card-1", "card-2"],
          voices: { social_services: 1, family: 2, school: 1 },
          cardCount: 4,
          inPerson: 1,
          priority: null,
          actions: [
            {
              id: "a-spazi",
              title: "Aprire le biblioteche il pomeriggio",
              description: "Biblioteche e oratori aperti fino alle 19",
              targetGroup: "Ragazze e ragazzi 11-14 anni",
              places: ["Biblioteca civica", "Oratorio San Luigi"],
              responsibleOrganization: { id: comune, name: "Comune di Chieri" },
              // The other tavolo's organisation is left out: ids on the board are not trusted.
              partners: [
                { id: scuola, name: "Istituto Comprensivo Chieri I" },
                { id: consorzio, name: "Consorzio socio-assistenziale" },
              ],
              indicators: [
                {
                  id: "i-ore",
                  kind: "input",
                  measure: "Ore di apertura settimanali",
                  baseline: "0",
                  target: "12",
                },
                {
                  id: "i-ragazzi",
                  kind: "outcome",
                  measure: "Ragazzi che frequentano gli spazi",
                  baseline: "",
                  target: "50",
                },
              ],
              resources: { staffHours: 80, euros: 2500.5, fundingSource: "Bando regionale" },
              timeline: {
                start: "2027-01-10",
                end: "2027-06-30",
                milestones: [{ id: "m-apertura", label: "Prima apertura", date: "2027-02-01" }],
              },
            },
            {
              id: "a-sportello",
              title: "Sportello serale",
              description: null,
              targetGroup: "",
              places: [],
              responsibleOrganization: null,
              partners: [],
              indicators: [],
              resources: { staffHours: null, euros: null, fundingSource: "" },
              timeline: { start: null, end: null, milestones: [] },
            },
          ],
        },
        {
          id: "o-altro",
          title: "Da definire",
          description: null,
          // A key that is not in the tavolo's taxonomy names no area.
          policyArea: null,
          clusterIds: [],
          clusters: [],
          cardIds: [],
          voices: {},
          cardCount: 0,
          inPerson: 0,
          priority: null,
          actions: [],
        },
      ],
      unheardCardIds: ["card-5", "card-6"],
    });
    // One card, one voice, counted by group: who wrote a card (anonymous or not) is never told.
    const text = JSON.stringify(view);
    for (const author of ["Anna R.", "Prof. Gallo", "Operatrice", "Luca", board.owner.email]) {
      expect(text).not.toContain(author);
    }
  });

  it("shows a change to a read right after it was stored, without waiting for the projection", async () => {
    const { doc } = await boardClient();
    writeCards(doc);
    createObjective(doc, { id: "o-1", title: "Spazi", clusterIds: ["k-spazi"] });
    await objectivesOnceWritten((v) => v.objectives?.length === 1);

    updateObjective(doc, "o-1", {
      title: "Spazi aperti la sera",
      clusterIds: ["k-spazi", "k-trasporti"],
    });
    await until("the change to be stored", async () => {
      const stored = readBoard(await storedDoc(db, board.docName));
      return stored.objectives[0]?.title === "Spazi aperti la sera";
    });
    const view = (await objectivesOf()).json;
    expect(view.objectives[0]).toMatchObject({
      title: "Spazi aperti la sera",
      clusterIds: ["k-spazi", "k-trasporti"],
      cardIds: ["card-3", "card-1", "card-2", "card-5"],
      voices: { family: 2, school: 1, unknown: 1 },
    });
    expect(view.unheardCardIds).toEqual(["card-4", "card-6"]);
  });

  it("projects on first read a board that was stored but never projected (as after migration 0007)", async () => {
    const doc = new Y.Doc();
    writeCards(doc);
    createObjective(doc, { id: "o-1", title: "Spazi", policyArea: "G", clusterIds: ["k-spazi"] });
    await createDocumentStore(db).append([
      { docName: board.docName, update: Y.encodeStateAsUpdate(doc) },
    ]);
    const view = (await objectivesOf()).json;
    expect(view.objectives).toHaveLength(1);
    expect(view.objectives[0]).toMatchObject({ id: "o-1", cardCount: 3, policyArea: { key: "G" } });
  });

  it("ranks objectives by the dots of the meeting's latest dot vote on objectives", async () => {
    const { doc } = await boardClient();
    writeCards(doc);
    createObjective(doc, { id: "o-spazi", title: "Spazi", clusterIds: ["k-spazi"] });
    createObjective(doc, { id: "o-orari", title: "Orari", clusterIds: ["k-orari"] });
    createObjective(doc, { id: "o-trasporti", title: "Trasporti", clusterIds: ["k-trasporti"] });
    await objectivesOnceWritten((v) => v.objectives?.length === 3);

    const member = await board.member("member", db, "Marco Membro");
    const joined = async (token: string) => {
      const socket = await connectLive(app.url, { auth: { token } }, sockets);
      const reply = await socket.emitWithAck("meeting:join", { meetingId: board.meetingId });
      expect(reply.ok).toBe(true);
      return socket;
    };
    const chair = await joined(board.owner.token);
    const voter = await joined(member.token);
    const run = (command: Parameters<typeof acceptedCommand>[2]) =>
      acceptedCommand(chair, board.meetingId, command);
    const cast = async (socket: LiveClient, motionId: string, allocation: DotAllocation) => {
      const reply = await socket.emitWithAck("vote:cast", {
        meetingId: board.meetingId,
        motionId,
        allocation,
      });
      expect(reply).toMatchObject({ ok: true });
    };
    const priorities = async () =>
      Object.fromEntries(
        (await objectivesOf()).json.objectives.map((o: { id: string; priority: unknown }) => [
          o.id,
          o.priority,
        ]),
      );

    await run({ type: "meeting.start" });
    await run({ type: "step.set", stepId: board.steps[1]! });
    await run({
      type: "motion.open",
      motionId: OBJECTIVES_VOTE,
      kind: "dot_vote",
      dotVote: onObjectives,
    });
    expect(await priorities()).toEqual({ "o-spazi": null, "o-orari": null, "o-trasporti": null });

    await cast(voter, OBJECTIVES_VOTE, { "o-orari": 2, "o-spazi": 1 });
    await cast(chair, OBJECTIVES_VOTE, { "o-spazi": 1, "gone-objective": 2 });
    // Equal dots share a rank; dots on what is no longer an objective are left out.
    expect(await priorities()).toEqual({
      "o-spazi": { dots: 2, rank: 1 },
      "o-orari": { dots: 2, rank: 1 },
      "o-trasporti": null,
    });
    await cast(chair, OBJECTIVES_VOTE, { "o-spazi": 2, "o-trasporti": 1 });
    const ranked = {
      "o-spazi": { dots: 3, rank: 1 },
      "o-orari": { dots: 2, rank: 2 },
      "o-trasporti": { dots: 1, rank: 3 },
    };
    expect(await priorities()).toEqual(ranked);

    // A later vote on clusters does not move the objectives' priorities.
    await run({ type: "motion.close" });
    await run({
      type: "motion.open",
      motionId: CLUSTERS_VOTE,
      kind: "dot_vote",
      dotVote: { ...onObjectives, target: "clusters" },
    });
    await cast(voter, CLUSTERS_VOTE, { "k-trasporti": 2 });
    expect(await priorities()).toEqual(ranked);

    // A later vote on objectives that got no dots yet: no priorities.
    await run({ type: "motion.close" });
    await run({
      type: "motion.open",
      motionId: SILENT_VOTE,
      kind: "dot_vote",
      dotVote: onObjectives,
    });
    expect(await priorities()).toEqual({ "o-spazi": null, "o-orari": null, "o-trasporti": null });
  });

  it("lists the tavolo's unheard cards across its meetings: no objective, not hidden, no author of anonymous cards", async () => {
    const earlier = await api(
      app,
      board.owner.token,
      "POST",
      `/roundtables/${board.roundtableId}/meetings`,
      {
        title: "Ascolto delle famiglie",
        kind: "listening",
        startsAt: "2026-11-01T18:00",
      },
    );
    const earlierId: string = earlier.json.id;
    const at = (minute: number) =>
      Date.parse(`2026-11-01T18:${String(minute).padStart(2, "0")}:00Z`);

    const first = (await boardClient()).doc;
    addCard(first, {
      id: "m1-a",
      text: "Spazi per studiare",
      authorLabel: "Anna R.",
      group: "family",
      createdAt: at(1),
    });
    addCard(first, {
      id: "m1-b",
      text: "Orari più lunghi",
      authorLabel: "Operatrice",
      group: "social_services",
      createdAt: at(2),
    });
    addCard(first, {
      id: "m1-c",
      text: "Nessuno ascolta i ragazzi",
      authorLabel: "",
      group: "school",
      createdAt: at(3),
    });
    applyClusterSuggestions(first, [
      { id: "k1", label: "Spazi", cardIds: ["m1-a"] },
      { id: "k2", label: "Orari", cardIds: ["m1-b"] },
    ]);
    createObjective(first, { id: "o1", title: "Spazi", clusterIds: ["k1"] });

    const second = (await boardClient(`board:${earlierId}`)).doc;
    addCard(second, {
      id: "m2-a",
      text: "Un pediatra il sabato",
      authorLabel: "Genitore",
      group: "family",
      createdAt: at(4),
      inPerson: true,
    });
    addCard(second, {
      id: "m2-b",
      text: "Una frase da non mostrare",
      authorLabel: "",
      group: "other",
      createdAt: at(5),
    });
    await app.services.live.run(board.owner.actor, earlierId, {
      type: "card.hide",
      cardId: "m2-b",
    });

    let unheard: any = null;
    await until("both boards to reach the unheard API", async () => {
      unheard = (
        await api(app, board.owner.token, "GET", `/roundtables/${board.roundtableId}/unheard`)
      ).json;
      return unheard.cards?.length === 3;
    });
    expect(unheardOutput.parse(unheard)).toEqual(unheard);
    expect(unheard).toEqual({
      meetings: [
        { id: earlierId, title: "Ascolto delle famiglie", startsAt: "2026-11-01T17:00:00.000Z" },
        { id: board.meetingId, title: "Laboratorio", startsAt: "2026-12-01T17:00:00.000Z" },
      ],
      cards: [
        {
          id: "m2-a",
          meetingId: earlierId,
          text: "Un pediatra il sabato",
          group: "family",
          authorLabel: "Genitore",
          inPerson: true,
          clusterId: null,
          clusterLabel: null,
          createdAt: new Date(at(4)).toISOString(),
        },
        {
          id: "m1-b",
          meetingId: board.meetingId,
          text: "Orari più lunghi",
          group: "social_services",
          authorLabel: "Operatrice",
          inPerson: false,
          clusterId: "k2",
          clusterLabel: "Orari",
          createdAt: new Date(at(2)).toISOString(),
        },
        {
          id: "m1-c",
          meetingId: board.meetingId,
          text: "Nessuno ascolta i ragazzi",
          group: "school",
          authorLabel: "",
          inPerson: false,
          clusterId: null,
          clusterLabel: null,
          createdAt: new Date(at(3)).toISOString(),
        },
      ],
    });
    expect(JSON.stringify(unheard)).not.toContain(board.owner.email);
    // The meeting's own view agrees, and leaves the hidden card out too.
    expect((await objectivesOf(earlierId)).json.unheardCardIds).toEqual(["m2-a"]);
    expect((await objectivesOf()).json.unheardCardIds).toEqual(["m1-b", "m1-c"]);
  });

  it("keeps a tavolo's own policy areas, resolves objectives against them, and goes back to the default", async () => {
    const path = `/roundtables/${board.roundtableId}/policy-areas`;
    const get = async () => (await api(app, board.owner.token, "GET", path)).json;
    expect(await get()).toEqual({ areas: defaultPolicyAreas("it"), custom: false });
    await app.services.accounts.setLocale(board.owner.actor, "en");
    expect(await get()).toEqual({ areas: defaultPolicyAreas("en"), custom: false });
    expect((await get()).areas[6]).toEqual({ key: "G", label: "Youth and children's policy" });

    const { doc } = await boardClient();
    writeCards(doc);
    createObjective(doc, { id: "o-1", title: "Spazi", policyArea: "G", clusterIds: ["k-spazi"] });
    await objectivesOnceWritten(
      (v) => v.objectives?.[0]?.policyArea?.label === "Youth and children's policy",
    );

    const custom = [
      { key: "EDU", label: "Educazione" },
      { key: "SAL.1", label: "Salute e benessere" },
    ];
    const put = await api(app, board.owner.token, "PUT", path, {
      areas: [{ key: " EDU ", label: " Educazione " }, custom[1]],
    });
    expect(put.status).toBe(200);
    expect(policyAreasOutput.parse(put.json)).toEqual({ areas: custom, custom: true });
    expect(await get()).toEqual({ areas: custom, custom: true });
    let view = (await objectivesOf()).json;
    expect(view.policyAreas).toEqual(custom);
    // "G" is not in the tavolo's own list: the objective is filed under no area until it is moved.
    expect(view.objectives[0].policyArea).toBeNull();
    updateObjective(doc, "o-1", { policyArea: "EDU" });
    view = await objectivesOnceWritten((v) => v.objectives?.[0]?.policyArea !== null);
    expect(view.objectives[0].policyArea).toEqual({ key: "EDU", label: "Educazione" });

    const back = await api(app, board.owner.token, "PUT", path, { areas: null });
    expect(back.json).toEqual({ areas: defaultPolicyAreas("en"), custom: false });
    expect((await objectivesOf()).json.objectives[0].policyArea).toBeNull();

    const audit = await db
      .selectFrom("audit_events")
      .select("detail")
      .where("action", "=", "roundtable.policy_areas_changed")
      .where("roundtable_id", "=", board.roundtableId)
      .orderBy("at")
      .execute();
    expect(audit.map((a) => a.detail)).toEqual([{ keys: ["EDU", "SAL.1"] }, { keys: null }]);
  });

  it("refuses a bad list of policy areas with a 400 that says which field, and keeps the list", async () => {
    const path = `/roundtables/${board.roundtableId}/policy-areas`;
    const put = (body: unknown) => api(app, board.owner.token, "PUT", path, body);
    const area = (i: number) => ({ key: `K${i}`, label: `Area ${i}` });
    const cases: [unknown, string][] = [
      [{ areas: [area(1), { key: "K1", label: "Doppione" }] }, "areas"],
      [{ areas: [] }, "areas"],
      [{ areas: [{ key: "con spazio", label: "Area" }] }, "areas.0.key"],
      [{ areas: [{ key: "A", label: "  " }] }, "areas.0.label"],
      [{ areas: [{ key: "A", label: "x".repeat(201) }] }, "areas.0.label"],
      [{ areas: [{ key: "A" }] }, "areas.0.label"],
      [{ areas: Array.from({ length: MAX_POLICY_AREAS + 1 }, (_, i) => area(i)) }, "areas"],
      [{}, "areas"],
      [{ areas: "A,B" }, "areas"],
      [{ areas: null, extra: true }, "_"],
    ];
    for (const [body, field] of cases) {
      const response = await put(body);
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(response.json.error).toMatchObject({
        code: "invalid",
        message: "Some data is not valid.",
      });
      expect(Object.keys(response.json.error.fields), JSON.stringify(body).slice(0, 80)).toContain(
        field,
      );
      expect(response.json.error.fields[field]).toEqual(expect.any(String));
    }
    const duplicate = await put({ areas: [area(1), { key: "K1", label: "Doppione" }] });
    expect(duplicate.json.error.fields.areas).toBe("Every area needs a different code.");
    const spaced = await put({ areas: [{ key: "con spazio", label: "Area" }] });
    expect(spaced.json.error.fields["areas.0.key"]).toBe(
      "An area's code has 1 to 12 letters, digits, dots or dashes.",
    );
    const broken = await put("{not json");
    expect(broken.status).toBe(400);
    expect(broken.json.error.message).toBe("The request body is not valid JSON.");
    expect((await api(app, board.owner.token, "GET", path)).json.custom).toBe(false);
  });

  it("lets members and observers read, only a facilitator (or admin) change the areas, and hides the tavolo from outsiders", async () => {
    const areasPath = `/roundtables/${board.roundtableId}/policy-areas`;
    const reads = [
      `/meetings/${board.meetingId}/objectives`,
      areasPath,
      `/roundtables/${board.roundtableId}/unheard`,
    ];
    const body = { areas: [{ key: "EDU", label: "Educazione" }] };

    const observer = await board.member("observer", db);
    const member = await board.member("member", db);
    const secretary = await board.member("secretary", db);
    for (const reader of [observer, member, secretary]) {
      for (const path of reads)
        expect((await api(app, reader.token, "GET", path)).status, path).toBe(200);
      const refused = await api(app, reader.token, "PUT", areasPath, body);
      expect(refused.status).toBe(403);
      expect(refused.json.error).toEqual({
        code: "forbidden",
        message: "You do not have permission for this action.",
      });
    }

    const outsider = await userWithToken(app.services, "Estraneo");
    for (const path of reads)
      expect((await api(app, outsider.token, "GET", path)).status, path).toBe(404);
    expect((await api(app, outsider.token, "PUT", areasPath, body)).status).toBe(404);
    for (const path of reads) expect((await api(app, null, "GET", path)).status, path).toBe(401);

    for (const path of [
      `/meetings/${UNKNOWN_ID}/objectives`,
      `/meetings/not-a-uuid/objectives`,
      `/roundtables/${UNKNOWN_ID}/policy-areas`,
      `/roundtables/${UNKNOWN_ID}/unheard`,
      `/roundtables/not-a-uuid/unheard`,
    ]) {
      expect((await api(app, board.owner.token, "GET", path)).status, path).toBe(404);
    }

    expect((await api(app, board.owner.token, "PUT", areasPath, body)).status).toBe(200);
    expect((await api(app, observer.token, "GET", areasPath)).json).toEqual({
      areas: body.areas,
      custom: true,
    });
  });
});
