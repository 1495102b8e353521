import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { putCard, readBoard } from "../../core/board";
import { MAX_CLUSTER_LABEL } from "../../core/board-ops";
import { applyClusterSuggestions } from "../../core/sensemaking";
import {
  acceptedClusters,
  duplicateHints,
  keepCards,
  mergeSuggestions,
  renameSuggestion,
  setAccepted,
  setAllAccepted,
  splitSuggestion,
  suggestionsFrom,
  withoutAccepted,
  type Suggestion,
} from "../../app/components/sensemaking/suggestion-edits";

function ids(prefix: string) {
  let n = 0;
  return () => `${prefix}${(n += 1)}`;
}

const s = (id: string, cardIds: string[], label = id, accepted = true): Suggestion => ({
  id,
  label,
  cardIds,
  accepted,
});

/** The list's invariant: every card in exactly one suggestion, and no suggestion empty. */
function expectPartition(list: readonly Suggestion[], cards: readonly string[]) {
  const all = list.flatMap((x) => x.cardIds);
  expect([...all].sort()).toEqual([...cards].sort());
  expect(new Set(all).size).toBe(all.length);
  expect(list.every((x) => x.cardIds.length > 0)).toBe(true);
  expect(new Set(list.map((x) => x.id)).size).toBe(list.length);
}

describe("suggestions from a clustering run", () => {
  it("map member indices back to card ids, all accepted, with fresh ids", () => {
    const made = suggestionsFrom(
      {
        clusters: [
          { label: "giovani, spazi", members: [0, 2] },
          { label: "trasporti", members: [1] },
        ],
        nearDuplicates: [[0, 2]],
      },
      ["a", "b", "c"],
      { newId: ids("s"), fallbackLabel: (n) => `Gruppo ${n}` },
    );
    expect(made.suggestions).toEqual([
      s("s1", ["a", "c"], "giovani, spazi"),
      s("s2", ["b"], "trasporti"),
    ]);
    expect(made.nearDuplicates).toEqual([{ a: "a", b: "c" }]);
  });

  it("name a group without keywords, and skip indices outside the input or seen twice", () => {
    const made = suggestionsFrom(
      {
        clusters: [
          { label: "  ", members: [0, 9] },
          { label: "x", members: [0] },
          { label: "", members: [1] },
        ],
        nearDuplicates: [[0, 7]],
      },
      ["a", "b"],
      { newId: ids("s"), fallbackLabel: (n) => `Gruppo ${n}` },
    );
    expect(made.suggestions).toEqual([s("s1", ["a"], "Gruppo 1"), s("s2", ["b"], "Gruppo 2")]);
    expect(made.nearDuplicates).toEqual([]);
  });
});

