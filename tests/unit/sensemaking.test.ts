import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { BOARD_MAPS, readBoard } from "../../core/board";
import { readPositions } from "../../core/board-positions";
import { addCard, BoardOpError, createCluster, mergeClusters } from "../../core/board-ops";
import {
  addAction,
  applyClusterSuggestions,
  createObjective,
  deleteAction,
  deleteObjective,
  putIndicator,
  putMilestone,
  removeIndicator,
  removeMilestone,
  splitCluster,
  updateAction,
  updateObjective,
} from "../../core/sensemaking";
import { traceBoard, UNKNOWN_GROUP } from "../../core/traceability";
import {
  defaultPolicyAreas,
  findPolicyArea,
  policyAreaList,
  policyAreasOf,
} from "../../core/policy-areas";

function sync(a: Y.Doc, b: Y.Doc) {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

/** Six loose cards from three groups (one with no group), and one cluster holding a seventh. */
function listeningBoard() {
  const doc = new Y.Doc();
  createCluster(doc, { id: "old", label: "Vecchio", position: { x: 0, y: 0 } });
  const groups = ["family", "family", "school", "social_services", null, "family"];
  groups.forEach((group, i) =>
    addCard(doc, {
      id: `c${i}`,
      text: `scheda ${i}`,
      authorLabel: i === 1 ? "" : "Anna",
      group,
      position: { x: 1000 + i * 220, y: 40 },
      createdAt: 1000 + i,
      inPerson: i === 5,
    }),
  );
  addCard(doc, { id: "c6", text: "già raggruppata", authorLabel: "", clusterId: "old" });
  return doc;
}

const reason = (fn: () => void) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof BoardOpError) return error.reason;
    throw error;
  }
  return null;
};

describe("applyClusterSuggestions", () => {
  it("makes each accepted suggestion a labelled cluster holding its cards, in order", () => {
    const doc = listeningBoard();
    const ids = applyClusterSuggestions(doc, [
      { id: "s1", label: "Spazi per i giovani", cardIds: ["c0", "c2"] },
      { id: "s2", label: "Trasporti", cardIds: ["c3", "c1", "c4"] },
    ]);
    expect(ids).toEqual(["s1", "s2"]);
    const board = readBoard(doc);
    expect(board.clusters.map((c) => [c.id, c.label])).toEqual([
      ["old", "Vecchio"],
      ["s1", "Spazi per i giovani"],
      ["s2", "Trasporti"],
    ]);
    const members = (id: string) =>
      board.cards
        .filter((c) => c.clusterId === id)
        .sort((a, b) => a.order! - b.order!)
        .map((c) => c.id);
    expect(members("s1")).toEqual(["c0", "c2"]);
    expect(members("s2")).toEqual(["c3", "c1", "c4"]);
    expect(board.cards.find((c) => c.id === "c5")!.clusterId).toBeNull();
  });

  it("places the new frames beside what the board shows and drops the cards' own positions", () => {
    const doc = listeningBoard();
    const before = readPositions(doc);
    const right = Math.max(...[...before.values()].map((p) => p.x)) + 200;
    applyClusterSuggestions(doc, [
      { id: "s1", label: "A", cardIds: ["c0"] },
      { id: "s2", label: "B", cardIds: ["c1"] },
    ]);
    const after = readPositions(doc);
    expect(after.get("s1")!.x).toBeGreaterThan(right);
    expect(after.get("s2")!.x).toBeGreaterThan(after.get("s1")!.x);
    expect(after.has("c0")).toBe(false);
    expect(after.has("c2")).toBe(true);
  });

  it("is one transaction, so one undo step takes the whole application back", () => {
    const doc = listeningBoard();
    const undo = new Y.UndoManager(
      [doc.getMap(BOARD_MAPS.cards), doc.getMap(BOARD_MAPS.clusters), doc.getArray("positions")],
      { captureTimeout: 0 },
    );
    const updates: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => updates.push(u));
    applyClusterSuggestions(doc, [
      { id: "s1", label: "A", cardIds: ["c0", "c1"] },
      { id: "s2", label: "B", cardIds: ["c2"] },
    ]);
    expect(updates).toHaveLength(1);
    expect(undo.undoStack).toHaveLength(1);
    undo.undo();
    const board = readBoard(doc);
    expect(board.clusters.map((c) => c.id)).toEqual(["old"]);
    expect(board.cards.filter((c) => c.clusterId === null)).toHaveLength(6);
    expect(readPositions(doc).has("c0")).toBe(true);
  });

  it("skips unknown cards, a card claimed twice, and suggestions left empty", () => {
    const doc = listeningBoard();
    const ids = applyClusterSuggestions(doc, [
      { id: "s1", label: "A", cardIds: ["c0", "ghost", "c0"] },
      { id: "s2", label: "B", cardIds: ["c0", "ghost"] },
    ]);
    expect(ids).toEqual(["s1"]);
    expect(readBoard(doc).clusters.map((c) => c.id)).toEqual(["old", "s1"]);
  });

  it("moves cards out of old clusters and removes the emptied ones unless an objective cites them", () => {
    const doc = listeningBoard();
    applyClusterSuggestions(doc, [{ id: "s1", label: "A", cardIds: ["c6", "c0"] }], {
      removeEmptied: true,
    });
    expect(readBoard(doc).clusters.map((c) => c.id)).toEqual(["s1"]);

    const cited = listeningBoard();
    createObjective(cited, { id: "o1", title: "Obiettivo", clusterIds: ["old"] });
    applyClusterSuggestions(cited, [{ id: "s1", label: "A", cardIds: ["c6"] }], {
      removeEmptied: true,
    });
    expect(readBoard(cited).clusters.map((c) => c.id)).toEqual(["old", "s1"]);
  });

  it("refuses an empty label or an id already taken, changing nothing", () => {
    const doc = listeningBoard();
    expect(
      reason(() => applyClusterSuggestions(doc, [{ id: "s", label: " ", cardIds: ["c0"] }])),
    ).toBe("empty");
    expect(
      reason(() => applyClusterSuggestions(doc, [{ id: "old", label: "X", cardIds: ["c0"] }])),
    ).toBe("invalid");
    expect(readBoard(doc).clusters).toHaveLength(1);
  });
});

