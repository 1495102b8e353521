// The board as a zoomable surface: cluster frames and cards placed in board coordinates inside
// containers moved by a CSS transform, set straight on the DOM when the viewport moves (no React
// render per pan frame). Only what is near the screen (plus the focused and selected items) is in
// the DOM, culled again only when the view moved past a margin; far out, cards are boxes on one
// canvas (board-lod.ts). Pointer gestures and keys are handled once, on the surface, for every
// item (event delegation), so items can be memoised.
import {
  memo,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type PointerEvent as ReactPointerEvent,
  type ReactNode,
} from "react";
import type { Awareness } from "y-protocols/awareness";
import type { CardPosition } from "../../../core/board-positions";
import type { FedObjective } from "../sensemaking/card-trace";
import { useI18n, type Translate } from "../../i18n/use-i18n";
import {
  contains,
  headerRect,
  intersects,
  neighbour,
  revealRect,
  toBoard,
  unionOf,
  visibleRect,
  zoomAt,
  type BoardLayout,
  type Direction,
  type Rect,
  type ShownCard,
  type ShownCluster,
  type Viewport,
} from "./board-layout";
import { PeerCursors } from "./board-presence";
import { drawCards } from "./board-lod";
import { cardLabel, groupClass, groupName } from "./card-text";
import type { OpenMenu } from "./item-menu";
import type { ViewportStore } from "./viewport-store";

export interface CanvasCommands {
  /** Cards dropped into a cluster (before a card of it, or at its end). */
  dropIntoCluster(cardIds: string[], clusterId: string, before: string | null): void;
  /** Cards and frames placed freely; cards leave their cluster. */
  place(moves: Map<string, CardPosition>, cardIds: string[]): void;
  nudge(itemId: string, dx: number, dy: number): void;
  edit(cardId: string): void;
  openMenu(menu: OpenMenu): void;
}

interface Props {
  layout: BoardLayout;
  viewport: ViewportStore;
  size: { width: number; height: number };
  onSize: (size: { width: number; height: number }) => void;
  selection: ReadonlySet<string>;
  onSelection: (next: Set<string>) => void;
  focusedId: string | null;
  onFocused: (id: string) => void;
  editingId: string | null;
  editor: ReactNode;
  canEdit: boolean;
  spotlightId: string | null;
  spotlightArea: Rect | null;
  dots: Record<string, number> | null;
  /** The objectives each cluster feeds, shown as a badge on its frame. */
  objectives: ReadonlyMap<string, FedObjective[]>;
  awareness: Awareness | null;
  onCursor: (cursor: CardPosition | null) => void;
  commands: CanvasCommands;
}

type Gesture =
  | {
      kind: "pan";
      pointerId: number;
      start: { x: number; y: number };
      last: { x: number; y: number };
    }
  | { kind: "pinch" }
  | { kind: "lasso"; pointerId: number; start: CardPosition; end: CardPosition }
  | {
      kind: "drag";
      pointerId: number;
      item: "card" | "frame";
      itemId: string;
      ids: string[];
      start: CardPosition;
      dx: number;
      dy: number;
      moved: boolean;
      shift: boolean;
    };

const DRAG_THRESHOLD = 4;
const NUDGE = 20;
/** Screen pixels drawn beyond each edge; the DOM is culled again after half of it is panned. */
const CULL_MARGIN = 400;
/** Below this zoom cards show only their group colour: their words would be unreadable anyway. */
const SIMPLE_ZOOM = 0.35;

const DIRECTIONS: Record<string, Direction> = {
  ArrowLeft: "left",
  ArrowRight: "right",
  ArrowUp: "up",
  ArrowDown: "down",
};

