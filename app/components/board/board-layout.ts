// Where everything on the board is drawn, from a snapshot and what this viewer may see: frames of
// clusters with their cards in `order`, loose cards at their positions; and which item an arrow
// key leads to. Pure, so the canvas, the list and the keyboard agree.
import { BOARD_GEOMETRY, byClusterOrder, frameSize, slotInFrame } from "../../../core/board-ops";
import { TEMPLATE_GUTTER } from "../../../core/board-templates";
import type { CardPosition } from "../../../core/board-positions";
import type { BoardState, CardView, ClusterView } from "../../collab/use-board-snapshot";

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ShownCard {
  card: CardView;
  rect: Rect;
  /** The cluster it is drawn in (null: loose), checked against the clusters that exist. */
  clusterId: string | null;
  hidden: boolean;
  faceDown: boolean;
  mine: boolean;
}

export interface ShownCluster {
  cluster: ClusterView;
  rect: Rect;
  cards: ShownCard[];
}

export interface BoardLayout {
  clusters: ShownCluster[];
  clusterById: Map<string, ShownCluster>;
  cards: ShownCard[];
  cardById: Map<string, ShownCard>;
  loose: ShownCard[];
  /** Cards not shown to this viewer (hidden by the facilitator). */
  hiddenCount: number;
  faceDownCount: number;
  bounds: Rect | null;
}

export interface Viewer {
  facilitator: boolean;
  hiddenCards: ReadonlySet<string>;
  privateWriting: boolean;
  myCards: ReadonlySet<string>;
}

const { cardWidth, cardHeight, gap } = BOARD_GEOMETRY;
const LOOSE_COLUMNS = 6;

export function layoutBoard(state: BoardState, viewer: Viewer): BoardLayout {
  const members = new Map<string, CardView[]>();
  const loose: CardView[] = [];
  let hiddenCount = 0;
  let faceDownCount = 0;
  for (const card of state.cards.values()) {
    const hidden = viewer.hiddenCards.has(card.id);
    if (hidden) {
      hiddenCount += 1;
      if (!viewer.facilitator) continue;
    }
    if (card.clusterId !== null && state.clusters.has(card.clusterId)) {
      let list = members.get(card.clusterId);
      if (!list) members.set(card.clusterId, (list = []));
      list.push(card);
    } else loose.push(card);
  }

  const shown = (card: CardView, rect: Rect, clusterId: string | null): ShownCard => {
    const mine = viewer.myCards.has(card.id);
    const faceDown = viewer.privateWriting && !mine;
    if (faceDown) faceDownCount += 1;
    return { card, rect, clusterId, hidden: viewer.hiddenCards.has(card.id), faceDown, mine };
  };

  const clusters: ShownCluster[] = [];
  // Reading order (top to bottom, left to right): the list view and Tab follow the wall.
  const far = { x: Infinity, y: Infinity };
  const sortedClusters = [...state.clusters.values()].sort((a, b) => {
    const pa = state.positions.get(a.id) ?? far;
    const pb = state.positions.get(b.id) ?? far;
    if (pa.y !== pb.y) return pa.y < pb.y ? -1 : 1;
    if (pa.x !== pb.x) return pa.x < pb.x ? -1 : 1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  let unplaced = 0;
  for (const cluster of sortedClusters) {
    const cards = (members.get(cluster.id) ?? []).sort(byClusterOrder);
    // A cluster with no position (written by an API client): lined up above the board.
    const at: CardPosition = state.positions.get(cluster.id) ?? {
      x: unplaced++ * (frameSize(0).width + TEMPLATE_GUTTER),
      y: -frameSize(4).height - TEMPLATE_GUTTER,
    };
    const size = frameSize(cards.length);
    clusters.push({
      cluster,
      rect: { x: at.x, y: at.y, ...size },
      cards: cards.map((card, index) => {
        const slot = slotInFrame(index);
        return shown(
          card,
          { x: at.x + slot.x, y: at.y + slot.y, width: cardWidth, height: cardHeight },
          cluster.id,
        );
      }),
    });
  }

  // Loose cards with no position go in a grid under everything else, oldest first.
  let bottom = 0;
  for (const c of clusters) bottom = Math.max(bottom, c.rect.y + c.rect.height);
  for (const card of loose) {
    const at = state.positions.get(card.id);
    if (at) bottom = Math.max(bottom, at.y + cardHeight);
  }
  const looseShown: ShownCard[] = [];
  let next = 0;
  for (const card of loose.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))) {
    let at = state.positions.get(card.id);
    if (!at) {
      at = {
        x: (next % LOOSE_COLUMNS) * (cardWidth + gap),
        y: bottom + 2 * gap + Math.floor(next / LOOSE_COLUMNS) * (cardHeight + gap),
      };
      next += 1;
    }
    looseShown.push(shown(card, { x: at.x, y: at.y, width: cardWidth, height: cardHeight }, null));
  }

  const cards = [...clusters.flatMap((c) => c.cards), ...looseShown];
  const rects = [...clusters.map((c) => c.rect), ...looseShown.map((c) => c.rect)];
  return {
    clusters,
    clusterById: new Map(clusters.map((c) => [c.cluster.id, c])),
    cards,
    cardById: new Map(cards.map((c) => [c.card.id, c])),
    loose: looseShown,
    hiddenCount,
    faceDownCount,
    bounds: rects.length ? unionOf(rects) : null,
  };
}

