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

/** Deletes matching entries from the end, so earlier indices stay valid; merges adjacent runs. */
function removeEntries(array: Y.Array<unknown>, matches: (key: string) => boolean): void {
  const items = array.toArray();
  let end = -1;
  for (let i = items.length - 1; i >= -1; i -= 1) {
    const entry = i >= 0 ? items[i] : undefined;
    const hit = entry !== undefined && isEntry(entry) && matches(entry.key);
    if (hit && end === -1) end = i;
    if (!hit && end !== -1) {
      array.delete(i + 1, end - i);
      end = -1;
    }
  }
}
