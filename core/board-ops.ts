// What people do to a board (add, edit, cluster, move, merge), each as one Yjs transaction so that
// one gesture is one update on the wire and one step of undo; and where cards sit inside a cluster.
import * as Y from "yjs";
import { BOARD_MAPS, putCard } from "./board";
import { readPositions, removePositions, setPositions, type CardPosition } from "./board-positions";
import type { ContributorGroup, OrganizationKind } from "./domain";

/** The longest card one may write: a post-it, not an essay (the document itself takes 2,000). */
export const MAX_CARD_TEXT = 500;
export const MAX_CLUSTER_LABEL = 200;

/**
 * A cluster is drawn as a labelled frame whose cards sit in a grid, in `order`; the frame's own
 * position is stored under the cluster's id, so a card in a cluster needs no position of its own.
 */
export const BOARD_GEOMETRY = {
  cardWidth: 200,
  cardHeight: 120,
  gap: 12,
  framePadding: 16,
  frameHeader: 48,
  frameColumns: 2,
} as const;

const G = BOARD_GEOMETRY;
export const FRAME_WIDTH =
  G.framePadding * 2 + G.frameColumns * G.cardWidth + (G.frameColumns - 1) * G.gap;

export interface FrameSize {
  width: number;
  height: number;
}

/** The size of a cluster frame holding `count` cards (at least one empty row, to drop into). */
export function frameSize(count: number): FrameSize {
  const rows = Math.max(1, Math.ceil(count / G.frameColumns));
  return {
    width: FRAME_WIDTH,
    height: G.frameHeader + rows * G.cardHeight + (rows - 1) * G.gap + G.framePadding,
  };
}

/** Where the `index`-th card of a cluster sits, relative to the frame's top-left corner. */
export function slotInFrame(index: number): CardPosition {
  return {
    x: G.framePadding + (index % G.frameColumns) * (G.cardWidth + G.gap),
    y: G.frameHeader + Math.floor(index / G.frameColumns) * (G.cardHeight + G.gap),
  };
}