export function unionOf(rects: Rect[]): Rect {
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const r of rects) {
    left = Math.min(left, r.x);
    top = Math.min(top, r.y);
    right = Math.max(right, r.x + r.width);
    bottom = Math.max(bottom, r.y + r.height);
  }
  return { x: left, y: top, width: right - left, height: bottom - top };
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

export function contains(r: Rect, p: CardPosition): boolean {
  return p.x >= r.x && p.x <= r.x + r.width && p.y >= r.y && p.y <= r.y + r.height;
}

export type Direction = "left" | "right" | "up" | "down";

/**
 * The item an arrow key leads to from `from`: the nearest whose centre lies in that direction,
 * distance along the direction counting less than distance across it (so a row is followed).
 */
export function neighbour(
  items: { id: string; rect: Rect }[],
  from: Rect,
  direction: Direction,
): string | null {
  const cx = from.x + from.width / 2;
  const cy = from.y + from.height / 2;
  let best: string | null = null;
  let bestScore = Infinity;
  for (const item of items) {
    const x = item.rect.x + item.rect.width / 2 - cx;
    const y = item.rect.y + item.rect.height / 2 - cy;
    const along =
      direction === "left" ? -x : direction === "right" ? x : direction === "up" ? -y : y;
    const across = direction === "left" || direction === "right" ? Math.abs(y) : Math.abs(x);
    if (along <= 1) continue;
    const score = along + across * 2;
    if (score < bestScore) {
      bestScore = score;
      best = item.id;
    }
  }
  return best;
}

/** What part of the board the screen shows: board point p is drawn at p × zoom + (x, y). */
export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

export const MIN_ZOOM = 0.1;
export const MAX_ZOOM = 2.5;

export const clampZoom = (zoom: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));

export function toBoard(viewport: Viewport, screen: { x: number; y: number }): CardPosition {
  return { x: (screen.x - viewport.x) / viewport.zoom, y: (screen.y - viewport.y) / viewport.zoom };
}

/** The board rectangle on screen (for culling and for spotlighting "this area"). */
export function visibleRect(viewport: Viewport, size: { width: number; height: number }): Rect {
  const topLeft = toBoard(viewport, { x: 0, y: 0 });
  return {
    x: topLeft.x,
    y: topLeft.y,
    width: size.width / viewport.zoom,
    height: size.height / viewport.zoom,
  };
}

/** Zooms by `factor` keeping the board point under `screen` where it is. */
export function zoomAt(
  viewport: Viewport,
  factor: number,
  screen: { x: number; y: number },
): Viewport {
  const zoom = clampZoom(viewport.zoom * factor);
  const point = toBoard(viewport, screen);
  return { zoom, x: screen.x - point.x * zoom, y: screen.y - point.y * zoom };
}

/** The viewport showing `rect` whole and centred, with a margin, zoomed at most to `maxZoom`. */
export function fitRect(
  rect: Rect,
  size: { width: number; height: number },
  maxZoom = 1,
  margin = 32,
): Viewport {
  const zoom = clampZoom(
    Math.min(
      maxZoom,
      (size.width - 2 * margin) / Math.max(rect.width, 1),
      (size.height - 2 * margin) / Math.max(rect.height, 1),
    ),
  );
  return {
    zoom,
    x: size.width / 2 - (rect.x + rect.width / 2) * zoom,
    y: size.height / 2 - (rect.y + rect.height / 2) * zoom,
  };
}

/** The same zoom, moved so that `rect` is in view (centred on it when it was not). */
export function revealRect(
  viewport: Viewport,
  rect: Rect,
  size: { width: number; height: number },
): Viewport {
  const seen = visibleRect(viewport, size);
  const inside =
    rect.x >= seen.x &&
    rect.y >= seen.y &&
    rect.x + rect.width <= seen.x + seen.width &&
    rect.y + rect.height <= seen.y + seen.height;
  if (inside) return viewport;
  return {
    zoom: viewport.zoom,
    x: size.width / 2 - (rect.x + rect.width / 2) * viewport.zoom,
    y: size.height / 2 - (rect.y + rect.height / 2) * viewport.zoom,
  };
}

/** The frame header: what represents a cluster for the keyboard (its cards are items of their own). */
export function headerRect(frame: Rect): Rect {
  return { x: frame.x, y: frame.y, width: frame.width, height: BOARD_GEOMETRY.frameHeader };
}

/**
 * The free place nearest `near`, there or below, for an item of `size` (a new card, a new frame),
 * so that nothing new lands on a frame it does not belong to; `near` itself if nothing is free.
 */
export function freeSpot(
  layout: BoardLayout,
  near: CardPosition,
  size: { width: number; height: number },
): CardPosition {
  const taken = [...layout.clusters.map((c) => c.rect), ...layout.loose.map((c) => c.rect)];
  const stepX = size.width + gap;
  const stepY = size.height + gap;
  const candidates: CardPosition[] = [];
  for (let i = -6; i <= 6; i += 1) {
    for (let j = 0; j <= 14; j += 1)
      candidates.push({ x: near.x + i * stepX, y: near.y + j * stepY });
  }
  candidates.sort(
    (a, b) => Math.hypot(a.x - near.x, a.y - near.y) - Math.hypot(b.x - near.x, b.y - near.y),
  );
  for (const at of candidates) {
    const rect = { ...at, ...size };
    if (!taken.some((other) => intersects(rect, other))) return at;
  }
  return near;
}
