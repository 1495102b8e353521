// A board's Y.Doc as an immutable snapshot for the view, kept up to date incrementally: only the
// entries a transaction touched are read again, and the view gets at most one snapshot per frame,
// so a board of thousands of cards stays smooth while many people write at once.
import { useEffect, useState } from "react";
import * as Y from "yjs";
import { BOARD_MAPS, BOARD_POSITIONS } from "../../core/board";
import { readPositions, type CardPosition } from "../../core/board-positions";

export interface CardView {
  id: string;
  text: string;
  /** As stored; the view checks it against the clusters (a deleted cluster leaves cards loose). */
  clusterId: string | null;
  authorLabel: string;
  group: string | null;
  createdAt: number;
  inPerson: boolean;
  order: number | null;
}

export interface ClusterView {
  id: string;
  label: string;
}

export interface BoardState {
  cards: ReadonlyMap<string, CardView>;
  clusters: ReadonlyMap<string, ClusterView>;
  positions: ReadonlyMap<string, CardPosition>;
  /** Grows with every snapshot, for memoisation. */
  version: number;
}

/** A field of a card or cluster as `plain()` in core/board.ts would read it: Y.Text as its words. */
function field(entry: Y.Map<unknown> | Record<string, unknown>, key: string): unknown {
  const value = entry instanceof Y.Map ? entry.get(key) : entry[key];
  return value instanceof Y.Text ? value.toString() : value;
}

function entryOf(value: unknown): Y.Map<unknown> | Record<string, unknown> | null {
  if (value instanceof Y.Map) return value;
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  return value instanceof Y.AbstractType ? null : (value as Record<string, unknown>);
}

const orDefault = <T>(value: unknown, fallback: T) => (value === undefined ? fallback : value);
const isText = (value: unknown, max: number): value is string =>
  typeof value === "string" && value.length <= max;
const isId = (value: unknown): value is string =>
  typeof value === "string" && value.length >= 1 && value.length <= 64;

/**
 * A card by the rules of `boardCard` (core/board.ts), written out by hand: zod's parse of 5,000
 * cards took a fifth of a second of a cold load. A test holds the two to the same verdicts.
 */
export function readCard(id: string, value: unknown): CardView | null {
  const entry = entryOf(value);
  if (!entry) return null;
  const text = field(entry, "text");
  if (!isText(text, 2000)) return null;
  const clusterId = field(entry, "clusterId") ?? null;
  if (clusterId !== null && !isId(clusterId)) return null;
  const created = field(entry, "createdAt");
  if (!(typeof created === "string" || (typeof created === "number" && Number.isFinite(created))))
    return null;
  const createdAt = new Date(created).getTime();
  if (Number.isNaN(createdAt)) return null;
  // zod's `.default()` fills in only a missing field; null is refused.
  const authorLabel = orDefault(field(entry, "authorLabel"), "");
  if (!isText(authorLabel, 80) || authorLabel.includes("@")) return null;
  const group = field(entry, "group") ?? null;
  if (group !== null && !isText(group, 40)) return null;
  const inPerson = orDefault(field(entry, "inPerson"), false);
  if (typeof inPerson !== "boolean") return null;
  const order = field(entry, "order") ?? null;
  if (order !== null && !(typeof order === "number" && Number.isFinite(order))) return null;
  return { id, text, clusterId, authorLabel, group, createdAt, inPerson, order };
}

/** A cluster by the rules of `boardCluster` (core/board.ts). */
export function readCluster(id: string, value: unknown): ClusterView | null {
  const entry = entryOf(value);
  if (!entry) return null;
  const label = orDefault(field(entry, "label"), "");
  return isText(label, 200) ? { id, label } : null;
}

function readAll(doc: Y.Doc, version: number): BoardState {
  const cards = new Map<string, CardView>();
  for (const [id, value] of doc.getMap(BOARD_MAPS.cards).entries()) {
    const card = readCard(id, value);
    if (card) cards.set(id, card);
  }
  const clusters = new Map<string, ClusterView>();
  for (const [id, value] of doc.getMap(BOARD_MAPS.clusters).entries()) {
    const cluster = readCluster(id, value);
    if (cluster) clusters.set(id, cluster);
  }
  return { cards, clusters, positions: readPositions(doc), version };
}

interface PositionEntry {
  key: string;
  val: CardPosition;
}

function isPositionEntry(value: unknown): value is PositionEntry {
  const entry = value as { key?: unknown; val?: { x?: unknown; y?: unknown } } | null;
  return (
    typeof entry?.key === "string" && Number.isFinite(entry.val?.x) && Number.isFinite(entry.val?.y)
  );
}

/** Changes gathered between two frames. */
class Pending {
  cards = new Set<string>();
  clusters = new Set<string>();
  /** Keys appended at the end of the positions array: their newest value. */
  appended = new Map<string, CardPosition>();
  /** Keys whose entries were deleted (and not appended again): read again from the array. */
  removed = new Set<string>();
  /** Something the incremental path cannot follow (an insert in the middle): read all positions. */
  rescanPositions = false;

  get empty() {
    return (
      this.cards.size === 0 &&
      this.clusters.size === 0 &&
      this.appended.size === 0 &&
      this.removed.size === 0 &&
      !this.rescanPositions
    );
  }
}

