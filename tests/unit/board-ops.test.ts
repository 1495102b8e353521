import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { BOARD_MAPS, putCard, readBoard } from "../../core/board";
import { readPositions, setPositions } from "../../core/board-positions";
import {
  BoardOpError,
  MAX_CARD_TEXT,
  addCard,
  applyTextDiff,
  createCluster,
  deleteCard,
  deleteCluster,
  editCardText,
  frameSize,
  groupOfOrganizationKind,
  mergeClusters,
  moveCardsToCluster,
  moveItems,
  newBoardId,
  renameCluster,
  reorderCard,
  shownPosition,
  slotInFrame,
} from "../../core/board-ops";
import { BoardMirror } from "../../app/collab/use-board-snapshot";

function sync(a: Y.Doc, b: Y.Doc) {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

function cardOf(doc: Y.Doc, id: string) {
  return readBoard(doc).cards.find((card) => card.id === id);
}

function clusterOrder(doc: Y.Doc, clusterId: string) {
  return readBoard(doc)
    .cards.filter((card) => card.clusterId === clusterId)
    .sort((a, b) => (a.order ?? 0) - (b.order ?? 0))
    .map((card) => card.id);
}

/** A board with two clusters and three loose cards, written at distinct instants. */
function board() {
  const doc = new Y.Doc();
  createCluster(doc, { id: "k1", label: "Luoghi", position: { x: 0, y: 0 } });
  createCluster(doc, { id: "k2", label: "Azioni", position: { x: 500, y: 0 } });
  ["a", "b", "c"].forEach((id, i) =>
    addCard(doc, {
      id,
      text: `scheda ${id}`,
      authorLabel: "Anna",
      group: "school",
      position: { x: i * 10, y: 300 },
      createdAt: 1000 + i,
    }),
  );
  return doc;
}

function updatesDuring(doc: Y.Doc, action: () => void): number {
  let updates = 0;
  const count = () => (updates += 1);
  doc.on("update", count);
  action();
  doc.off("update", count);
  return updates;
}

describe("board operations", () => {
  it("adds a card with its words as a Y.Text and a free position", () => {
    const doc = board();
    const entry = doc.getMap(BOARD_MAPS.cards).get("a") as Y.Map<unknown>;
    expect(entry.get("text")).toBeInstanceOf(Y.Text);
    expect(cardOf(doc, "a")).toMatchObject({ text: "scheda a", group: "school", clusterId: null });
    expect(readPositions(doc).get("a")).toEqual({ x: 0, y: 300 });
  });

  it.each([
    ["", "empty"],
    ["   ", "empty"],
    ["x".repeat(MAX_CARD_TEXT + 1), "too_long"],
  ])("refuses a card of %j characters (%s)", (text, reason) => {
    const doc = new Y.Doc();
    expect(() => addCard(doc, { id: "x", text, authorLabel: "" })).toThrowError(
      expect.objectContaining({ reason }) as BoardOpError,
    );
    expect(doc.getMap(BOARD_MAPS.cards).size).toBe(0);
  });

  it("accepts a card of exactly the maximum length", () => {
    const doc = new Y.Doc();
    addCard(doc, { id: "x", text: "y".repeat(MAX_CARD_TEXT), authorLabel: "" });
    expect(cardOf(doc, "x")?.text).toHaveLength(MAX_CARD_TEXT);
  });

  it.each([
    ["ciao mondo", "ciao bel mondo"],
    ["ciao mondo", "mondo"],
    ["abc", ""],
    ["", "nuovo"],
    ["aaa", "aaaa"],
    ["scuola e famiglia", "scuola, sanità e famiglia"],
  ])("turns %j into %j with the smallest edit", (from, to) => {
    const doc = new Y.Doc();
    const text = doc.getText("t");
    text.insert(0, from);
    applyTextDiff(text, to);
    expect(text.toString()).toBe(to);
  });

  it("merges two people typing in the same card at once", () => {
    const a = board();
    const b = new Y.Doc();
    sync(a, b);
    editCardText(a, "a", "Prima scheda a");
    editCardText(b, "a", "scheda a, importante");
    sync(a, b);
    expect(cardOf(a, "a")?.text).toBe("Prima scheda a, importante");
    expect(cardOf(b, "a")?.text).toBe("Prima scheda a, importante");
  });

  it("edits a card written as a plain string by turning it into a Y.Text", () => {
    const doc = new Y.Doc();
    const entry = new Y.Map<unknown>();
    doc.getMap(BOARD_MAPS.cards).set("p", entry);
    entry.set("text", "vecchio");
    entry.set("authorLabel", "");
    entry.set("createdAt", 1);
    editCardText(doc, "p", "nuovo");
    expect(entry.get("text")).toBeInstanceOf(Y.Text);
    expect(cardOf(doc, "p")?.text).toBe("nuovo");
  });

  it("deletes a card and its position in one update", () => {
    const doc = board();
    expect(updatesDuring(doc, () => deleteCard(doc, "b"))).toBe(1);
    expect(cardOf(doc, "b")).toBeUndefined();
    expect(readPositions(doc).has("b")).toBe(false);
  });

  it("moves cards into a cluster at its end, dropping their own positions", () => {
    const doc = board();
    moveCardsToCluster(doc, ["b"], "k1");
    expect(updatesDuring(doc, () => moveCardsToCluster(doc, ["c", "a"], "k1"))).toBe(1);
    expect(clusterOrder(doc, "k1")).toEqual(["b", "c", "a"]);
    expect(readPositions(doc).has("a")).toBe(false);
    // Laid out by the frame: the third card is on the second row.
    expect(shownPosition(doc, "a")).toEqual(slotInFrame(2));
  });

  it("makes a card loose where its frame showed it, or where it is dropped", () => {
    const doc = board();
    moveCardsToCluster(doc, ["a", "b"], "k2");
    moveCardsToCluster(doc, ["b"], null);
    const slot = slotInFrame(1);
    expect(readPositions(doc).get("b")).toEqual({ x: 500 + slot.x, y: slot.y });
    moveCardsToCluster(doc, ["a"], null, new Map([["a", { x: 7, y: 8 }]]));
    expect(cardOf(doc, "a")).toMatchObject({ clusterId: null, order: null });
    expect(readPositions(doc).get("a")).toEqual({ x: 7, y: 8 });
  });

  it("refuses to move cards into a cluster that does not exist", () => {
    const doc = board();
    expect(() => moveCardsToCluster(doc, ["a"], "nope")).toThrow(BoardOpError);
  });

  it("reorders a card up, down and before another, inside its cluster", () => {
    const doc = board();
    moveCardsToCluster(doc, ["a", "b", "c"], "k1");
    expect(reorderCard(doc, "c", "up")).toBe(true);
    expect(clusterOrder(doc, "k1")).toEqual(["a", "c", "b"]);
    expect(reorderCard(doc, "a", "down")).toBe(true);
    expect(clusterOrder(doc, "k1")).toEqual(["c", "a", "b"]);
    expect(reorderCard(doc, "b", { before: "c" })).toBe(true);
    expect(clusterOrder(doc, "k1")).toEqual(["b", "c", "a"]);
    // Already first: nothing to do.
    expect(reorderCard(doc, "b", "up")).toBe(false);
    // A loose card has no order to change.
    addCard(doc, { id: "d", text: "sciolta", authorLabel: "" });
    expect(reorderCard(doc, "d", "up")).toBe(false);
  });

  it("merges clusters: the cards move to the target's end and the sources go", () => {
    const doc = board();
    moveCardsToCluster(doc, ["a"], "k1");
    moveCardsToCluster(doc, ["b", "c"], "k2");
    expect(updatesDuring(doc, () => mergeClusters(doc, ["k2"], "k1"))).toBe(1);
    const snapshot = readBoard(doc);
    expect(snapshot.clusters.map((c) => c.id)).toEqual(["k1"]);
    expect(clusterOrder(doc, "k1")).toEqual(["a", "b", "c"]);
    expect(readPositions(doc).has("k2")).toBe(false);
  });

  it("keeps an objective traced to its voices when its cluster is merged into another", () => {
    const doc = board();
    moveCardsToCluster(doc, ["a"], "k1");
    moveCardsToCluster(doc, ["b"], "k2");
    const k3 = new Y.Map<unknown>();
    k3.set("label", "Terzo");
    doc.getMap("clusters").set("k3", k3);
    const fromArray = new Y.Map<unknown>();
    fromArray.set("title", "Spazi per i giovani");
    fromArray.set("clusterIds", Y.Array.from(["k2", "k3"]));
    const fromPlain = new Y.Map<unknown>();
    fromPlain.set("title", "Doposcuola");
    fromPlain.set("clusterIds", ["k1", "k2"]);
    doc.getMap("objectives").set("o1", fromArray);
    doc.getMap("objectives").set("o2", fromPlain);
    expect(updatesDuring(doc, () => mergeClusters(doc, ["k2", "k3"], "k1"))).toBe(1);
    const objectives = readBoard(doc).objectives;
    expect(objectives.map((o) => [o.id, o.clusterIds])).toEqual([
      ["o1", ["k1"]],
      ["o2", ["k1"]],
    ]);
  });

  it("deletes a cluster and leaves its cards loose, where they were shown", () => {
    const doc = board();
    moveCardsToCluster(doc, ["a", "b"], "k2");
    deleteCluster(doc, "k2");
    const snapshot = readBoard(doc);
    expect(snapshot.clusters.map((c) => c.id)).toEqual(["k1"]);
    expect(snapshot.cards.every((card) => card.clusterId === null)).toBe(true);
    const positions = readPositions(doc);
    expect(positions.get("a")).toEqual({ x: 500 + slotInFrame(0).x, y: slotInFrame(0).y });
    expect(positions.has("k2")).toBe(false);
  });

  it("renames a cluster, also one written as a plain object", () => {
    const doc = board();
    renameCluster(doc, "k1", "Spazi");
    doc.getMap(BOARD_MAPS.clusters).set("k3", { label: "vecchio" });
    renameCluster(doc, "k3", "Nuovo");
    const labels = Object.fromEntries(readBoard(doc).clusters.map((c) => [c.id, c.label]));
    expect(labels).toMatchObject({ k1: "Spazi", k3: "Nuovo" });
  });

  it("moves cards and frames freely in one update", () => {
    const doc = board();
    const moves: [string, { x: number; y: number }][] = [
      ["a", { x: 1, y: 1 }],
      ["k1", { x: -100, y: 50 }],
    ];
    expect(updatesDuring(doc, () => moveItems(doc, moves))).toBe(1);
    expect(readPositions(doc).get("k1")).toEqual({ x: -100, y: 50 });
  });

  it("undoes one operation as one step", () => {
    const doc = board();
    const undo = new Y.UndoManager(
      [doc.getMap(BOARD_MAPS.cards), doc.getMap(BOARD_MAPS.clusters), doc.getArray("positions")],
      { captureTimeout: 0 },
    );
    mergeClusters(doc, ["k2"], "k1");
    moveCardsToCluster(doc, ["a", "b"], "k1");
    undo.undo();
    expect(clusterOrder(doc, "k1")).toEqual([]);
    expect(readPositions(doc).get("a")).toEqual({ x: 0, y: 300 });
    undo.undo();
    expect(readBoard(doc).clusters.map((c) => c.id)).toEqual(["k1", "k2"]);
  });

  it.each([
    [0, 1],
    [2, 1],
    [3, 2],
  ])("sizes a frame of %i cards with %i rows", (count, rows) => {
    const { height } = frameSize(count);
    expect(height).toBe(frameSize(0).height + (rows - 1) * (120 + 12));
  });

  it("maps organisation kinds to contributor groups", () => {
    expect(groupOfOrganizationKind("health_authority")).toBe("health");
    expect(groupOfOrganizationKind("parents_association")).toBe("family");
    expect(groupOfOrganizationKind("municipality")).toBe("other");
  });

  it("makes distinct ids that fit the document's id rule", () => {
    const ids = new Set(Array.from({ length: 100 }, newBoardId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe("the board mirror the view reads", () => {
  /** The mirror's state in the shape of a full read, to compare the two. */
  function mirrored(mirror: BoardMirror) {
    const { cards, clusters, positions } = mirror.state;
    return {
      cards: [...cards.values()].sort((a, b) => (a.id < b.id ? -1 : 1)),
      clusters: [...clusters.values()].sort((a, b) => (a.id < b.id ? -1 : 1)),
      positions: Object.fromEntries([...positions].sort(([a], [b]) => (a < b ? -1 : 1))),
    };
  }
  function fresh(doc: Y.Doc) {
    return mirrored(new BoardMirror(doc));
  }

  it("follows every operation, local and remote, reading only what changed", () => {
    const a = board();
    const b = new Y.Doc();
    sync(a, b);
    const mirror = new BoardMirror(b);
    const untouched = mirror.state.cards.get("c");
    const steps: ((doc: Y.Doc) => void)[] = [
      (doc) => addCard(doc, { id: "d", text: "nuova", authorLabel: "", position: { x: 5, y: 5 } }),
      (doc) => moveCardsToCluster(doc, ["a", "d"], "k1"),
      (doc) => editCardText(doc, "a", "scheda a, corretta"),
      (doc) => moveItems(doc, [["k2", { x: 900, y: 40 }]]),
      (doc) => reorderCard(doc, "d", "up"),
      (doc) => renameCluster(doc, "k2", "Azioni concrete"),
      (doc) => mergeClusters(doc, ["k1"], "k2"),
      (doc) => deleteCard(doc, "b"),
      (doc) => deleteCluster(doc, "k2"),
    ];
    for (const step of steps) {
      step(a);
      sync(a, b);
      expect(mirror.flush()).not.toBeNull();
      expect(mirrored(mirror)).toEqual(fresh(b));
    }
    // A card nobody touched is the very same object: the view skips redrawing it.
    expect(mirror.state.cards.get("c")).toBe(untouched);
    expect(mirror.flush()).toBeNull();
    mirror.destroy();
  });

  it("settles concurrent moves of one card on the position every replica keeps", () => {
    // Client ids are random, so which move lands last varies: try it many times.
    for (let round = 0; round < 20; round += 1) {
      const a = board();
      const b = new Y.Doc();
      sync(a, b);
      const mirror = new BoardMirror(b);
      moveItems(a, [["a", { x: 1, y: 1 }]]);
      moveItems(b, [["a", { x: 2, y: 2 }]]);
      sync(a, b);
      mirror.flush();
      expect(mirror.state.positions.get("a")).toEqual(readPositions(b).get("a"));
      expect(readPositions(a).get("a")).toEqual(readPositions(b).get("a"));
      mirror.destroy();
    }
  });

  it("reads cards and clusters by the same rules as readBoard, with or without odd fields", () => {
    const card = (fields: Record<string, unknown>) => {
      const entry = new Y.Map<unknown>();
      const all: Record<string, unknown> = { text: new Y.Text("parole"), createdAt: 1, ...fields };
      for (const [key, value] of Object.entries(all))
        if (value !== undefined) entry.set(key, value);
      return entry;
    };
    const cards: Record<string, unknown> = {
      plain: card({}),
      full: card({
        clusterId: "k",
        authorLabel: "Anna",
        group: "family",
        inPerson: true,
        order: 2,
      }),
      asObject: { text: "oggetto", createdAt: "2026-01-01T10:00:00Z" },
      textString: card({ text: "stringa" }),
      textTooLong: card({ text: "x".repeat(2001) }),
      textMissing: card({ text: undefined }),
      dateString: card({ createdAt: "2026-03-01" }),
      dateBad: card({ createdAt: "non è una data" }),
      dateHuge: card({ createdAt: 1e20 }),
      dateMissing: card({ createdAt: undefined }),
      authorNull: card({ authorLabel: null }),
      authorEmail: card({ authorLabel: "a@b.it" }),
      authorText: card({ authorLabel: new Y.Text("Marco") }),
      groupNull: card({ group: null }),
      groupLong: card({ group: "g".repeat(41) }),
      clusterEmpty: card({ clusterId: "" }),
      clusterNumber: card({ clusterId: 3 }),
      inPersonNull: card({ inPerson: null }),
      inPersonString: card({ inPerson: "sì" }),
      orderNull: card({ order: null }),
      orderString: card({ order: "1" }),
      nested: card({ group: new Y.Map() }),
      notAMap: "una stringa",
      anArray: new Y.Array(),
    };
    const doc = new Y.Doc();
    doc.transact(() => {
      for (const [id, value] of Object.entries(cards)) doc.getMap(BOARD_MAPS.cards).set(id, value);
      doc.getMap(BOARD_MAPS.clusters).set("k", new Y.Map([["label", "Luoghi"]]));
      doc.getMap(BOARD_MAPS.clusters).set("none", new Y.Map());
      doc.getMap(BOARD_MAPS.clusters).set("nullLabel", new Y.Map([["label", null]]));
      doc.getMap(BOARD_MAPS.clusters).set("long", new Y.Map([["label", "l".repeat(201)]]));
    });
    const read = readBoard(doc);
    const mirror = new BoardMirror(doc);
    expect([...mirror.state.cards.values()].sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(
      read.cards.map((c) => ({ ...c, createdAt: c.createdAt.getTime() })),
    );
    expect([...mirror.state.clusters.values()].sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(
      read.clusters,
    );
    // Both refuse the same entries, and accept some of each kind.
    expect(read.cards.length).toBeGreaterThan(5);
    expect(read.skipped.length).toBeGreaterThan(10);
    mirror.destroy();
  });

  it("keeps up with a board of 5,000 cards without reading it all again", () => {
    const doc = new Y.Doc();
    doc.transact(() => {
      for (let i = 0; i < 5_000; i += 1)
        putCard(doc, `c${i}`, { text: `scheda ${i}`, authorLabel: "" });
      setPositions(
        doc,
        Array.from({ length: 5_000 }, (_, i): [string, { x: number; y: number }] => [
          `c${i}`,
          { x: i, y: 0 },
        ]),
      );
    });
    const mirror = new BoardMirror(doc);
    const before = mirror.state;
    for (let i = 0; i < 100; i += 1) {
      moveItems(doc, [[`c${i}`, { x: i, y: 50 }]]);
      mirror.flush();
      editCardText(doc, `c${i + 1000}`, `scheda ${i} cambiata`);
      mirror.flush();
    }
    expect(mirrored(mirror)).toEqual(fresh(doc));
    // Not read again: every card the changes did not touch keeps its object (no timing here; the
    // board bench measures the cost).
    const renewed = [...mirror.state.cards]
      .filter(([id, card]) => before.cards.get(id) !== card)
      .map(([id]) => id);
    expect(renewed.sort()).toEqual(Array.from({ length: 100 }, (_, i) => `c${i + 1000}`).sort());
  }, 30_000);
});
