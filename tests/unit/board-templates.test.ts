import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { readBoard } from "../../core/board";
import { readPositions } from "../../core/board-positions";
import { FRAME_WIDTH } from "../../core/board-ops";
import {
  BOARD_TEMPLATE_KEYS,
  TEMPLATE_GUTTER,
  applyTemplate,
  isBoardTemplateKey,
  templateFrames,
} from "../../core/board-templates";

const LABELS = {
  target: "Target",
  objectives: "Obiettivi",
  actions: "Azioni",
  places: "Luoghi",
  age_0_6: "0-6 anni",
  age_6_14: "6-14 anni",
  adolescents: "Adolescenti",
};

describe("board templates", () => {
  it("lays the working group's four frames out in a row, in the seed's order", () => {
    const frames = templateFrames("working-group", LABELS);
    expect(frames.map((f) => f.label)).toEqual(["Target", "Obiettivi", "Azioni", "Luoghi"]);
    expect(frames.map((f) => f.x)).toEqual(
      [0, 1, 2, 3].map((i) => i * (FRAME_WIDTH + TEMPLATE_GUTTER)),
    );
    expect(new Set(frames.map((f) => f.y))).toEqual(new Set([0]));
  });

  it("has one column per age band", () => {
    expect(templateFrames("age-bands", LABELS).map((f) => f.label)).toEqual([
      "0-6 anni",
      "6-14 anni",
      "Adolescenti",
    ]);
  });

  it("creates the frames with their positions in one update", () => {
    const doc = new Y.Doc();
    let updates = 0;
    doc.on("update", () => (updates += 1));
    let n = 0;
    const ids = applyTemplate(doc, "working-group", LABELS, () => `k${(n += 1)}`);
    expect(updates).toBe(1);
    expect(ids).toEqual(["k1", "k2", "k3", "k4"]);
    const board = readBoard(doc);
    expect(board.clusters.map((c) => c.label)).toEqual(["Target", "Obiettivi", "Azioni", "Luoghi"]);
    expect(readPositions(doc).get("k4")).toEqual({ x: 3 * (FRAME_WIDTH + TEMPLATE_GUTTER), y: 0 });
  });

  it("leaves the board empty for the blank template", () => {
    const doc = new Y.Doc();
    expect(applyTemplate(doc, "blank", LABELS)).toEqual([]);
    expect(readBoard(doc).clusters).toEqual([]);
  });

  it("falls back to the slot name when a label is missing", () => {
    expect(templateFrames("age-bands", {}).map((f) => f.label)).toEqual([
      "age_0_6",
      "age_6_14",
      "adolescents",
    ]);
  });

  it.each([
    ["blank", true],
    ["working-group", true],
    ["age-bands", true],
    ["toString", false],
    ["", false],
  ])("knows whether %j is a template", (key, known) => {
    expect(isBoardTemplateKey(key)).toBe(known);
  });

  it("lists the templates with blank first", () => {
    expect(BOARD_TEMPLATE_KEYS[0]).toBe("blank");
  });
});
