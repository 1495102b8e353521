import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { logger } from "../../server/logger";
import { DEFAULT_YJS_LIMITS } from "../../server/yjs/limits";
import { GroupCommitter, type DocumentStore } from "../../server/yjs/persistence";
import { Room } from "../../server/yjs/room";

function fakeStore(fail = false) {
  const batches: string[][] = [];
  const store: DocumentStore = {
    load: async () => ({ updates: [], logLength: 0 }),
    compact: async () => 0,
    append: async (entries) => {
      batches.push(entries.map((e) => `${e.docName}:${e.update[0]}`));
      if (fail) throw new Error("database down");
    },
  };
  return { store, batches };
}

describe("group commit of Yjs updates", () => {
  it("writes updates that arrive within the window in one insert, in order", async () => {
    const { store, batches } = fakeStore();
    const committer = new GroupCommitter(store, 5);
    const done = [1, 2, 3].map((n) => committer.append(n === 2 ? "b" : "a", new Uint8Array([n])));
    await Promise.all(done);
    expect(batches).toEqual([["a:1", "b:2", "a:3"]]);
  });

  it("commits batches one after another, and flush waits for all of them", async () => {
    const { store, batches } = fakeStore();
    const committer = new GroupCommitter(store, 60_000);
    void committer.append("a", new Uint8Array([1]));
    await committer.flush();
    void committer.append("a", new Uint8Array([2]));
    await committer.flush();
    expect(batches).toEqual([["a:1"], ["a:2"]]);
  });

  it("rejects every update of a batch whose insert fails", async () => {
    const { store } = fakeStore(true);
    const committer = new GroupCommitter(store, 1);
    const results = await Promise.allSettled([
      committer.append("a", new Uint8Array([1])),
      committer.append("a", new Uint8Array([2])),
    ]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
  });
});

describe("group commit with inserts in flight", () => {
  function slowStore() {
    const started: string[] = [];
    const finish = new Map<string, () => void>();
    const store: DocumentStore = {
      load: async () => ({ updates: [], logLength: 0 }),
      compact: async () => 0,
      append: (entries) => {
        const key = entries.map((e) => `${e.docName}:${e.update[0]}`).join(",");
        started.push(key);
        return new Promise<void>((resolve) => finish.set(key, resolve));
      },
    };
    return { store, started, finish };
  }
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  it("starts a quiet update's insert at once, without waiting for the one in flight", async () => {
    const { store, started, finish } = slowStore();
    const committer = new GroupCommitter(store, 0, 2);
    const first = committer.append("a", new Uint8Array([1]));
    await tick();
    const second = committer.append("a", new Uint8Array([2]));
    await tick();
    expect(started).toEqual(["a:1", "a:2"]);
    // The later one may finish first; each settles with its own insert.
    finish.get("a:2")!();
    await second;
    let firstDone = false;
    void first.then(() => (firstDone = true));
    await tick();
    expect(firstDone).toBe(false);
    finish.get("a:1")!();
    await first;
  });

  it("gathers updates into one batch while every slot is taken, and flush waits for all", async () => {
    const { store, started, finish } = slowStore();
    const committer = new GroupCommitter(store, 0, 1);
    void committer.append("a", new Uint8Array([1]));
    await tick();
    void committer.append("a", new Uint8Array([2]));
    void committer.append("b", new Uint8Array([3]));
    await tick();
    expect(started).toEqual(["a:1"]);
    let flushed = false;
    const flushing = committer.flush().then(() => (flushed = true));
    finish.get("a:1")!();
    await tick();
    expect(started).toEqual(["a:1", "a:2,b:3"]);
    expect(flushed).toBe(false);
    finish.get("a:2,b:3")!();
    await flushing;
  });
});

describe("a room's commits", () => {
  it("counts as committed only once every earlier update is, whatever order inserts finish in", async () => {
    const finish: (() => void)[] = [];
    const store: DocumentStore = {
      load: async () => ({ updates: [], logLength: 0 }),
      compact: async () => 0,
      append: () => new Promise<void>((resolve) => finish.push(resolve)),
    };
    const room = await Room.load("board:test", {
      store,
      committer: new GroupCommitter(store, 0, 4),
      limits: DEFAULT_YJS_LIMITS,
      log: logger("test"),
      onBroken: () => {},
    });
    const sent: Uint8Array[] = [];
    const member = { send: (frame: Uint8Array) => sent.push(frame), close: () => {} };
    room.members.add(member);
    const author = { send: () => {}, close: () => {} };
    const client = new Y.Doc();
    const updates: Uint8Array[] = [];
    client.on("update", (update: Uint8Array) => updates.push(update));
    client.getMap("cards").set("a", "prima");
    client.getMap("cards").set("b", "seconda");
    const tick = () => new Promise((resolve) => setImmediate(resolve));
    for (const update of updates) {
      expect(room.applyUpdate(update, author).ok).toBe(true);
      await tick(); // each its own insert, the second started while the first runs
    }
    expect(finish).toHaveLength(2);

    let committed = false;
    void room.whenCommitted().then(() => (committed = true));
    finish[1]!(); // the second insert finishes first: its update may go out, but not "all saved"
    await tick();
    expect(sent).toHaveLength(1);
    expect(committed).toBe(false);
    finish[0]!();
    await tick();
    expect(committed).toBe(true);
    expect(sent).toHaveLength(2);
    room.destroy();
  });
});
