import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { BoardCard } from "../../core/board";
import { readText } from "../../app/components/objectives/use-objectives-board";
import {
  groupLabelKey,
  isConcealed,
  tracedClusters,
  unheardByMeeting,
  voiceList,
  voicesOfCards,
} from "../../app/components/objectives/trace";

function card(id: string, patch: Partial<BoardCard> = {}): BoardCard {
  return {
    id,
    text: `scheda ${id}`,
    clusterId: null,
    createdAt: new Date(1_000),
    authorLabel: "",
    group: null,
    inPerson: false,
    order: null,
    ...patch,
  };
}

describe("voices by group", () => {
  it("names each group with the board's label, no group and unknown groups apart", () => {
    expect(groupLabelKey("family")).toBe("board.group.family");
    expect(groupLabelKey(null)).toBe("board.group.none");
    expect(groupLabelKey("unknown")).toBe("board.group.none");
    expect(groupLabelKey("marziani")).toBe("board.group.other");
  });

  it("lists the most voices first, ties in the board's order of groups", () => {
    expect(voiceList({ school: 2, family: 2, health: 5, unknown: 1 })).toEqual([
      { labelKey: "board.group.health", count: 5 },
      { labelKey: "board.group.family", count: 2 },
      { labelKey: "board.group.school", count: 2 },
      { labelKey: "board.group.none", count: 1 },
    ]);
  });

  it("adds up groups that share a label, and counts one voice per card", () => {
    expect(voiceList({ other: 1, marziani: 2, family: 0 })).toEqual([
      { labelKey: "board.group.other", count: 3 },
    ]);
    expect(voicesOfCards([{ group: "family" }, { group: "family" }, { group: null }])).toEqual([
      { labelKey: "board.group.family", count: 2 },
      { labelKey: "board.group.none", count: 1 },
    ]);
  });
});

describe("tracedClusters", () => {
  it("gives the objective's clusters in its order, each with its cards in board order", () => {
    const board = {
      clusters: [
        { id: "k1", label: "Spazi" },
        { id: "k2", label: "Scuola" },
        { id: "k3", label: "Altro" },
      ],
      cards: [
        card("c1", { clusterId: "k1", order: 1 }),
        card("c2", { clusterId: "k1", order: 0 }),
        card("c3", { clusterId: "k2", createdAt: new Date(3_000) }),
        card("c4", { clusterId: "k2", createdAt: new Date(2_000) }),
        card("c5", { clusterId: "k3" }),
        card("c6"),
      ],
    };
    const traced = tracedClusters(board, ["k2", "k1", "gone"]);
    expect(traced.map((c) => [c.label, c.cards.map((x) => x.id)])).toEqual([
      ["Scuola", ["c4", "c3"]],
      ["Spazi", ["c2", "c1"]],
    ]);
  });
});

describe("isConcealed", () => {
  const viewer = { facilitator: false, hiddenCards: new Set(["c2"]), privateWriting: false };

  it("keeps a hidden card's words from all but facilitators", () => {
    expect(isConcealed("c1", viewer)).toBe(false);
    expect(isConcealed("c2", viewer)).toBe(true);
    expect(isConcealed("c2", { ...viewer, facilitator: true })).toBe(false);
  });

  it("keeps every card's words from members while writing is private", () => {
    expect(isConcealed("c1", { ...viewer, privateWriting: true })).toBe(true);
    expect(isConcealed("c1", { ...viewer, privateWriting: true, facilitator: true })).toBe(false);
  });
});

describe("unheardByMeeting", () => {
  it("groups cards under their meetings in the meetings' order, leaving out meetings with none", () => {
    const unheard = {
      meetings: [
        { id: "m1", title: "Primo", startsAt: "2026-01-01T17:00:00.000Z" },
        { id: "m2", title: "Secondo", startsAt: "2026-02-01T17:00:00.000Z" },
        { id: "m3", title: "Terzo", startsAt: "2026-03-01T17:00:00.000Z" },
      ],
      cards: [
        { ...card("a", { group: "family" }), meetingId: "m3", clusterLabel: null },
        { ...card("b", { group: "school" }), meetingId: "m1", clusterLabel: null },
        { ...card("c", { group: "family" }), meetingId: "m3", clusterLabel: null },
      ],
    };
    const grouped = unheardByMeeting(unheard);
    expect(grouped.map((g) => [g.meeting.id, g.cards.map((c) => c.id)])).toEqual([
      ["m1", ["b"]],
      ["m3", ["a", "c"]],
    ]);
    expect(grouped[1]!.voices).toEqual([{ labelKey: "board.group.family", count: 2 }]);
  });
});

describe("readText", () => {
  it("reads a nested Y.Text or string of a board entry, and nothing where there is none", () => {
    const doc = new Y.Doc();
    const action = new Y.Map<unknown>();
    doc.getMap("actions").set("a1", action);
    action.set("title", new Y.Text("Doposcuola"));
    const resources = new Y.Map<unknown>();
    action.set("resources", resources);
    resources.set("fundingSource", "Fondo povertà");
    expect(readText(doc, ["actions", "a1", "title"])).toBe("Doposcuola");
    expect(readText(doc, ["actions", "a1", "resources", "fundingSource"])).toBe("Fondo povertà");
    expect(readText(doc, ["actions", "a1", "description"])).toBe("");
    expect(readText(doc, ["actions", "a2", "title"])).toBe("");
  });
});