describe("editing suggestions", () => {
  const list = [s("x", ["1", "2", "3"]), s("y", ["4"]), s("z", ["5", "6"], "z", false)];

  it("renames one, trimming the name; a blank name changes nothing", () => {
    expect(renameSuggestion(list, "y", "  Spazi   per i giovani ")[1]!.label).toBe(
      "Spazi per i giovani",
    );
    expect(renameSuggestion(list, "y", "   ")).toEqual(list);
    expect(renameSuggestion(list, "y", "a".repeat(500))[1]!.label).toHaveLength(MAX_CLUSTER_LABEL);
  });

  it("accepts one, all or none", () => {
    expect(setAccepted(list, "x", false).map((x) => x.accepted)).toEqual([false, true, false]);
    expect(setAllAccepted(list, true).every((x) => x.accepted)).toBe(true);
    expect(setAllAccepted(list, false).some((x) => x.accepted)).toBe(false);
  });

  it("splits chosen cards into a new suggestion right after the source", () => {
    const next = splitSuggestion(list, "x", ["3", "1"], { id: "n", label: "Nuovo" });
    expect(next.map((x) => [x.id, x.cardIds])).toEqual([
      ["x", ["2"]],
      ["n", ["1", "3"]],
      ["y", ["4"]],
      ["z", ["5", "6"]],
    ]);
    expect(next[1]!.label).toBe("Nuovo");
    expect(next[1]!.accepted).toBe(true);
  });

  it("does not split away none or all of the cards, nor cards of another suggestion", () => {
    expect(splitSuggestion(list, "x", [], { id: "n", label: "N" })).toEqual(list);
    expect(splitSuggestion(list, "x", ["1", "2", "3"], { id: "n", label: "N" })).toEqual(list);
    expect(splitSuggestion(list, "x", ["4"], { id: "n", label: "N" })).toEqual(list);
    expect(splitSuggestion(list, "x", ["1"], { id: "y", label: "N" })).toEqual(list);
    expect(splitSuggestion(list, "x", ["1"], { id: "n", label: " " })[1]!.label).toBe("x");
  });

  it("merges into the first chosen in list order, which keeps its id and name", () => {
    const next = mergeSuggestions(list, ["z", "x"]);
    expect(next).toEqual([s("x", ["1", "2", "3", "5", "6"]), s("y", ["4"])]);
    expect(mergeSuggestions(list, ["x"])).toEqual(list);
    expect(mergeSuggestions(list, ["x", "gone"])).toEqual(list);
    expect(
      mergeSuggestions([s("a", ["1"], "a", false), s("b", ["2"], "b", false)], ["a", "b"])[0]!
        .accepted,
    ).toBe(false);
  });

  it("drops cards no longer on the board, and suggestions left empty", () => {
    expect(keepCards(list, new Set(["1", "3", "5", "6"]))).toEqual([
      s("x", ["1", "3"]),
      s("z", ["5", "6"], "z", false),
    ]);
  });

  it("hands the accepted ones to the board, and keeps the others after applying", () => {
    expect(acceptedClusters(list)).toEqual([
      { id: "x", label: "x", cardIds: ["1", "2", "3"] },
      { id: "y", label: "y", cardIds: ["4"] },
    ]);
    expect(withoutAccepted(list)).toEqual([list[2]]);
  });

  it("says where each of a near-duplicate pair is", () => {
    expect(
      duplicateHints(list, [
        { a: "1", b: "4" },
        { a: "5", b: "6" },
        { a: "1", b: "gone" },
      ]),
    ).toEqual([
      { a: "1", b: "4", suggestionA: "x", suggestionB: "y" },
      { a: "5", b: "6", suggestionA: "z", suggestionB: "z" },
    ]);
  });
});

type Edit =
  | { kind: "rename"; at: number; label: string }
  | { kind: "accept"; at: number; on: boolean }
  | { kind: "all"; on: boolean }
  | { kind: "split"; at: number; pick: boolean[]; label: string }
  | { kind: "merge"; picks: number[] }
  | { kind: "drop"; card: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant("rename" as const), at: fc.nat(20), label: fc.string() }),
  fc.record({ kind: fc.constant("accept" as const), at: fc.nat(20), on: fc.boolean() }),
  fc.record({ kind: fc.constant("all" as const), on: fc.boolean() }),
  fc.record({
    kind: fc.constant("split" as const),
    at: fc.nat(20),
    pick: fc.array(fc.boolean(), { maxLength: 30 }),
    label: fc.string(),
  }),
  fc.record({ kind: fc.constant("merge" as const), picks: fc.array(fc.nat(20), { maxLength: 5 }) }),
  fc.record({ kind: fc.constant("drop" as const), card: fc.nat(40) }),
);

/** Any grouping of `n` cards, as a clustering run would answer it. */
const run = fc
  .integer({ min: 1, max: 30 })
  .chain((n) => fc.tuple(fc.constant(n), fc.array(fc.nat(6), { minLength: n, maxLength: n })));

