// The pact's history without a database: which sections an update changed, edits gathered into
// sessions in memory, how a session is written against the last stored one, and paging by time.
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  continues,
  pageCutoff,
  sectionKeyOfRoot,
  sessionWrite,
  SESSION_GAP_MS,
  type EditRun,
  type EditSource,
} from "../../core/pact/history";
import { EditBuffer } from "../../server/services/pact-history";
import { changedRootNames } from "../../server/yjs/changed-roots";
import { logger } from "../../server/logger";
import { DEFAULT_YJS_LIMITS } from "../../server/yjs/limits";
import { GroupCommitter, type DocumentStore } from "../../server/yjs/persistence";
import { Room } from "../../server/yjs/room";

const T0 = Date.parse("2026-03-02T09:00:00Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

function edit(
  minutes: number,
  overrides: Partial<Omit<EditRun, "from" | "to">> & { until?: number } = {},
): EditRun {
  const { until, ...rest } = overrides;
  return {
    pactId: "p1",
    author: { userId: "u1", name: "Anna" },
    sectionKey: "premesse",
    source: "editor",
    from: at(minutes),
    to: at(until ?? minutes),
    updates: 1,
    ...rest,
  };
}

describe("which section a root of the pact's document holds", () => {
  it.each([
    ["section:premesse", "premesse"],
    ["section:obiettivi-specifici", "obiettivi-specifici"],
    ["section:", null],
    ["comments", null],
    ["premesse", null],
    ["Section:premesse", null],
  ])("%s is %s", (root, key) => {
    expect(sectionKeyOfRoot(root)).toBe(key);
  });
});

describe("whether an edit continues a session", () => {
  const run = (from: number, to: number, source: EditSource = "editor") => ({
    source,
    from: at(from),
    to: at(to),
  });
  it.each([
    ["right after it", run(0, 5), run(6, 6), true],
    ["exactly ten minutes after it", run(0, 5), run(15, 15), true],
    ["a millisecond more than ten minutes after it", run(0, 5), run(15 + 1 / 60_000, 16), false],
    ["during it (updates out of order)", run(0, 5), run(3, 3), true],
    ["a little before it", run(10, 20), run(2, 2), true],
    ["long before it", run(30, 40), run(2, 2), false],
    ["as an import", run(0, 5), run(6, 6, "import"), false],
    ["after an import", run(0, 5, "import"), run(6, 6), false],
    ["as a restore", run(0, 5), run(6, 6, "restore"), false],
  ])("an edit that comes %s continues it: %s", (_what, a, b, expected) => {
    expect(continues(a, b)).toBe(expected);
  });
  it("takes the gap of ten minutes by default", () => {
    expect(SESSION_GAP_MS).toBe(600_000);
  });
});

describe("edits gathered in memory before they are written", () => {
  it("gathers a person's keystrokes in one section into one run", () => {
    const buffer = new EditBuffer();
    for (const minute of [0, 0.1, 0.2, 1, 3]) buffer.add(edit(minute));
    expect(buffer.take()).toEqual([edit(0, { until: 3, updates: 5 })]);
    expect(buffer.take()).toEqual([]);
  });

  it("keeps people, sections, pacts and sources apart", () => {
    const buffer = new EditBuffer();
    buffer.add(edit(0));
    buffer.add(edit(0, { author: { userId: "u2", name: "Bruno" } }));
    buffer.add(edit(1, { sectionKey: "finalita" }));
    buffer.add(edit(1, { pactId: "p2" }));
    buffer.add(edit(2, { source: "import" }));
    buffer.add(edit(2));
    const runs = buffer.take();
    expect(runs).toHaveLength(5);
    expect(runs).toContainEqual(edit(0, { until: 2, updates: 2 }));
    expect(runs).toContainEqual(edit(0, { author: { userId: "u2", name: "Bruno" } }));
    expect(runs).toContainEqual(edit(2, { source: "import" }));
  });

  it("tells guests apart by name, and never joins them to a user", () => {
    const buffer = new EditBuffer();
    buffer.add(edit(0, { author: { userId: null, name: "Ospite A" } }));
    buffer.add(edit(1, { author: { userId: null, name: "Ospite B" } }));
    buffer.add(edit(2, { author: { userId: null, name: "Ospite A" } }));
    buffer.add(edit(3, { author: { userId: "u1", name: "Ospite A" } }));
    expect(buffer.take().map((r) => [r.author.userId, r.author.name, r.updates])).toEqual([
      [null, "Ospite A", 2],
      [null, "Ospite B", 1],
      ["u1", "Ospite A", 1],
    ]);
  });

  it("starts a new run after a pause of more than ten minutes", () => {
    const buffer = new EditBuffer();
    buffer.add(edit(0));
    buffer.add(edit(4));
    buffer.add(edit(20));
    buffer.add(edit(21));
    expect(buffer.take()).toEqual([
      edit(0, { until: 4, updates: 2 }),
      edit(20, { until: 21, updates: 2 }),
    ]);
  });

  it("never joins two imports, however close", () => {
    const buffer = new EditBuffer();
    buffer.add(edit(0, { source: "import" }));
    buffer.add(edit(0, { source: "import" }));
    expect(buffer.take()).toHaveLength(2);
  });
});

describe("writing a run against the last stored session of its person and section", () => {
  const stored = (from: number, to: number, updates = 7) => ({
    id: "s1",
    startedAt: at(from),
    endedAt: at(to),
    updates,
  });

  it("inserts when there is none", () => {
    expect(sessionWrite(null, edit(0))).toEqual({ kind: "insert" });
  });

  it("extends a session that ended at most ten minutes before, adding the updates", () => {
    expect(sessionWrite(stored(0, 5), edit(12, { until: 14, updates: 3 }))).toEqual({
      kind: "extend",
      id: "s1",
      startedAt: at(0),
      endedAt: at(14),
      updates: 10,
    });
  });

  it("keeps the later end when the run arrives late", () => {
    expect(sessionWrite(stored(0, 30), edit(10, { until: 12, updates: 2 }))).toEqual({
      kind: "extend",
      id: "s1",
      startedAt: at(0),
      endedAt: at(30),
      updates: 9,
    });
  });

  it("inserts a new session after a longer pause", () => {
    expect(sessionWrite(stored(0, 5), edit(16))).toEqual({ kind: "insert" });
  });

  it("inserts every import and restore as an event of its own", () => {
    expect(sessionWrite(stored(0, 5), edit(5, { source: "import" }))).toEqual({ kind: "insert" });
    expect(sessionWrite(stored(0, 5), edit(5, { source: "restore" }))).toEqual({
      kind: "insert",
    });
  });
});

describe("where a page of history ends", () => {
  const entries = (...ms: number[]) => ms.map((m) => ({ at: new Date(T0 + m) }));

  it("does not end when everything fits", () => {
    expect(pageCutoff(entries(5, 4, 3), 3)).toBeNull();
    expect(pageCutoff([], 3)).toBeNull();
  });

  it("ends at the millisecond of the last entry that fits", () => {
    expect(pageCutoff(entries(9, 8, 7, 6), 3)).toEqual(new Date(T0 + 7));
    expect(pageCutoff(entries(9, 7, 7, 7), 2)).toEqual(new Date(T0 + 7));
  });
});

describe("the sections an update changed", () => {
  function pactDoc() {
    const doc = new Y.Doc();
    const premesse = doc.getXmlFragment("section:premesse");
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText("Il tavolo")]);
    premesse.insert(0, [paragraph]);
    doc.getXmlFragment("section:finalita");
    doc.getMap("comments");
    return doc;
  }

  /** What `change` does to a copy of `doc`, applied to `doc`: the roots the transaction changed. */
  function rootsChangedBy(doc: Y.Doc, change: (copy: Y.Doc) => void): string[] {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    const before = Y.encodeStateVector(copy);
    change(copy);
    const update = Y.encodeStateAsUpdate(copy, before);
    let roots: string[] = [];
    doc.once("afterTransaction", (transaction: Y.Transaction) => {
      roots = changedRootNames(doc, transaction);
    });
    Y.applyUpdate(doc, update, "client");
    return roots.sort();
  }

  it("names the section of text typed deep inside it", () => {
    const doc = pactDoc();
    const roots = rootsChangedBy(doc, (copy) => {
      const text = copy.getXmlFragment("section:premesse").get(0) as Y.XmlElement;
      (text.get(0) as Y.XmlText).insert(9, " educativo");
    });
    expect(roots).toEqual(["section:premesse"]);
  });

  it("names a section whose text was deleted or formatted", () => {
    const doc = pactDoc();
    expect(
      rootsChangedBy(doc, (copy) => {
        const paragraph = copy.getXmlFragment("section:premesse").get(0) as Y.XmlElement;
        (paragraph.get(0) as Y.XmlText).delete(0, 3);
      }),
    ).toEqual(["section:premesse"]);
    expect(
      rootsChangedBy(doc, (copy) => {
        const paragraph = copy.getXmlFragment("section:premesse").get(0) as Y.XmlElement;
        (paragraph.get(0) as Y.XmlText).format(0, 3, { bold: {} });
      }),
    ).toEqual(["section:premesse"]);
  });

  it("names each section of an update that changed two, and other roots by their name", () => {
    const doc = pactDoc();
    const roots = rootsChangedBy(doc, (copy) => {
      copy.transact(() => {
        copy.getXmlFragment("section:finalita").insert(0, [new Y.XmlElement("paragraph")]);
        copy.getXmlFragment("section:premesse").delete(0, 1);
        copy.getMap("comments").set("t1", "x");
      });
    });
    expect(roots).toEqual(["comments", "section:finalita", "section:premesse"]);
  });

  it("names nothing for an update the document already holds", () => {
    const doc = pactDoc();
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    let roots: string[] | null = null;
    doc.once("afterTransaction", (transaction: Y.Transaction) => {
      roots = changedRootNames(doc, transaction);
    });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(copy), "client");
    expect(roots).toEqual([]);
  });
});