/** A fresh board entry id; not crypto.randomUUID, which plain-http pages on a LAN do not have. */
export function newBoardId(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The contributor group a member's organisation speaks for, so every card has a group to colour. */
export function groupOfOrganizationKind(kind: OrganizationKind): ContributorGroup {
  switch (kind) {
    case "school":
      return "school";
    case "social_services":
      return "social_services";
    case "health_authority":
      return "health";
    case "third_sector":
      return "association";
    case "parents_association":
      return "family";
    default:
      return "other";
  }
}

export class BoardOpError extends Error {
  constructor(
    readonly reason:
      | "too_long"
      | "empty"
      | "invalid"
      | "unknown_card"
      | "unknown_cluster"
      | "unknown_objective"
      | "unknown_action"
      | "unknown_item",
  ) {
    super(`board operation refused: ${reason}`);
  }
}

const cardsOf = (doc: Y.Doc) => doc.getMap<unknown>(BOARD_MAPS.cards);
const clustersOf = (doc: Y.Doc) => doc.getMap<unknown>(BOARD_MAPS.clusters);

function cardEntry(doc: Y.Doc, cardId: string): Y.Map<unknown> {
  const entry = cardsOf(doc).get(cardId);
  if (!(entry instanceof Y.Map)) throw new BoardOpError("unknown_card");
  return entry as Y.Map<unknown>;
}

export function cleanText(text: string, max: number): string {
  const clean = text.replace(/[\p{Cc}\p{Cf}]/gu, (c) => (c === "\n" ? c : "")).trim();
  if (clean.length === 0) throw new BoardOpError("empty");
  if (clean.length > max) throw new BoardOpError("too_long");
  return clean;
}

export interface NewCard {
  id: string;
  text: string;
  authorLabel: string;
  group?: string | null;
  inPerson?: boolean;
  /** Free placement (a loose card); ignored when `clusterId` is given. */
  position?: CardPosition;
  clusterId?: string | null;
  createdAt?: number;
}

/** Adds a card, loose at `position` or at the end of a cluster. */
export function addCard(doc: Y.Doc, card: NewCard): void {
  const text = cleanText(card.text, MAX_CARD_TEXT);
  const clusterId = card.clusterId ?? null;
  if (clusterId !== null && !clustersOf(doc).has(clusterId)) {
    throw new BoardOpError("unknown_cluster");
  }
  doc.transact(() => {
    putCard(doc, card.id, {
      text,
      authorLabel: card.authorLabel.slice(0, 80),
      group: card.group ?? null,
      inPerson: card.inPerson,
      createdAt: card.createdAt,
      clusterId,
      order: clusterId === null ? null : nextOrder(doc, clusterId),
    });
    if (clusterId === null && card.position) setPositions(doc, [[card.id, card.position]]);
  });
}

/**
 * Turns the card's words into `next` by deleting and inserting only what differs (the common
 * head and tail are kept), so that two people typing in one card both keep their words.
 */
export function editCardText(doc: Y.Doc, cardId: string, next: string): void {
  if (next.length > MAX_CARD_TEXT) throw new BoardOpError("too_long");
  const entry = cardEntry(doc, cardId);
  doc.transact(() => {
    let text = entry.get("text");
    if (!(text instanceof Y.Text)) {
      // A card written as a plain string (by an API client): becomes a Y.Text from now on.
      text = new Y.Text(typeof text === "string" ? text : "");
      entry.set("text", text);
    }
    applyTextDiff(text as Y.Text, next);
  });
}

/** The smallest delete-then-insert that turns `text` into `next`. */
export function applyTextDiff(text: Y.Text, next: string): void {
  const current = text.toString();
  if (current === next) return;
  let start = 0;
  const shortest = Math.min(current.length, next.length);
  while (start < shortest && current[start] === next[start]) start += 1;
  let end = 0;
  while (
    end < shortest - start &&
    current[current.length - 1 - end] === next[next.length - 1 - end]
  ) {
    end += 1;
  }
  const removed = current.length - start - end;
  if (removed > 0) text.delete(start, removed);
  const inserted = next.slice(start, next.length - end);
  if (inserted) text.insert(start, inserted);
}

export function deleteCard(doc: Y.Doc, cardId: string): void {
  doc.transact(() => {
    cardsOf(doc).delete(cardId);
    removePositions(doc, [cardId]);
  });
}

export function createCluster(
  doc: Y.Doc,
  cluster: { id: string; label: string; position: CardPosition },
): void {
  const label = cleanText(cluster.label, MAX_CLUSTER_LABEL);
  doc.transact(() => {
    const entry = new Y.Map<unknown>();
    entry.set("label", label);
    clustersOf(doc).set(cluster.id, entry);
    setPositions(doc, [[cluster.id, cluster.position]]);
  });
}

export function renameCluster(doc: Y.Doc, clusterId: string, label: string): void {
  const clean = cleanText(label, MAX_CLUSTER_LABEL);
  const clusters = clustersOf(doc);
  const entry = clusters.get(clusterId);
  if (entry === undefined) throw new BoardOpError("unknown_cluster");
  doc.transact(() => {
    if (entry instanceof Y.Map) entry.set("label", clean);
    else {
      const replacement = new Y.Map<unknown>();
      replacement.set("label", clean);
      clusters.set(clusterId, replacement);
    }
  });
}

export interface Member {
  id: string;
  order: number | null;
  createdAt: number;
}

/** Orders cards of one cluster: by `order`, then those without one by when they were written. */
export function byClusterOrder(a: Member, b: Member): number {
  if (a.order !== null && b.order !== null && a.order !== b.order) return a.order - b.order;
  if (a.order !== null && b.order === null) return -1;
  if (a.order === null && b.order !== null) return 1;
  if (a.createdAt !== b.createdAt) return a.createdAt - b.createdAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function numberOr<T>(value: unknown, fallback: T): number | T {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

export function membersOf(doc: Y.Doc, clusterId: string): Member[] {
  const members: Member[] = [];
  for (const [id, entry] of cardsOf(doc).entries()) {
    if (!(entry instanceof Y.Map) || entry.get("clusterId") !== clusterId) continue;
    members.push({
      id,
      order: numberOr(entry.get("order"), null),
      createdAt: numberOr(entry.get("createdAt"), 0),
    });
  }
  return members.sort(byClusterOrder);
}

function nextOrder(doc: Y.Doc, clusterId: string): number {
  let max = -1;
  for (const member of membersOf(doc, clusterId)) max = Math.max(max, member.order ?? max + 1);
  return max + 1;
}

/**
 * Puts cards at the end of a cluster (their own positions are dropped: the frame lays them out),
 * or, with `clusterId` null, makes them loose at `looseAt` (or where the frame showed them).
 */
export function moveCardsToCluster(
  doc: Y.Doc,
  cardIds: readonly string[],
  clusterId: string | null,
  looseAt: ReadonlyMap<string, CardPosition> = new Map(),
): void {
  if (clusterId !== null && !clustersOf(doc).has(clusterId)) {
    throw new BoardOpError("unknown_cluster");
  }
  doc.transact(() => {
    if (clusterId === null) {
      const where = new Map(looseAt);
      for (const id of cardIds) {
        if (!where.has(id)) {
          const shown = shownPosition(doc, id);
          if (shown) where.set(id, shown);
        }
      }
      for (const id of cardIds) {
        const entry = cardEntry(doc, id);
        entry.set("clusterId", null);
        entry.delete("order");
      }
      setPositions(doc, where);
      return;
    }
    let order = nextOrder(doc, clusterId);
    for (const id of cardIds) {
      const entry = cardEntry(doc, id);
      if (entry.get("clusterId") === clusterId) continue;
      entry.set("clusterId", clusterId);
      entry.set("order", order);
      order += 1;
    }
    removePositions(doc, cardIds);
  });
}

/** Where a card is drawn now: its own position, or its slot in its cluster's frame. */
export function shownPosition(doc: Y.Doc, cardId: string): CardPosition | null {
  const entry = cardsOf(doc).get(cardId);
  if (!(entry instanceof Y.Map)) return null;
  const positions = readPositions(doc);
  const clusterId = entry.get("clusterId");
  if (typeof clusterId === "string" && clustersOf(doc).has(clusterId)) {
    const frame = positions.get(clusterId) ?? { x: 0, y: 0 };
    const index = membersOf(doc, clusterId).findIndex((m) => m.id === cardId);
    const slot = slotInFrame(Math.max(0, index));
    return { x: frame.x + slot.x, y: frame.y + slot.y };
  }
  return positions.get(cardId) ?? null;
}

/**
 * Moves a card within its cluster: one place up or down, or just before another card of it.
 * The cluster is renumbered 0…n-1, so orders stay small and distinct.
 */
export function reorderCard(
  doc: Y.Doc,
  cardId: string,
  to: "up" | "down" | { before: string | null },
): boolean {
  const clusterId = cardEntry(doc, cardId).get("clusterId");
  if (typeof clusterId !== "string") return false;
  const ids = membersOf(doc, clusterId).map((m) => m.id);
  const from = ids.indexOf(cardId);
  if (from === -1) return false;
  ids.splice(from, 1);
  let index: number;
  if (to === "up") index = Math.max(0, from - 1);
  else if (to === "down") index = Math.min(ids.length, from + 1);
  else if (to.before === null) index = ids.length;
  else {
    index = ids.indexOf(to.before);
    if (index === -1) index = ids.length;
  }
  if (index === from) return false;
  ids.splice(index, 0, cardId);
  doc.transact(() => {
    ids.forEach((id, order) => {
      const entry = cardEntry(doc, id);
      if (entry.get("order") !== order) entry.set("order", order);
    });
  });
  return true;
}

/** Moves every card of the sources to the end of the target, then deletes the sources. */
export function mergeClusters(doc: Y.Doc, sourceIds: readonly string[], targetId: string): void {
  if (!clustersOf(doc).has(targetId)) throw new BoardOpError("unknown_cluster");
  const sources = sourceIds.filter((id) => id !== targetId && clustersOf(doc).has(id));
  doc.transact(() => {
    const moving = sources.flatMap((id) => membersOf(doc, id).map((m) => m.id));
    moveCardsToCluster(doc, moving, targetId);
    relinkObjectives(doc, new Set(sources), targetId);
    for (const id of sources) clustersOf(doc).delete(id);
    removePositions(doc, sources);
  });
}

/**
 * Objectives that came from merged clusters now come from the cluster they were merged into, so
 * traceability survives the merge (an objective's `clusterIds` is a Y.Array or a plain array).
 */
function relinkObjectives(doc: Y.Doc, merged: ReadonlySet<string>, targetId: string): void {
  for (const objective of doc.getMap<unknown>(BOARD_MAPS.objectives).values()) {
    if (!(objective instanceof Y.Map)) continue;
    const links: unknown = objective.get("clusterIds");
    const ids = links instanceof Y.Array ? links.toArray() : Array.isArray(links) ? links : null;
    if (!ids || !ids.some((id) => typeof id === "string" && merged.has(id))) continue;
    const relinked = [
      ...new Set(ids.map((id) => (typeof id === "string" && merged.has(id) ? targetId : id))),
    ];
    if (links instanceof Y.Array) {
      links.delete(0, links.length);
      links.push(relinked);
    } else objective.set("clusterIds", relinked);
  }
}

/** Deletes a cluster; its cards stay where the frame showed them, as loose cards. */
export function deleteCluster(doc: Y.Doc, clusterId: string): void {
  if (!clustersOf(doc).has(clusterId)) return;
  doc.transact(() => {
    const members = membersOf(doc, clusterId).map((m) => m.id);
    moveCardsToCluster(doc, members, null);
    clustersOf(doc).delete(clusterId);
    removePositions(doc, [clusterId]);
  });
}

/** Free placement of loose cards and cluster frames, in one step. */
export function moveItems(doc: Y.Doc, positions: Iterable<[string, CardPosition]>): void {
  doc.transact(() => setPositions(doc, positions));
}
