import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { BOARD_MAPS, putCard, readBoard } from "../../core/board";

function board(build: (doc: Y.Doc) => void): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => build(doc));
  return doc;
}

describe("reading a board document", () => {
  it("reads cards written as nested maps, sorted by id, with their fields", () => {
    const doc = board((d) => {
      putCard(d, "b", {
        text: "Più spazi per i ragazzi",
        authorLabel: "Genitore",
        group: "famiglie",
        createdAt: 1000,
      });
      putCard(d, "a", { text: "Orari dei servizi", authorLabel: "Docente", createdAt: 2000 });
    });
    const snapshot = readBoard(doc);
    expect(snapshot.cards.map((c) => c.id)).toEqual(["a", "b"]);
    expect(snapshot.cards[1]).toMatchObject({
      text: "Più spazi per i ragazzi",
      authorLabel: "Genitore",
      group: "famiglie",
      clusterId: null,
      createdAt: new Date(1000),
    });
    expect(snapshot.skipped).toEqual([]);
  });

  it("accepts plain objects written by tools as well as nested maps", () => {
    const doc = board((d) => {
      d.getMap(BOARD_MAPS.clusters).set("k1", { label: "Spazi" });
      d.getMap(BOARD_MAPS.cards).set("c1", {
        text: "Un centro giovani",
        clusterId: "k1",
        createdAt: "2026-11-23T10:00:00Z",
      });
    });
    const snapshot = readBoard(doc);
    expect(snapshot.clusters).toEqual([{ id: "k1", label: "Spazi" }]);
    expect(snapshot.cards[0]).toMatchObject({ id: "c1", clusterId: "k1", authorLabel: "" });
  });

  it.each([
    ["a card without text", { createdAt: 1 }],
    ["a card with an unreadable date", { text: "x", createdAt: "not a date" }],
    [
      "a card whose author label is an email",
      { text: "x", createdAt: 1, authorLabel: "anna@example.it" },
    ],
    ["a card that is not an object", "just a string"],
    ["a card with an oversized text", { text: "x".repeat(2001), createdAt: 1 }],
  ])("skips %s instead of trusting it", (_name, value) => {
    const doc = board((d) => d.getMap(BOARD_MAPS.cards).set("bad", value));
    const snapshot = readBoard(doc);
    expect(snapshot.cards).toEqual([]);
    expect(snapshot.skipped).toEqual(["cards/bad"]);
  });

  it("drops links to entries that do not exist, so traceability never points at nothing", () => {
    const doc = board((d) => {
      d.getMap(BOARD_MAPS.clusters).set("k1", { label: "Spazi" });
      d.getMap(BOARD_MAPS.cards).set("c1", { text: "x", createdAt: 1, clusterId: "gone" });
      d.getMap(BOARD_MAPS.objectives).set("o1", {
        title: "Obiettivo",
        clusterIds: ["k1", "gone", "k1"],
      });
      d.getMap(BOARD_MAPS.actions).set("a1", { title: "Azione", objectiveId: "missing" });
      d.getMap(BOARD_MAPS.actions).set("a2", { title: "Azione 2", objectiveId: "o1" });
    });
    const snapshot = readBoard(doc);
    expect(snapshot.cards[0]!.clusterId).toBeNull();
    expect(snapshot.objectives[0]!.clusterIds).toEqual(["k1"]);
    expect(snapshot.actions.map((a) => [a.id, a.objectiveId])).toEqual([
      ["a1", null],
      ["a2", "o1"],
    ]);
  });

  it("keeps concurrent edits of different fields of one card", () => {
    const left = board((d) => putCard(d, "c1", { text: "Prima", authorLabel: "A", createdAt: 1 }));
    const right = new Y.Doc();
    Y.applyUpdate(right, Y.encodeStateAsUpdate(left));
    (left.getMap(BOARD_MAPS.cards).get("c1") as Y.Map<unknown>).set("text", "Testo corretto");
    (right.getMap(BOARD_MAPS.cards).get("c1") as Y.Map<unknown>).set("clusterId", "k1");
    right.getMap(BOARD_MAPS.clusters).set("k1", { label: "Gruppo" });
    Y.applyUpdate(left, Y.encodeStateAsUpdate(right));
    expect(readBoard(left).cards[0]).toMatchObject({ text: "Testo corretto", clusterId: "k1" });
  });
});