describe("splitCluster", () => {
  it("moves the chosen cards into a new cluster beside the old one", () => {
    const doc = listeningBoard();
    applyClusterSuggestions(doc, [{ id: "s1", label: "A", cardIds: ["c0", "c1", "c2"] }]);
    splitCluster(doc, "s1", ["c1", "c2", "c5"], { id: "s2", label: "B" });
    const board = readBoard(doc);
    expect(board.cards.filter((c) => c.clusterId === "s1").map((c) => c.id)).toEqual(["c0"]);
    expect(board.cards.filter((c) => c.clusterId === "s2").map((c) => c.id)).toEqual(["c1", "c2"]);
    expect(readPositions(doc).get("s2")!.x).toBeGreaterThan(readPositions(doc).get("s1")!.x);
    expect(reason(() => splitCluster(doc, "s1", ["c5"], { id: "s3", label: "C" }))).toBe(
      "unknown_card",
    );
  });
});

describe("objectives and actions", () => {
  function withObjective() {
    const doc = listeningBoard();
    applyClusterSuggestions(doc, [
      { id: "s1", label: "Spazi", cardIds: ["c0", "c1", "c4"] },
      { id: "s2", label: "Scuola", cardIds: ["c2", "c3"] },
    ]);
    createObjective(doc, {
      id: "o1",
      title: "Più spazi per i giovani",
      description: "Aprire luoghi di incontro",
      policyArea: "G",
      clusterIds: ["s1", "s2"],
    });
    return doc;
  }

  it("promotes clusters to an objective, read back with its area and links", () => {
    const board = readBoard(withObjective());
    expect(board.objectives).toEqual([
      {
        id: "o1",
        title: "Più spazi per i giovani",
        description: "Aprire luoghi di incontro",
        policyArea: "G",
        clusterIds: ["s1", "s2"],
        order: 0,
      },
    ]);
  });

  it("refuses unknown clusters, empty or too long titles", () => {
    const doc = listeningBoard();
    expect(reason(() => createObjective(doc, { id: "o", title: "X", clusterIds: ["nope"] }))).toBe(
      "unknown_cluster",
    );
    expect(reason(() => createObjective(doc, { id: "o", title: "  ", clusterIds: [] }))).toBe(
      "empty",
    );
    expect(
      reason(() => createObjective(doc, { id: "o", title: "x".repeat(501), clusterIds: [] })),
    ).toBe("too_long");
    expect(readBoard(doc).objectives).toEqual([]);
  });

  it("merges two people's typing in one title, and their changes to different fields", () => {
    const a = withObjective();
    const b = new Y.Doc();
    sync(a, b);
    updateObjective(a, "o1", { title: "Più spazi per i giovani del quartiere" });
    updateObjective(b, "o1", { title: "Molti più spazi per i giovani", policyArea: "C" });
    sync(a, b);
    const objective = readBoard(a).objectives[0]!;
    expect(objective.title).toBe("Molti più spazi per i giovani del quartiere");
    expect(objective.policyArea).toBe("C");
    expect(readBoard(b).objectives[0]).toEqual(objective);
  });

  it("keeps concurrent links of different clusters, and follows a merge", () => {
    const a = withObjective();
    createCluster(a, { id: "s3", label: "Sport", position: { x: 0, y: 900 } });
    updateObjective(a, "o1", { clusterIds: ["s1"] });
    const b = new Y.Doc();
    sync(a, b);
    updateObjective(a, "o1", { clusterIds: ["s1", "s2"] });
    mergeClusters(b, ["s1"], "s3");
    sync(a, b);
    expect(readBoard(a).objectives[0]!.clusterIds.sort()).toEqual(["s2", "s3"]);
  });

  it("clears the policy area and deletes an objective with its actions", () => {
    const doc = withObjective();
    updateObjective(doc, "o1", { policyArea: null, description: "" });
    expect(readBoard(doc).objectives[0]).toMatchObject({ policyArea: null, description: null });
    addAction(doc, { id: "a1", objectiveId: "o1", title: "Centro giovani aperto il sabato" });
    deleteObjective(doc, "o1");
    const board = readBoard(doc);
    expect(board.objectives).toEqual([]);
    expect(board.actions).toEqual([]);
  });

  it("writes every field of an action, with indicators and milestones in order", () => {
    const doc = withObjective();
    addAction(doc, { id: "a1", objectiveId: "o1", title: "Centro giovani aperto il sabato" });
    updateAction(doc, "a1", {
      description: "Apertura sperimentale",
      targetGroup: "ragazzi 14-18 anni",
      places: ["Oratorio", " ", "Biblioteca"],
      responsibleOrganizationId: "org-comune",
      partnerOrganizationIds: ["org-scuola", "org-scuola", "org-coop"],
      resources: { staffHours: 120, euros: 8500.5, fundingSource: "Fondo politiche giovanili" },
      timeline: { start: "2027-01-15", end: "2027-06-30" },
    });
    putIndicator(doc, "a1", "i2", { kind: "outcome", measure: "ragazzi che tornano" });
    putIndicator(doc, "a1", "i1", {
      kind: "output",
      measure: "aperture",
      baseline: "0",
      target: "20",
    });
    putIndicator(doc, "a1", "i2", { target: "60%" });
    putMilestone(doc, "a1", "m1", { label: "Avvio", date: "2027-01-15" });
    putMilestone(doc, "a1", "m2", { label: "Verifica" });
    const action = readBoard(doc).actions[0]!;
    expect(action).toEqual({
      id: "a1",
      title: "Centro giovani aperto il sabato",
      objectiveId: "o1",
      description: "Apertura sperimentale",
      targetGroup: "ragazzi 14-18 anni",
      places: ["Oratorio", "Biblioteca"],
      responsibleOrganizationId: "org-comune",
      partnerOrganizationIds: ["org-scuola", "org-coop"],
      indicators: [
        {
          id: "i2",
          kind: "outcome",
          measure: "ragazzi che tornano",
          baseline: "",
          target: "60%",
          order: 0,
        },
        { id: "i1", kind: "output", measure: "aperture", baseline: "0", target: "20", order: 1 },
      ],
      resources: { staffHours: 120, euros: 8500.5, fundingSource: "Fondo politiche giovanili" },
      timeline: {
        start: "2027-01-15",
        end: "2027-06-30",
        milestones: [
          { id: "m1", label: "Avvio", date: "2027-01-15", order: 0 },
          { id: "m2", label: "Verifica", date: null, order: 1 },
        ],
      },
      order: 0,
    });
    removeIndicator(doc, "a1", "i2");
    removeMilestone(doc, "a1", "m1");
    updateAction(doc, "a1", { resources: { euros: null }, responsibleOrganizationId: null });
    const after = readBoard(doc).actions[0]!;
    expect(after.indicators.map((i) => i.id)).toEqual(["i1"]);
    expect(after.timeline.milestones.map((m) => m.id)).toEqual(["m2"]);
    expect(after.resources).toEqual({
      staffHours: 120,
      euros: null,
      fundingSource: "Fondo politiche giovanili",
    });
    expect(after.responsibleOrganizationId).toBeNull();
    deleteAction(doc, "a1");
    expect(readBoard(doc).actions).toEqual([]);
  });

  it("merges two people adding indicators and setting different resources at once", () => {
    const a = withObjective();
    addAction(a, { id: "a1", objectiveId: "o1", title: "Azione" });
    const b = new Y.Doc();
    sync(a, b);
    putIndicator(a, "a1", "ia", { kind: "input", measure: "ore educatori" });
    updateAction(a, "a1", { resources: { staffHours: 10 } });
    putIndicator(b, "a1", "ib", { kind: "process", measure: "incontri" });
    updateAction(b, "a1", { resources: { euros: 300 } });
    sync(a, b);
    const action = readBoard(a).actions[0]!;
    expect(action.indicators.map((i) => i.id).sort()).toEqual(["ia", "ib"]);
    expect(action.resources).toMatchObject({ staffHours: 10, euros: 300 });
  });

  it("refuses bad input and changes nothing", () => {
    const doc = withObjective();
    expect(reason(() => addAction(doc, { id: "a", objectiveId: "nope", title: "X" }))).toBe(
      "unknown_objective",
    );
    addAction(doc, { id: "a1", objectiveId: "o1", title: "Azione" });
    const before = JSON.stringify(readBoard(doc));
    expect(reason(() => updateAction(doc, "a1", { timeline: { start: "2027-02-30x" } }))).toBe(
      "invalid",
    );
    expect(reason(() => updateAction(doc, "a1", { resources: { euros: -1 } }))).toBe("invalid");
    expect(reason(() => updateAction(doc, "a1", { resources: { staffHours: Infinity } }))).toBe(
      "invalid",
    );
    expect(reason(() => updateAction(doc, "a1", { places: ["x".repeat(201)] }))).toBe("too_long");
    expect(reason(() => putIndicator(doc, "a1", "i", { measure: "senza tipo" }))).toBe("invalid");
    expect(
      reason(() => putIndicator(doc, "a1", "i", { kind: "bogus" as never, measure: "m" })),
    ).toBe("invalid");
    expect(reason(() => putMilestone(doc, "a1", "m", { date: "2027-01-01" }))).toBe("invalid");
    expect(reason(() => updateAction(doc, "ghost", { title: "X" }))).toBe("unknown_action");
    expect(JSON.stringify(readBoard(doc))).toBe(before);
  });

  it("reads malformed action fields as empty rather than trusting them", () => {
    const doc = withObjective();
    const entry = new Y.Map<unknown>();
    entry.set("title", "Da un client API");
    entry.set("objectiveId", "o1");
    entry.set("resources", { staffHours: -5, euros: "molti", fundingSource: "x" });
    entry.set("timeline", { start: "domani", milestones: { m: { label: 3 } } });
    entry.set("indicators", { i: { kind: "output", measure: "ok" }, j: { kind: "nope" } });
    doc.getMap(BOARD_MAPS.actions).set("api", entry);
    const action = readBoard(doc).actions[0]!;
    expect(action.resources).toEqual({ staffHours: null, euros: null, fundingSource: "x" });
    expect(action.timeline).toEqual({ start: null, end: null, milestones: [] });
    expect(action.indicators.map((i) => i.id)).toEqual(["i"]);
  });
});

