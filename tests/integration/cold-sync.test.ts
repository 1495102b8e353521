// The cold-sync worker: a real worker thread mirroring documents and answering sync step 1.
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { ColdSync } from "../../server/yjs/cold-sync";
import { logger } from "../../server/logger";
import { putCard } from "../../core/board";

function boardWith(cards: number, prefix = "c"): Y.Doc {
  const doc = new Y.Doc();
  for (let i = 0; i < cards; i += 1) {
    putCard(doc, `${prefix}${i}`, { text: `Scheda ${prefix}${i}`, authorLabel: "Genitore" });
  }
  return doc;
}

function applied(update: Uint8Array, base?: Y.Doc): Y.Doc {
  const doc = new Y.Doc();
  if (base) Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  Y.applyUpdate(doc, update);
  return doc;
}

describe("cold sync off the event loop", () => {
  const open: ColdSync[] = [];
  const coldSync = () => {
    const sync = new ColdSync(logger("test"));
    open.push(sync);
    return sync;
  };
  afterEach(async () => {
    for (const sync of open.splice(0)) await sync.close();
  });

  it("answers a fresh client with the whole document, and a returning one with what it lacks", async () => {
    const sync = coldSync();
    const doc = boardWith(200);
    sync.mirror("board:a", [Y.encodeStateAsUpdate(doc)]);

    const fresh = await sync.diff("board:a", Y.encodeStateVector(new Y.Doc()));
    expect(applied(fresh).getMap("cards").toJSON()).toEqual(doc.getMap("cards").toJSON());

    const returning = applied(Y.encodeStateAsUpdate(doc));
    const before = Y.encodeStateVector(returning);
    doc.on("update", (update: Uint8Array) => sync.forward("board:a", update));
    putCard(doc, "nuova", { text: "Arrivata dopo", authorLabel: "Docente" });
    doc.getMap("cards").delete("c3");
    const lacking = await sync.diff("board:a", before);
    expect(lacking.length).toBeLessThan(fresh.length / 10);
    Y.applyUpdate(returning, lacking);
    expect(returning.getMap("cards").toJSON()).toEqual(doc.getMap("cards").toJSON());

    // The cached full state is refreshed by updates, not served stale.
    const again = await sync.diff("board:a", Y.encodeStateVector(new Y.Doc()));
    expect(applied(again).getMap("cards").has("nuova")).toBe(true);
    expect(applied(again).getMap("cards").has("c3")).toBe(false);
  });

  it("keeps documents apart and forgets the ones it is told to", async () => {
    const sync = coldSync();
    sync.mirror("board:a", [Y.encodeStateAsUpdate(boardWith(3, "a"))]);
    sync.mirror("board:b", [Y.encodeStateAsUpdate(boardWith(2, "b"))]);
    const empty = Y.encodeStateVector(new Y.Doc());
    const a = applied(await sync.diff("board:a", empty));
    const b = applied(await sync.diff("board:b", empty));
    expect([...a.getMap("cards").keys()].sort()).toEqual(["a0", "a1", "a2"]);
    expect([...b.getMap("cards").keys()].sort()).toEqual(["b0", "b1"]);
    sync.forget("board:a");
    expect(sync.isMirrored("board:a")).toBe(false);
    await expect(sync.diff("board:a", empty)).rejects.toThrow(/not mirrored/);
  });

  it("refuses a malformed state vector without losing the mirror", async () => {
    const sync = coldSync();
    const doc = boardWith(5);
    sync.mirror("board:a", [Y.encodeStateAsUpdate(doc)]);
    await expect(sync.diff("board:a", new Uint8Array([0xff, 0xff, 0xff]))).rejects.toThrow();
    const fresh = await sync.diff("board:a", Y.encodeStateVector(new Y.Doc()));
    expect(applied(fresh).getMap("cards").size).toBe(5);
  });

  it("drops a mirror fed an update it cannot apply, so it never serves a wrong document", async () => {
    const sync = coldSync();
    sync.mirror("board:a", [Y.encodeStateAsUpdate(boardWith(5))]);
    sync.forward("board:a", new Uint8Array([1, 2, 3, 250, 250, 250]));
    await expect(
      (async () => {
        for (let i = 0; i < 200 && sync.isMirrored("board:a"); i += 1) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        return sync.isMirrored("board:a");
      })(),
    ).resolves.toBe(false);
  });

  it("merges stored updates into one state off the thread, as compaction needs", async () => {
    const sync = coldSync();
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on("update", (update: Uint8Array) => updates.push(update));
    for (let i = 0; i < 50; i += 1) putCard(doc, `c${i}`, { text: `Idea ${i}`, authorLabel: "A" });
    doc.getMap("cards").delete("c1");
    const merged = await sync.merge(updates);
    expect(applied(merged).getMap("cards").toJSON()).toEqual(doc.getMap("cards").toJSON());
    await expect(sync.merge([new Uint8Array([1, 2, 3, 250, 250, 250])])).rejects.toThrow();
    // After a failed merge the worker still works.
    expect(applied(await sync.merge(updates)).getMap("cards").size).toBe(49);
  });
});
