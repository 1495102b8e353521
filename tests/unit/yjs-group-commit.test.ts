import { describe, expect, it } from "vitest";
import { GroupCommitter, type DocumentStore } from "../../server/yjs/persistence";

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