describe("a room reporting what a member's update changed", () => {
  const store: DocumentStore = {
    load: async () => ({ updates: [], logLength: 0 }),
    compact: async () => 0,
    append: async () => {},
  };

  it("reports the roots after applying, and nothing for an update that changes nothing", async () => {
    const room = await Room.load("pact:test", {
      store,
      committer: new GroupCommitter(store, 0),
      limits: DEFAULT_YJS_LIMITS,
      log: logger("test"),
      onBroken: () => {},
    });
    const member = { send: () => {}, close: () => {} };
    const client = new Y.Doc();
    const updates: Uint8Array[] = [];
    client.on("update", (update: Uint8Array) => updates.push(update));
    client.getXmlFragment("section:governance").insert(0, [new Y.XmlElement("paragraph")]);
    const reported: string[][] = [];
    const outcome = room.applyUpdate(updates[0]!, member, (roots) => reported.push(roots));
    expect(outcome.ok).toBe(true);
    if (outcome.ok) await outcome.committed;
    expect(reported).toEqual([["section:governance"]]);
    expect(room.doc.getXmlFragment("section:governance").length).toBe(1);

    // The same update again changes nothing: nothing to report.
    room.applyUpdate(updates[0]!, member, (roots) => reported.push(roots));
    expect(reported).toHaveLength(1);
    room.destroy();
  });
});