/**
 * Keeps a BoardState in step with a document: each change notes what it touched (`onChange` is
 * called so the owner can schedule a flush), and `flush()` makes the next immutable state reading
 * only those entries. Unchanged cards keep their objects, so the view can skip them.
 */
export class BoardMirror {
  state: BoardState;
  private pending = new Pending();
  private readonly cardsMap: Y.Map<unknown>;
  private readonly clustersMap: Y.Map<unknown>;
  private readonly positionsArray: Y.Array<unknown>;

  constructor(
    private readonly doc: Y.Doc,
    private readonly onChange: () => void = () => {},
  ) {
    this.state = readAll(doc, 0);
    this.cardsMap = doc.getMap(BOARD_MAPS.cards);
    this.clustersMap = doc.getMap(BOARD_MAPS.clusters);
    this.positionsArray = doc.getArray<unknown>(BOARD_POSITIONS);
    this.cardsMap.observeDeep(this.onCards);
    this.clustersMap.observeDeep(this.onClusters);
    this.positionsArray.observe(this.onPositions);
  }

  destroy(): void {
    this.cardsMap.unobserveDeep(this.onCards);
    this.clustersMap.unobserveDeep(this.onClusters);
    this.positionsArray.unobserve(this.onPositions);
  }

  /** The new state if anything changed since the last flush, else null. */
  flush(): BoardState | null {
    const changes = this.pending;
    this.pending = new Pending();
    if (changes.empty) return null;
    const current = this.state;
    let cards = current.cards;
    if (changes.cards.size > 0) {
      const next = new Map(current.cards);
      for (const id of changes.cards) {
        const card = this.cardsMap.has(id) ? readCard(id, this.cardsMap.get(id)) : null;
        if (card) next.set(id, card);
        else next.delete(id);
      }
      cards = next;
    }
    let clusters = current.clusters;
    if (changes.clusters.size > 0) {
      const next = new Map(current.clusters);
      for (const id of changes.clusters) {
        const cluster = this.clustersMap.has(id) ? readCluster(id, this.clustersMap.get(id)) : null;
        if (cluster) next.set(id, cluster);
        else next.delete(id);
      }
      clusters = next;
    }
    let positions = current.positions;
    if (changes.rescanPositions || changes.removed.size > 0) {
      // A deleted entry may have hidden an older one (two concurrent moves): read them all.
      positions = readPositions(this.doc);
    } else if (changes.appended.size > 0) {
      const next = new Map(positions);
      for (const [key, value] of changes.appended) next.set(key, value);
      positions = next;
    }
    this.state = { cards, clusters, positions, version: current.version + 1 };
    return this.state;
  }

  private readonly onCards = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    for (const event of events) {
      if (event.path.length === 0) {
        for (const key of event.changes.keys.keys()) this.pending.cards.add(key);
      } else this.pending.cards.add(String(event.path[0]));
    }
    this.onChange();
  };

  private readonly onClusters = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    for (const event of events) {
      if (event.path.length === 0) {
        for (const key of event.changes.keys.keys()) this.pending.clusters.add(key);
      } else this.pending.clusters.add(String(event.path[0]));
    }
    this.onChange();
  };

  private readonly onPositions = (event: Y.YArrayEvent<unknown>) => {
    const pending = this.pending;
    const deleted = new Set<string>();
    for (const item of event.changes.deleted) {
      for (const entry of item.content.getContent()) {
        if (isPositionEntry(entry)) deleted.add(entry.key);
      }
    }
    // Entries appended last win; one inserted before others may be older than them. Deltas leave
    // out a trailing retain, so "at the end" is counted against the array's length.
    const length = this.positionsArray.length;
    let index = 0;
    for (const op of event.changes.delta) {
      if (op.retain !== undefined) index += op.retain;
      if (!op.insert) continue;
      const inserted = Array.isArray(op.insert) ? op.insert : [];
      index += inserted.length;
      if (index !== length || !Array.isArray(op.insert)) {
        pending.rescanPositions = true;
        continue;
      }
      for (const entry of inserted) {
        if (!isPositionEntry(entry)) continue;
        pending.appended.set(entry.key, { x: entry.val.x, y: entry.val.y });
        deleted.delete(entry.key);
        pending.removed.delete(entry.key);
      }
    }
    for (const key of deleted) {
      pending.appended.delete(key);
      pending.removed.add(key);
    }
    this.onChange();
  };
}

/** Follows a board document, giving the view at most one new snapshot per animation frame. */
export function useBoardSnapshot(doc: Y.Doc | null): BoardState | null {
  const [state, setState] = useState<BoardState | null>(null);

  useEffect(() => {
    if (!doc) {
      setState(null);
      return;
    }
    let frame: number | null = null;
    const flush = () => {
      frame = null;
      const next = mirror.flush();
      if (next) setState(next);
    };
    const mirror = new BoardMirror(doc, () => {
      if (frame === null) frame = requestAnimationFrame(flush);
    });
    setState(mirror.state);
    return () => {
      mirror.destroy();
      if (frame !== null) cancelAnimationFrame(frame);
    };
  }, [doc]);

  return state;
}
