// Where cards sit on a board, apart from what they say (DESIGN.md): a key-value store on a Y.Array,
// after y-utility's YKeyValue. A Y.Map keeps a tombstone with its key for every overwrite, so a
// board grows with every drag; here a move deletes the old entry and appends the new one, and runs
// of deleted array items merge into one, so 100,000 moves leave the document about its size.
import * as Y from "yjs";
import { BOARD_POSITIONS } from "./board";

export interface CardPosition {
  x: number;
  y: number;
}

interface Entry {
  key: string;
  val: CardPosition;
}

function isEntry(value: unknown): value is Entry {
  if (typeof value !== "object" || value === null) return false;
  const { key, val } = value as { key?: unknown; val?: { x?: unknown; y?: unknown } };
  return (
    typeof key === "string" &&
    typeof val === "object" &&
    val !== null &&
    Number.isFinite(val.x) &&
    Number.isFinite(val.y)
  );
}

/** The positions of a board: last entry per card wins; malformed entries are ignored. */
export function readPositions(doc: Y.Doc): Map<string, CardPosition> {
  const positions = new Map<string, CardPosition>();
  for (const entry of doc.getArray<unknown>(BOARD_POSITIONS).toArray()) {
    if (isEntry(entry)) positions.set(entry.key, { x: entry.val.x, y: entry.val.y });
  }
  return positions;
}

/**
 * Moves cards: for each, removes every entry it has (concurrent moves may have left two) and
 * appends its new position, all in one transaction (one update, one undo step).
 */
export function setPositions(doc: Y.Doc, moves: Iterable<[cardId: string, CardPosition]>): void {
  const array = doc.getArray<unknown>(BOARD_POSITIONS);
  const wanted = new Map<string, CardPosition>();
  for (const [cardId, position] of moves) {
    if (!Number.isFinite(position.x) || !Number.isFinite(position.y)) {
      throw new RangeError(`position of ${cardId} is not a finite point`);
    }
    wanted.set(cardId, { x: position.x, y: position.y });
  }
  if (wanted.size === 0) return;
  doc.transact(() => {
    removeEntries(array, (key) => wanted.has(key));
    array.push([...wanted].map(([key, val]): Entry => ({ key, val })));
  });
}

export function setPosition(doc: Y.Doc, cardId: string, position: CardPosition): void {
  setPositions(doc, [[cardId, position]]);
}

/** Forgets the positions of cards (deleted cards), in one transaction. */
export function removePositions(doc: Y.Doc, cardIds: Iterable<string>): void {
  const gone = new Set(cardIds);
  if (gone.size === 0) return;
  doc.transact(() => removeEntries(doc.getArray<unknown>(BOARD_POSITIONS), (key) => gone.has(key)));
}

/**
 * Deletes matching entries, found by walking the array's items rather than copying the array
 * (a move on a 5,000-card board scans it all); from the end, so earlier indices stay valid, and
 * in runs, so adjacent deleted entries merge.
 */
function removeEntries(array: Y.Array<unknown>, matches: (key: string) => boolean): void {
  const runs: { index: number; length: number }[] = [];
  let index = 0;
  for (let item = array._start; item !== null; item = item.right) {
    if (item.deleted || !item.countable) continue;
    const content: unknown[] = item.content.getContent();
    for (let k = 0; k < content.length; k += 1) {
      const entry = content[k];
      if (!isEntry(entry) || !matches(entry.key)) continue;
      const last = runs[runs.length - 1];
      if (last && last.index + last.length === index + k) last.length += 1;
      else runs.push({ index: index + k, length: 1 });
    }
    index += item.length;
  }
  for (let i = runs.length - 1; i >= 0; i -= 1) array.delete(runs[i]!.index, runs[i]!.length);
}
