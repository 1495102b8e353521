import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { BOARD_POSITIONS, putCard } from "../../core/board";
import {
  readPositions,
  removePositions,
  setPosition,
  setPositions,
} from "../../core/board-positions";

function sync(a: Y.Doc, b: Y.Doc) {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe("board positions", () => {
  it("keeps one position per card, the last one set", () => {
    const doc = new Y.Doc();
    setPosition(doc, "a", { x: 1, y: 2 });
    setPositions(doc, [
      ["b", { x: 3, y: 4 }],
      ["a", { x: 5, y: 6 }],
    ]);
    expect(Object.fromEntries(readPositions(doc))).toEqual({
      a: { x: 5, y: 6 },
      b: { x: 3, y: 4 },
    });
    expect(doc.getArray(BOARD_POSITIONS).length).toBe(2);
    removePositions(doc, ["a"]);
    expect([...readPositions(doc).keys()]).toEqual(["b"]);
  });

  it("converges when two people move the same card at once, and the next move tidies up", () => {
    const anna = new Y.Doc();
    const marco = new Y.Doc();
    setPosition(anna, "card", { x: 0, y: 0 });
    sync(anna, marco);
    setPosition(anna, "card", { x: 10, y: 10 });
    setPosition(marco, "card", { x: 20, y: 20 });
    sync(anna, marco);
    expect(readPositions(anna).get("card")).toEqual(readPositions(marco).get("card"));
    expect(anna.getArray(BOARD_POSITIONS).length).toBe(2);
    setPosition(anna, "card", { x: 30, y: 30 });
    sync(anna, marco);
    expect(readPositions(marco).get("card")).toEqual({ x: 30, y: 30 });
    expect(marco.getArray(BOARD_POSITIONS).length).toBe(1);
  });

  it("refuses a position that is not a finite point and changes nothing", () => {
    const doc = new Y.Doc();
    setPosition(doc, "a", { x: 1, y: 1 });
    expect(() => setPosition(doc, "a", { x: Number.NaN, y: 0 })).toThrow(RangeError);
    expect(readPositions(doc).get("a")).toEqual({ x: 1, y: 1 });
  });

  it("ignores malformed entries a client may have written", () => {
    const doc = new Y.Doc();
    doc.getArray(BOARD_POSITIONS).push([{ key: 3 }, "x", null, { key: "a", val: { x: "1" } }]);
    setPosition(doc, "b", { x: 1, y: 1 });
    expect([...readPositions(doc).keys()]).toEqual(["b"]);
  });

  it("hardly grows the document after many moves (a map would keep a tombstone per move)", () => {
    const doc = new Y.Doc();
    for (let i = 0; i < 500; i += 1) {
      putCard(doc, `c${i}`, { text: `Scheda ${i}`, authorLabel: "Genitore" });
    }
    setPositions(
      doc,
      Array.from({ length: 500 }, (_, i): [string, { x: number; y: number }] => [
        `c${i}`,
        { x: i, y: i },
      ]),
    );
    const created = Y.encodeStateAsUpdate(doc).length;
    for (let move = 0; move < 5_000; move += 1) {
      const card = (move * 7919) % 500;
      setPosition(doc, `c${card}`, { x: move % 1000, y: (move * 3) % 700 });
    }
    const after = Y.encodeStateAsUpdate(doc).length;
    expect(after).toBeLessThan(created * 1.1);
    expect(readPositions(doc).size).toBe(500);

    const asMap = new Y.Doc();
    for (let move = 0; move < 5_000; move += 1) {
      asMap.getMap("p").set(`c${(move * 7919) % 500}`, { x: move, y: move });
    }
    expect(Y.encodeStateAsUpdate(asMap).length).toBeGreaterThan(after - created);
  });
});