describe("traceBoard", () => {
  it("follows each objective to its clusters and cards, counting voices by group", () => {
    const doc = listeningBoard();
    applyClusterSuggestions(doc, [
      { id: "s1", label: "Spazi", cardIds: ["c0", "c1", "c4"] },
      { id: "s2", label: "Scuola", cardIds: ["c2", "c5"] },
      { id: "s3", label: "Servizi", cardIds: ["c3"] },
    ]);
    createObjective(doc, { id: "o1", title: "Spazi", clusterIds: ["s1", "s2"] });
    createObjective(doc, { id: "o2", title: "Anche scuola", clusterIds: ["s2"] });
    const trace = traceBoard(readBoard(doc));
    expect(trace.objectives.get("o1")).toEqual({
      objectiveId: "o1",
      clusterIds: ["s1", "s2"],
      cardIds: ["c0", "c1", "c4", "c2", "c5"],
      voices: { family: 3, [UNKNOWN_GROUP]: 1, school: 1 },
      inPerson: 1,
    });
    expect(trace.cards.get("c2")).toEqual({ clusterId: "s2", objectiveIds: ["o1", "o2"] });
    expect(trace.cards.get("c3")).toEqual({ clusterId: "s3", objectiveIds: [] });
    expect(trace.unheard).toEqual(["c3", "c6"]);
  });

  it("counts every card exactly once as heard or unheard", () => {
    const doc = listeningBoard();
    createObjective(doc, { id: "o1", title: "Vecchio", clusterIds: ["old"] });
    const board = readBoard(doc);
    const trace = traceBoard(board);
    const heard = board.cards.filter((c) => trace.cards.get(c.id)!.objectiveIds.length > 0);
    expect(heard.length + trace.unheard.length).toBe(board.cards.length);
    expect(trace.unheard).toHaveLength(6);
  });
});

