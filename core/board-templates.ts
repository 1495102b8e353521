// Starting layouts for an empty board: labelled cluster frames in a row, as the room's wall would be
// prepared with sheets (the working group's "target / obiettivi / azioni / luoghi", age bands).
import * as Y from "yjs";
import { BOARD_MAPS } from "./board";
import { setPositions } from "./board-positions";
import { FRAME_WIDTH, MAX_CLUSTER_LABEL, newBoardId } from "./board-ops";

/** Each template's frames, by the catalogue suffix of their label (`board.template.<key>.<slot>`). */
export const BOARD_TEMPLATES = {
  blank: [],
  "working-group": ["target", "objectives", "actions", "places"],
  "age-bands": ["age_0_6", "age_6_14", "adolescents"],
} as const satisfies Record<string, readonly string[]>;

export type BoardTemplateKey = keyof typeof BOARD_TEMPLATES;
export const BOARD_TEMPLATE_KEYS = Object.keys(BOARD_TEMPLATES) as BoardTemplateKey[];

export function isBoardTemplateKey(value: unknown): value is BoardTemplateKey {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(BOARD_TEMPLATES, value);
}

/** Space between two frames of a template. */
export const TEMPLATE_GUTTER = 48;

export interface TemplateFrame {
  slot: string;
  label: string;
  x: number;
  y: number;
}

/** The frames a template lays out from `origin`, labelled from `labels` (the slot itself if missing). */
export function templateFrames(
  key: BoardTemplateKey,
  labels: Readonly<Record<string, string>>,
  origin = { x: 0, y: 0 },
): TemplateFrame[] {
  return BOARD_TEMPLATES[key].map((slot, index) => ({
    slot,
    label: (labels[slot] ?? slot).slice(0, MAX_CLUSTER_LABEL),
    x: origin.x + index * (FRAME_WIDTH + TEMPLATE_GUTTER),
    y: origin.y,
  }));
}

/**
 * Creates a template's frames (clusters with their positions) in one transaction: one update, one
 * undo step. Labels come from the catalogue in the board's language, so the caller passes them.
 * Returns the new clusters' ids in order.
 */
export function applyTemplate(
  doc: Y.Doc,
  key: BoardTemplateKey,
  labels: Readonly<Record<string, string>>,
  newId: () => string = newBoardId,
): string[] {
  const frames = templateFrames(key, labels).map((frame) => ({ ...frame, id: newId() }));
  if (frames.length === 0) return [];
  doc.transact(() => {
    const clusters = doc.getMap<unknown>(BOARD_MAPS.clusters);
    for (const frame of frames) {
      const entry = new Y.Map<unknown>();
      entry.set("label", frame.label);
      clusters.set(frame.id, entry);
    }
    setPositions(
      doc,
      frames.map((frame) => [frame.id, { x: frame.x, y: frame.y }]),
    );
  });
  return frames.map((frame) => frame.id);
}