export function BoardCanvas(props: Props) {
  const { t } = useI18n();
  const { layout, size, selection, focusedId, commands } = props;
  const store = props.viewport;
  const onViewport = store.set;
  const surface = useRef<HTMLDivElement>(null);
  const frameLayer = useRef<HTMLDivElement>(null);
  const itemLayer = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  // The viewport the DOM was last culled for; the live one is in the store.
  const [culledFor, setCulledFor] = useState<Viewport>(store.get);
  const [gesture, setGesture] = useState<Gesture | null>(null);
  const gestureRef = useRef<Gesture | null>(null);
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const pinch = useRef<{ distance: number } | null>(null);
  const wantFocus = useRef(false);
  const setGestureBoth = (next: Gesture | null) => {
    gestureRef.current = next;
    setGesture(next);
  };

  // The surface's size, for culling, fitting and centring.
  const onSize = props.onSize;
  useLayoutEffect(() => {
    const element = surface.current;
    if (!element) return;
    const observer = new ResizeObserver(() =>
      onSize({ width: element.clientWidth, height: element.clientHeight }),
    );
    observer.observe(element);
    onSize({ width: element.clientWidth, height: element.clientHeight });
    return () => observer.disconnect();
  }, [onSize]);

  // Wheel: pan; with Ctrl (and a trackpad's pinch, which arrives so) zoom at the pointer.
  useEffect(() => {
    const element = surface.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      if ((event.target as Element).closest(".card-editor, .board-menu")) return;
      event.preventDefault();
      const box = element.getBoundingClientRect();
      const at = { x: event.clientX - box.left, y: event.clientY - box.top };
      if (event.ctrlKey || event.metaKey) {
        onViewport((v) => zoomAt(v, Math.exp(-event.deltaY * 0.01), at));
      } else {
        onViewport((v) => ({ ...v, x: v.x - event.deltaX, y: v.y - event.deltaY }));
      }
    };
    element.addEventListener("wheel", onWheel, { passive: false });
    return () => element.removeEventListener("wheel", onWheel);
  }, [onViewport]);

  // Drawn oldest first, whatever cluster they are in: moving a card keeps its DOM node in place
  // (a moved node would lose the keyboard focus).
  const drawOrder = useMemo(
    () =>
      [...layout.cards].sort(
        (a, b) => a.card.createdAt - b.card.createdAt || (a.card.id < b.card.id ? -1 : 1),
      ),
    [layout],
  );

  /** The item under the pointer: an element, or a card drawn on the canvas. */
  const itemAt = (
    target: Element,
    at: CardPosition,
  ): { itemId: string; kind: "card" | "frame" } | null => {
    const element = target.closest<HTMLElement>("[data-item-id]");
    if (element) {
      return {
        itemId: element.dataset.itemId!,
        kind: element.dataset.item === "frame" ? "frame" : "card",
      };
    }
    if (store.get().zoom >= SIMPLE_ZOOM) return null;
    for (let i = drawOrder.length - 1; i >= 0; i -= 1) {
      const shown = drawOrder[i]!;
      if (contains(shown.rect, at)) return { itemId: shown.card.id, kind: "card" };
    }
    return null;
  };

  const navItems = useMemo(
    () => [
      ...layout.clusters.map((c) => ({ id: c.cluster.id, rect: headerRect(c.rect) })),
      ...layout.cards.map((c) => ({ id: c.card.id, rect: c.rect })),
    ],
    [layout],
  );
  const rectOf = (id: string): Rect | null => {
    const card = layout.cardById.get(id);
    if (card) return card.rect;
    const cluster = layout.clusterById.get(id);
    return cluster ? headerRect(cluster.rect) : null;
  };
  const tabStop =
    focusedId && (layout.cardById.has(focusedId) || layout.clusterById.has(focusedId))
      ? focusedId
      : (navItems[0]?.id ?? null);

  // Moving focus with the keyboard: focus the item once it is rendered, without native scrolling.
  useEffect(() => {
    if (!wantFocus.current || !focusedId) return;
    const element = surface.current?.querySelector<HTMLElement>(
      `[data-item-id="${CSS.escape(focusedId)}"]`,
    );
    if (element) {
      wantFocus.current = false;
      element.focus({ preventScroll: true });
    }
  });

  const focusItem = (id: string) => {
    wantFocus.current = true;
    props.onFocused(id);
    const rect = rectOf(id);
    if (rect) onViewport((v) => revealRect(v, rect, size));
  };

  // ---- Pointer gestures ------------------------------------------------------------------------

  const local = (event: { clientX: number; clientY: number }) => {
    const box = surface.current!.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  };

  const onPointerDown = (event: ReactPointerEvent<HTMLDivElement>) => {
    const target = event.target as Element;
    if (target.closest(".card-editor, .board-menu, .board-zoom")) return;
    if (event.button !== 0 && event.pointerType === "mouse") return;
    const screen = local(event);
    const at = toBoard(store.get(), screen);
    const item = itemAt(target, at);
    surface.current!.setPointerCapture(event.pointerId);

    if (item) {
      const { itemId, kind } = item;
      const grouped = selection.has(itemId) && selection.size > 1;
      const ids = grouped
        ? [...selection].filter((id) =>
            kind === "card"
              ? layout.cardById.has(id)
              : layout.clusterById.has(id) || layout.loose.some((c) => c.card.id === id),
          )
        : [itemId];
      setGestureBoth({
        kind: "drag",
        pointerId: event.pointerId,
        item: kind,
        itemId,
        ids,
        start: at,
        dx: 0,
        dy: 0,
        moved: false,
        shift: event.shiftKey,
      });
      return;
    }
    pointers.current.set(event.pointerId, screen);
    if (pointers.current.size === 2) {
      const [a, b] = [...pointers.current.values()];
      pinch.current = { distance: Math.hypot(a!.x - b!.x, a!.y - b!.y) };
      setGestureBoth({ kind: "pinch" });
      return;
    }
    if (event.shiftKey) {
      setGestureBoth({ kind: "lasso", pointerId: event.pointerId, start: at, end: at });
    } else {
      setGestureBoth({ kind: "pan", pointerId: event.pointerId, start: screen, last: screen });
    }
  };

  const onPointerMove = (event: ReactPointerEvent<HTMLDivElement>) => {
    const screen = local(event);
    const viewport = store.get();
    const at = toBoard(viewport, screen);
    props.onCursor(at);
    const current = gestureRef.current;
    if (!current) return;
    if (current.kind === "pinch") {
      pointers.current.set(event.pointerId, screen);
      const [a, b] = [...pointers.current.values()];
      if (!a || !b || !pinch.current) return;
      const distance = Math.hypot(a.x - b.x, a.y - b.y);
      const factor = distance / Math.max(1, pinch.current.distance);
      pinch.current.distance = distance;
      onViewport((v) => zoomAt(v, factor, { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 }));
      return;
    }
    if (current.pointerId !== event.pointerId) return;
    if (current.kind === "pan") {
      const dx = screen.x - current.last.x;
      const dy = screen.y - current.last.y;
      onViewport((v) => ({ ...v, x: v.x + dx, y: v.y + dy }));
      // No render for a pan step: the store moves the layers.
      gestureRef.current = { ...current, last: screen };
    } else if (current.kind === "lasso") {
      setGestureBoth({ ...current, end: at });
    } else if (current.kind === "drag") {
      const dx = at.x - current.start.x;
      const dy = at.y - current.start.y;
      const moved = current.moved || Math.hypot(dx, dy) * viewport.zoom > DRAG_THRESHOLD;
      if (moved && !props.canEdit) return;
      setGestureBoth({ ...current, dx, dy, moved });
    }
  };

  const finishDrag = (drag: Extract<Gesture, { kind: "drag" }>, at: CardPosition) => {
    if (!drag.moved) {
      // A click: select (Shift adds), a second click on a lone selected card edits it.
      if (drag.shift) {
        const next = new Set(selection);
        if (next.has(drag.itemId)) next.delete(drag.itemId);
        else next.add(drag.itemId);
        props.onSelection(next);
      } else if (
        drag.item === "card" &&
        selection.size === 1 &&
        selection.has(drag.itemId) &&
        props.canEdit &&
        !layout.cardById.get(drag.itemId)?.faceDown
      ) {
        commands.edit(drag.itemId);
      } else {
        props.onSelection(new Set([drag.itemId]));
      }
      props.onFocused(drag.itemId);
      return;
    }
    if (drag.item === "card") {
      const target = layout.clusters.find((c) => contains(c.rect, at));
      if (target) {
        const under = target.cards.find(
          (c) => contains(c.rect, at) && !drag.ids.includes(c.card.id),
        );
        commands.dropIntoCluster(drag.ids, target.cluster.id, under?.card.id ?? null);
        return;
      }
      const moves = new Map<string, CardPosition>();
      for (const id of drag.ids) {
        const rect = layout.cardById.get(id)?.rect;
        if (rect) moves.set(id, { x: rect.x + drag.dx, y: rect.y + drag.dy });
      }
      commands.place(moves, drag.ids);
      return;
    }
    const moves = new Map<string, CardPosition>();
    for (const id of drag.ids) {
      const rect = layout.clusterById.get(id)?.rect ?? layout.cardById.get(id)?.rect;
      if (rect) moves.set(id, { x: rect.x + drag.dx, y: rect.y + drag.dy });
    }
    commands.place(moves, []);
  };

  const onPointerUp = (event: ReactPointerEvent<HTMLDivElement>) => {
    const current = gestureRef.current;
    pointers.current.delete(event.pointerId);
    if (surface.current?.hasPointerCapture(event.pointerId)) {
      surface.current.releasePointerCapture(event.pointerId);
    }
    if (!current) return;
    if (current.kind === "pinch") {
      if (pointers.current.size < 2) {
        pinch.current = null;
        pointers.current.clear();
        setGestureBoth(null);
      }
      return;
    }
    if (current.pointerId !== event.pointerId) return;
    setGestureBoth(null);
    const at = toBoard(store.get(), local(event));
    if (current.kind === "drag") finishDrag(current, at);
    else if (current.kind === "lasso") {
      const area = unionOf([
        { ...current.start, width: 0, height: 0 },
        { ...current.end, width: 0, height: 0 },
      ]);
      const next = new Set(selection);
      for (const c of layout.cards) if (intersects(area, c.rect)) next.add(c.card.id);
      for (const c of layout.clusters)
        if (intersects(area, headerRect(c.rect))) next.add(c.cluster.id);
      props.onSelection(next);
    } else if (current.kind === "pan") {
      // A click on the background (a pan that went nowhere) clears the selection.
      const end = local(event);
      const still = Math.hypot(end.x - current.start.x, end.y - current.start.y) < DRAG_THRESHOLD;
      if (still && selection.size > 0) props.onSelection(new Set());
    }
  };

  const onDoubleClick = (event: React.MouseEvent) => {
    const item = itemAt(event.target as Element, toBoard(store.get(), local(event)));
    if (item?.kind !== "card" || !props.canEdit) return;
    if (!layout.cardById.get(item.itemId)?.faceDown) commands.edit(item.itemId);
  };

  // ---- Keyboard ---------------------------------------------------------------------------------

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const item = (event.target as Element).closest<HTMLElement>("[data-item-id]");
    if (!item || (event.target as Element).closest(".card-editor, .board-menu")) return;
    const id = item.dataset.itemId!;
    const direction = DIRECTIONS[event.key];
    if (direction && event.altKey) {
      if (!props.canEdit) return;
      event.preventDefault();
      const step = {
        left: [-NUDGE, 0],
        right: [NUDGE, 0],
        up: [0, -NUDGE],
        down: [0, NUDGE],
      }[direction];
      commands.nudge(id, step[0]!, step[1]!);
      return;
    }
    if (direction) {
      event.preventDefault();
      const from = rectOf(id);
      if (!from) return;
      const next = neighbour(
        navItems.filter((n) => n.id !== id),
        from,
        direction,
      );
      if (next) focusItem(next);
      return;
    }
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      const box = item.getBoundingClientRect();
      commands.openMenu({
        itemId: id,
        kind: item.dataset.item === "frame" ? "cluster" : "card",
        anchor: { left: box.left, top: box.top, bottom: box.bottom },
      });
      return;
    }
    if (event.key === "Escape" && selection.size > 0) {
      event.preventDefault();
      props.onSelection(new Set());
    }
  };

  const onFocus = (event: React.FocusEvent) => {
    const item = (event.target as Element).closest<HTMLElement>("[data-item-id]");
    if (!item) return;
    const id = item.dataset.itemId!;
    if (id !== focusedId) props.onFocused(id);
    const rect = rectOf(id);
    if (rect) onViewport((v) => revealRect(v, rect, size));
  };

  // ---- What to draw -----------------------------------------------------------------------------

  const viewport = culledFor;
  const culled = grown(visibleRect(viewport, size), CULL_MARGIN / viewport.zoom);
  const drag = gesture?.kind === "drag" && gesture.moved ? gesture : null;
  const draggedFrames = new Set(drag?.item === "frame" ? drag.ids : []);
  const draggedCards = new Set(drag?.item === "card" ? drag.ids : []);
  if (drag?.item === "frame") {
    for (const id of drag.ids) draggedCards.add(id);
    for (const id of drag.ids)
      for (const c of layout.clusterById.get(id)?.cards ?? []) draggedCards.add(c.card.id);
  }
  const always = (id: string) =>
    id === tabStop ||
    selection.has(id) ||
    id === props.editingId ||
    id === props.spotlightId ||
    draggedCards.has(id) ||
    draggedFrames.has(id);
  const frames = layout.clusters.filter((c) => always(c.cluster.id) || intersects(culled, c.rect));
  // Far out, cards are drawn on the canvas and only those that need an element are in the DOM.
  const simple = viewport.zoom < SIMPLE_ZOOM;
  const cards = drawOrder.filter(
    (c) => always(c.card.id) || (!simple && intersects(culled, c.rect)),
  );
  const inDom = new Set(cards.map((c) => c.card.id));

  // Moves the layers to the live viewport, draws the canvas, and culls again when the view left
  // what the DOM holds. Runs after every render and once per frame while the viewport moves.
  const paint = () => {
    const live = store.get();
    const transform = `translate(${live.x}px, ${live.y}px) scale(${live.zoom})`;
    for (const layer of [frameLayer.current, itemLayer.current]) {
      if (layer) layer.style.transform = transform;
    }
    const lod = canvas.current;
    if (lod) {
      if (live.zoom < SIMPLE_ZOOM) {
        lod.hidden = false;
        drawCards(lod, drawOrder, inDom, live, visibleRect(live, size), size);
      } else if (!lod.hidden) lod.hidden = true;
    }
    const moved = Math.max(Math.abs(live.x - culledFor.x), Math.abs(live.y - culledFor.y));
    if (live.zoom !== culledFor.zoom || moved > CULL_MARGIN / 2) setCulledFor(live);
  };
  const paintRef = useRef(paint);
  paintRef.current = paint;
  useLayoutEffect(() => paintRef.current());
  useEffect(() => {
    let frame: number | null = null;
    const unsubscribe = store.subscribe(() => {
      frame ??= requestAnimationFrame(() => {
        frame = null;
        paintRef.current();
      });
    });
    return () => {
      unsubscribe();
      if (frame !== null) cancelAnimationFrame(frame);
    };
  }, [store]);
  const lasso =
    gesture?.kind === "lasso"
      ? unionOf([
          { ...gesture.start, width: 0, height: 0 },
          { ...gesture.end, width: 0, height: 0 },
        ])
      : null;
  const dropTarget =
    drag?.item === "card"
      ? layout.clusters.find((c) =>
          contains(c.rect, {
            x: drag.start.x + drag.dx,
            y: drag.start.y + drag.dy,
          }),
        )?.cluster.id
      : undefined;

  return (
    <div
      ref={surface}
      className={`board-surface${gesture?.kind === "pan" ? " board-surface--panning" : ""}`}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onPointerLeave={() => props.onCursor(null)}
      onDoubleClick={onDoubleClick}
      onKeyDown={onKeyDown}
      onFocus={onFocus}
      onScroll={(event) => {
        // Focusing an item at the edge scrolls even a clipped box: pan instead, never scroll.
        event.currentTarget.scrollTop = 0;
        event.currentTarget.scrollLeft = 0;
      }}
    >
      <div ref={frameLayer} className="board-world">
        {frames.map((frame) => (
          <FrameBox
            key={frame.cluster.id}
            frame={frame}
            t={t}
            tabIndex={frame.cluster.id === tabStop ? 0 : -1}
            selected={selection.has(frame.cluster.id)}
            spotlit={props.spotlightId === frame.cluster.id}
            dropTarget={dropTarget === frame.cluster.id}
            dots={props.dots?.[frame.cluster.id]}
            objectives={props.objectives.get(frame.cluster.id)}
            dx={draggedFrames.has(frame.cluster.id) ? drag!.dx : 0}
            dy={draggedFrames.has(frame.cluster.id) ? drag!.dy : 0}
          />
        ))}
        {props.spotlightArea && (
          <div
            className="board-spotlight-area"
            aria-hidden="true"
            style={{
              transform: `translate(${props.spotlightArea.x}px, ${props.spotlightArea.y}px)`,
              width: props.spotlightArea.width,
              height: props.spotlightArea.height,
            }}
          />
        )}
      </div>
      <canvas ref={canvas} className="board-lod" aria-hidden="true" hidden />
      <div ref={itemLayer} className="board-world">
        {cards.map((shown) =>
          shown.card.id === props.editingId ? (
            <div
              key={shown.card.id}
              className="board-card board-card--editing"
              style={{ transform: `translate(${shown.rect.x}px, ${shown.rect.y}px)` }}
            >
              {props.editor}
            </div>
          ) : (
            <CardBox
              key={shown.card.id}
              shown={shown}
              t={t}
              simple={simple}
              tabIndex={shown.card.id === tabStop ? 0 : -1}
              selected={selection.has(shown.card.id)}
              spotlit={props.spotlightId === shown.card.id}
              dragging={draggedCards.has(shown.card.id)}
              dx={draggedCards.has(shown.card.id) ? drag!.dx : 0}
              dy={draggedCards.has(shown.card.id) ? drag!.dy : 0}
            />
          ),
        )}
        {lasso && (
          <div
            className="board-lasso"
            aria-hidden="true"
            style={{
              transform: `translate(${lasso.x}px, ${lasso.y}px)`,
              width: lasso.width,
              height: lasso.height,
            }}
          />
        )}
        <PeerCursors awareness={props.awareness} zoom={viewport.zoom} />
      </div>
    </div>
  );
}

