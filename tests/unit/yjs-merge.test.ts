import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { putCard } from "../../core/board";
import { mergeHere, mergeInSlices } from "../../server/yjs/merge";

function history(cards: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < cards; i += 1) putCard(doc, `c${i}`, { text: `Idea ${i}`, authorLabel: "A" });
  for (let i = 0; i < cards; i += 3) doc.getMap("cards").delete(`c${i}`);
  return updates;
}

const cardsOf = (state: Uint8Array) => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc.getMap("cards").toJSON();
};

describe("merging stored updates for compaction", () => {
  it("gives the same document at once or in slices, over many slices", async () => {
    const updates = history(100);
    const sliced = await mergeInSlices(updates, 7);
    expect(cardsOf(sliced)).toEqual(cardsOf(mergeHere(updates)));
    expect(Object.keys(cardsOf(sliced))).toHaveLength(66);
  });

  it("fails on an update that does not apply, so the log stays as it was", async () => {
    const updates = [...history(10), new Uint8Array([1, 2, 3, 250, 250, 250])];
    await expect(mergeInSlices(updates, 4)).rejects.toThrow();
    expect(() => mergeHere(updates)).toThrow();
  });
});