describe("policy areas", () => {
  it("defaults to the ten macro-areas A–J of the seed, in both languages", () => {
    const it_ = defaultPolicyAreas("it");
    expect(it_.map((a) => a.key).join("")).toBe("ABCDEFGHIJ");
    expect(it_[6]!.label).toBe("Politiche giovanili e per i minori");
    expect(defaultPolicyAreas("en")[9]!.label).toBe("Support for people with disabilities");
  });

  it("uses a tavolo's own list when it has one, and finds an area by key", () => {
    const own = [{ key: "1", label: "Scuola aperta" }];
    expect(policyAreasOf(own, "it")).toEqual(own);
    expect(policyAreasOf(null, "en")).toHaveLength(10);
    expect(findPolicyArea(own, "1")).toEqual(own[0]);
    expect(findPolicyArea(own, "G")).toBeNull();
    expect(findPolicyArea(own, null)).toBeNull();
  });

  it("validates a custom list: keys short and distinct, labels present", () => {
    expect(policyAreaList.safeParse([{ key: " A ", label: "Uno" }]).data).toEqual([
      { key: "A", label: "Uno" },
    ]);
    for (const bad of [
      [],
      [{ key: "", label: "x" }],
      [{ key: "troppo-lunga-chiave", label: "x" }],
      [{ key: "a b", label: "x" }],
      [{ key: "A", label: " " }],
      [
        { key: "A", label: "x" },
        { key: "A", label: "y" },
      ],
    ]) {
      expect(policyAreaList.safeParse(bad).success).toBe(false);
    }
  });
});