const grown = (r: Rect, by: number): Rect => ({
  x: r.x - by,
  y: r.y - by,
  width: r.width + 2 * by,
  height: r.height + 2 * by,
});

const sameRect = (a: Rect, b: Rect) =>
  a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;

/** Layout objects are rebuilt on every change; an item redraws only if what it shows changed. */
function sameFrameProps(a: FrameProps, b: FrameProps): boolean {
  return (
    a.frame.cluster === b.frame.cluster &&
    a.frame.cards.length === b.frame.cards.length &&
    sameRect(a.frame.rect, b.frame.rect) &&
    a.t === b.t &&
    a.tabIndex === b.tabIndex &&
    a.selected === b.selected &&
    a.spotlit === b.spotlit &&
    a.dropTarget === b.dropTarget &&
    a.dots === b.dots &&
    sameObjectives(a.objectives, b.objectives) &&
    a.dx === b.dx &&
    a.dy === b.dy
  );
}

function sameObjectives(a: FedObjective[] | undefined, b: FedObjective[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every((o, i) => o.id === b[i]!.id && o.title === b[i]!.title);
}

function sameCardProps(a: CardProps, b: CardProps): boolean {
  return (
    a.shown.card === b.shown.card &&
    sameRect(a.shown.rect, b.shown.rect) &&
    a.shown.faceDown === b.shown.faceDown &&
    a.shown.hidden === b.shown.hidden &&
    a.t === b.t &&
    a.simple === b.simple &&
    a.tabIndex === b.tabIndex &&
    a.selected === b.selected &&
    a.spotlit === b.spotlit &&
    a.dragging === b.dragging &&
    a.dx === b.dx &&
    a.dy === b.dy
  );
}

interface FrameProps {
  frame: ShownCluster;
  t: Translate;
  tabIndex: number;
  selected: boolean;
  spotlit: boolean;
  dropTarget: boolean;
  dots: number | undefined;
  objectives: FedObjective[] | undefined;
  dx: number;
  dy: number;
}

interface CardProps {
  shown: ShownCard;
  t: Translate;
  simple: boolean;
  tabIndex: number;
  selected: boolean;
  spotlit: boolean;
  dragging: boolean;
  dx: number;
  dy: number;
}

const FrameBox = memo(function FrameBox({
  frame,
  t,
  tabIndex,
  selected,
  spotlit,
  dropTarget,
  dots,
  objectives,
  dx,
  dy,
}: FrameProps) {
  const { cluster, rect, cards } = frame;
  const classes = ["board-frame"];
  if (selected) classes.push("is-selected");
  if (spotlit) classes.push("is-spotlit");
  if (dropTarget) classes.push("is-drop-target");
  return (
    <div
      className={classes.join(" ")}
      style={{
        transform: `translate(${rect.x + dx}px, ${rect.y + dy}px)`,
        width: rect.width,
        height: rect.height,
      }}
    >
      <div
        className="board-frame__header"
        data-item-id={cluster.id}
        data-item="frame"
        role="button"
        aria-haspopup="menu"
        aria-pressed={selected}
        aria-label={frameLabel(t, cluster.label, cards.length, objectives)}
        tabIndex={tabIndex}
      >
        <span className="board-frame__label">{cluster.label}</span>
        {objectives && objectives.length > 0 && (
          <span
            className="board-frame__objective"
            aria-hidden="true"
            title={objectives.map((o) => o.title).join("\n")}
          >
            ◎ {objectives[0]!.title}
            {objectives.length > 1 ? ` +${objectives.length - 1}` : ""}
          </span>
        )}
        <span className="board-frame__count" aria-hidden="true">
          {cards.length}
        </span>
        {dots !== undefined && (
          <span className="board-frame__dots" aria-hidden="true">
            ● {dots}
          </span>
        )}
      </div>
    </div>
  );
}, sameFrameProps);

/** A frame's name for assistive technology: its label, its cards, the objectives it feeds. */
function frameLabel(
  t: Translate,
  label: string,
  count: number,
  objectives: FedObjective[] | undefined,
): string {
  const base = t("board.cluster_label", { label, count });
  if (!objectives || objectives.length === 0) return base;
  const titles = objectives.map((o) => t("board.quote", { text: o.title })).join(", ");
  return `${base}, ${t("board.trace.frame_feeds", { objectives: titles })}`;
}

const CardBox = memo(function CardBox({
  shown,
  t,
  simple,
  tabIndex,
  selected,
  spotlit,
  dragging,
  dx,
  dy,
}: CardProps) {
  const { card, rect, faceDown, hidden } = shown;
  const classes = ["board-card", groupClass(card.group)];
  if (selected) classes.push("is-selected");
  if (spotlit) classes.push("is-spotlit");
  if (dragging) classes.push("is-dragging");
  if (hidden) classes.push("is-hidden");
  if (faceDown) classes.push("is-face-down");
  return (
    <div
      className={classes.join(" ")}
      data-item-id={card.id}
      data-item="card"
      role="button"
      aria-haspopup="menu"
      aria-pressed={selected}
      aria-label={cardLabel(t, shown)}
      tabIndex={tabIndex}
      style={{ transform: `translate(${rect.x + dx}px, ${rect.y + dy}px)` }}
    >
      {!simple && (
        <>
          <span className="board-card__group">{faceDown ? "" : groupName(t, card.group)}</span>
          <span className="board-card__text">
            {faceDown ? t("board.card_face_down") : card.text}
          </span>
          <span className="board-card__author">
            {faceDown
              ? ""
              : `${card.authorLabel || t("board.anonymous")}${card.inPerson ? ` · ${t("board.in_person")}` : ""}`}
            {hidden ? ` · ${t("board.menu.hide")}` : ""}
          </span>
        </>
      )}
    </div>
  );
}, sameCardProps);