describe("any sequence of edits", () => {
  it("keeps every card in exactly one suggestion, and no suggestion empty", () => {
    fc.assert(
      fc.property(run, fc.array(edit, { maxLength: 25 }), ([n, groupOf], edits) => {
        const cards = Array.from({ length: n }, (_, i) => `c${i}`);
        const groups = new Map<number, number[]>();
        groupOf.forEach((g, i) => groups.set(g, [...(groups.get(g) ?? []), i]));
        const newId = ids("s");
        let list = suggestionsFrom(
          {
            clusters: [...groups.values()].map((members) => ({ label: "", members })),
            nearDuplicates: [],
          },
          cards,
          { newId, fallbackLabel: (k) => `G${k}` },
        ).suggestions;
        let present = [...cards];
        expectPartition(list, present);
        for (const e of edits) {
          const at = (i: number) => list[i % Math.max(1, list.length)]?.id ?? "none";
          if (e.kind === "rename") list = renameSuggestion(list, at(e.at), e.label);
          else if (e.kind === "accept") list = setAccepted(list, at(e.at), e.on);
          else if (e.kind === "all") list = setAllAccepted(list, e.on);
          else if (e.kind === "split") {
            const source = list.find((x) => x.id === at(e.at));
            const chosen = (source?.cardIds ?? []).filter((_, i) => e.pick[i]);
            list = splitSuggestion(list, at(e.at), chosen, { id: newId(), label: e.label });
          } else if (e.kind === "merge") list = mergeSuggestions(list, e.picks.map(at));
          else {
            const gone = present[e.card % Math.max(1, present.length)];
            present = present.filter((c) => c !== gone);
            list = keepCards(list, new Set(present));
          }
          expectPartition(list, present);
          expect(
            list.every((x) => x.label.trim() !== "" && x.label.length <= MAX_CLUSTER_LABEL),
          ).toBe(true);
        }
        // What is applied and what is left still cover every card once.
        const applied = acceptedClusters(list);
        const left = withoutAccepted(list);
        expectPartition([...applied.map((a) => s(a.id, [...a.cardIds])), ...left], present);
      }),
      { numRuns: 300 },
    );
  });

  it("becomes clusters on the board holding exactly the accepted cards, in one undo step", () => {
    fc.assert(
      fc.property(run, fc.array(edit, { maxLength: 10 }), ([n, groupOf], edits) => {
        const doc = new Y.Doc();
        const cards = Array.from({ length: n }, (_, i) => `c${i}`);
        for (const id of cards) putCard(doc, id, { text: `scheda ${id}`, authorLabel: "" });
        const groups = new Map<number, number[]>();
        groupOf.forEach((g, i) => groups.set(g, [...(groups.get(g) ?? []), i]));
        const newId = ids("s");
        let list = suggestionsFrom(
          {
            clusters: [...groups.values()].map((members) => ({ label: "", members })),
            nearDuplicates: [],
          },
          cards,
          { newId, fallbackLabel: (k) => `G${k}` },
        ).suggestions;
        for (const e of edits) {
          const at = (i: number) => list[i % Math.max(1, list.length)]?.id ?? "none";
          if (e.kind === "accept") list = setAccepted(list, at(e.at), e.on);
          else if (e.kind === "merge") list = mergeSuggestions(list, e.picks.map(at));
          else if (e.kind === "rename") list = renameSuggestion(list, at(e.at), e.label);
        }
        const undo = new Y.UndoManager([doc.getMap("cards"), doc.getMap("clusters")]);
        applyClusterSuggestions(doc, acceptedClusters(list));
        const board = readBoard(doc);
        const accepted = list.filter((x) => x.accepted);
        expect(board.clusters.map((c) => c.id).sort()).toEqual(accepted.map((x) => x.id).sort());
        for (const x of accepted) {
          const members = board.cards.filter((c) => c.clusterId === x.id).map((c) => c.id);
          expect(members.sort()).toEqual([...x.cardIds].sort());
        }
        expect(undo.undoStack).toHaveLength(accepted.length > 0 ? 1 : 0);
        undo.undo();
        expect(readBoard(doc).clusters).toEqual([]);
        expect(readBoard(doc).cards.every((c) => c.clusterId === null)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
