// The live board of a meeting: its document and live state joined into what this viewer may see and
// do, with the toolbar, the canvas or the list, the actions menus, undo and the announcements; and
// sensemaking (issue 5): suggested clusters beside the board, clusters promoted to objectives.
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { Link } from "@remix-run/react";
import * as Y from "yjs";
import { BOARD_MAPS, BOARD_POSITIONS, readBoard } from "../../../core/board";
import {
  BoardOpError,
  MAX_CARD_TEXT,
  addCard,
  createCluster,
  deleteCard,
  deleteCluster,
  mergeClusters,
  moveCardsToCluster,
  moveItems,
  newBoardId,
  renameCluster,
  reorderCard,
  BOARD_GEOMETRY,
  frameSize,
} from "../../../core/board-ops";
import {
  BOARD_TEMPLATES,
  BOARD_TEMPLATE_KEYS,
  applyTemplate,
  type BoardTemplateKey,
} from "../../../core/board-templates";
import type { CardPosition } from "../../../core/board-positions";
import type { PolicyArea } from "../../../core/policy-areas";
import {
  applyClusterSuggestions,
  createObjective,
  type AcceptedCluster,
} from "../../../core/sensemaking";
import { capabilitiesOf, type LiveCommand, type Spotlight } from "../../../core/live";
import type { MessageKey } from "../../../core/i18n";
import { useBoardDoc } from "../../collab/use-board-doc";
import { useBoardObjectives } from "../../collab/use-board-objectives";
import { useBoardSnapshot } from "../../collab/use-board-snapshot";
import { useLive } from "../../collab/use-live";
import { useI18n } from "../../i18n/use-i18n";
import { DotVotePanel } from "../live/dot-vote-panel";
import { LiveBar } from "../live/live-bar";
import { objectivesByCluster, whereItWent } from "../sensemaking/card-trace";
import { PromoteDialog, type PromoteInput } from "../sensemaking/promote-dialog";
import { SuggestionsPanel, type CandidateCard } from "../sensemaking/suggestions-panel";
import { BoardCanvas, type CanvasCommands } from "./board-canvas";
import {
  fitRect,
  freeSpot,
  layoutBoard,
  visibleRect,
  zoomAt,
  type BoardLayout,
  type Rect,
} from "./board-layout";
import { BoardList } from "./board-list";
import { PresenceAvatars, useLocalPresence } from "./board-presence";
import { CardEditor } from "./card-editor";
import { excerpt } from "./card-text";
import { ItemMenu, type MenuEntry, type OpenMenu } from "./item-menu";
import { ViewportStore, useZoom } from "./viewport-store";

export interface BoardScreenProps {
  meetingId: string;
  facilitator: boolean;
  /** May write on boards at all (observers may not). */
  canWrite: boolean;
  me: { name: string; group: string | null };
  /** The tavolo's taxonomy that objectives are filed under. */
  policyAreas: readonly PolicyArea[];
}

/** Cards written on this device, so private writing shows them face up to their author. */
function useMyCards(meetingId: string) {
  const key = `tavolo:mycards:${meetingId}`;
  const [mine, setMine] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    try {
      const stored: unknown = JSON.parse(localStorage.getItem(key) ?? "[]");
      if (Array.isArray(stored)) setMine(new Set(stored.filter((v) => typeof v === "string")));
    } catch {
      // A broken entry is as good as none.
    }
  }, [key]);
  const add = useCallback(
    (id: string) =>
      setMine((current) => {
        const next = new Set(current).add(id);
        try {
          localStorage.setItem(key, JSON.stringify([...next].slice(-5_000)));
        } catch {
          // Storage full or refused: the card is still mine for this visit.
        }
        return next;
      }),
    [key],
  );
  return [mine, add] as const;
}

function spotlightRect(spotlight: Spotlight, layout: BoardLayout): Rect | null {
  if (spotlight.kind === "area") return spotlight.area;
  if (spotlight.kind === "card") return layout.cardById.get(spotlight.id)?.rect ?? null;
  if (spotlight.kind === "cluster") return layout.clusterById.get(spotlight.id)?.rect ?? null;
  return null;
}

type Form = { kind: "cluster" } | { kind: "rename"; clusterId: string; label: string };

/** Clusters on their way to becoming an objective, and where the focus goes back afterwards. */
interface Promotion {
  clusterIds: string[];
  returnTo: string | null;
}

const SUGGESTIONS_PANEL = "board-suggestions";
const SUGGEST_BUTTON = "board-suggest-toggle";

export function BoardScreen({
  meetingId,
  facilitator,
  canWrite,
  me,
  policyAreas,
}: BoardScreenProps) {
  const { t, formatNumber } = useI18n();
  const board = useBoardDoc(meetingId);
  const live = useLive(meetingId);
  const doc = board?.doc ?? null;
  const snapshot = useBoardSnapshot(doc);
  const [myCards, addMine] = useMyCards(meetingId);
  const [view, setView] = useState<"board" | "list">("board");
  // Not React state: a pan must not render the whole screen (viewport-store.ts).
  const [viewport] = useState(() => new ViewportStore({ x: 24, y: 24, zoom: 1 }));
  const [size, setSize] = useState({ width: 800, height: 600 });
  const [selection, setSelection] = useState<Set<string>>(new Set());
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [menu, setMenu] = useState<OpenMenu | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [announcement, setAnnouncement] = useState({ text: "", n: 0 });
  const [follow, setFollow] = useState(true);
  const [ready, setReady] = useState(false);
  const [draft, setDraft] = useState("");
  const [draftError, setDraftError] = useState<string | null>(null);
  const [suggesting, setSuggesting] = useState(false);
  const [promotion, setPromotion] = useState<Promotion | null>(null);
  const objectives = useBoardObjectives(doc);
  const fitted = useRef(false);
  const setCursor = useLocalPresence(board?.provider.awareness ?? null, me.name);

  // Phones start on the list: a canvas of post-its is no place for a thumb.
  useEffect(() => {
    if (window.matchMedia("(max-width: 700px)").matches) setView("list");
  }, []);

  const announce = useCallback(
    (text: string) => setAnnouncement((current) => ({ text, n: current.n + 1 })),
    [],
  );

  // ---- What this viewer may do ----------------------------------------------------------------

  const liveState = live.state;
  const closed = liveState?.status === "closed";
  let canAdd = false;
  let canEdit = false;
  const reasons: MessageKey[] = [];
  if (!canWrite) reasons.push("board.readonly.observer");
  else if (facilitator) {
    canAdd = canEdit = !closed;
    if (closed) reasons.push("board.readonly.closed");
  } else if (liveState) {
    const caps = capabilitiesOf(liveState);
    canAdd = caps.writing;
    canEdit = caps.editing;
    if (closed) reasons.push("board.readonly.closed");
    else if (liveState.status !== "live") reasons.push("board.readonly.not_live");
    else if (liveState.boardLocked) reasons.push("board.readonly.locked");
    else {
      if (!canAdd) reasons.push("board.readonly.writing_closed");
      if (!canEdit) reasons.push("board.readonly.editing_closed");
    }
  }

  const hiddenKey = liveState?.hiddenCards.join(",") ?? "";
  const viewer = useMemo(
    () => ({
      facilitator,
      hiddenCards: new Set(hiddenKey ? hiddenKey.split(",") : []),
      privateWriting: liveState?.privateWriting ?? false,
      myCards,
    }),
    [facilitator, hiddenKey, liveState?.privateWriting, myCards],
  );
  const layout = useMemo(
    () => (snapshot ? layoutBoard(snapshot, viewer) : null),
    [snapshot, viewer],
  );
  const synced = board?.synced ?? false;

  // The benchmark and the tests wait for this: first sync done and its first frame drawn.
  useEffect(() => {
    if (ready || !synced || !layout) return;
    const frame = requestAnimationFrame(() => setReady(true));
    return () => cancelAnimationFrame(frame);
  }, [ready, synced, layout]);

  // Show the whole board once, when it first arrives.
  useEffect(() => {
    if (fitted.current || !synced || !layout) return;
    fitted.current = true;
    if (layout.bounds) viewport.set(fitRect(layout.bounds, size));
  }, [synced, layout, size, viewport]);

  // Show the whole board again once a change placed new frames beside it (applied suggestions):
  // at the first snapshot newer than the one the change was made on.
  const refitAfter = useRef<number | null>(null);
  useEffect(() => {
    if (refitAfter.current === null || !snapshot || !layout) return;
    if (snapshot.version <= refitAfter.current) return;
    refitAfter.current = null;
    if (layout.bounds) viewport.set(fitRect(layout.bounds, size));
  }, [snapshot, layout, size, viewport]);

  // ---- Undo of one's own changes ----------------------------------------------------------------

  const [undoManager, setUndoManager] = useState<Y.UndoManager | null>(null);
  const [undoState, setUndoState] = useState({ undo: false, redo: false });
  useEffect(() => {
    if (!doc) return;
    // Remote updates arrive with the provider as origin: only local transactions are tracked.
    // Objectives and actions too, so that applying suggestions or promoting a cluster undoes.
    const manager = new Y.UndoManager(
      [
        doc.getMap(BOARD_MAPS.cards),
        doc.getMap(BOARD_MAPS.clusters),
        doc.getMap(BOARD_MAPS.objectives),
        doc.getMap(BOARD_MAPS.actions),
        doc.getArray(BOARD_POSITIONS),
      ],
      { captureTimeout: 500 },
    );
    const update = () =>
      setUndoState({ undo: manager.undoStack.length > 0, redo: manager.redoStack.length > 0 });
    manager.on("stack-item-added", update);
    manager.on("stack-item-popped", update);
    manager.on("stack-cleared", update);
    setUndoManager(manager);
    return () => manager.destroy();
  }, [doc]);
  const mayChange = canAdd || canEdit;
  const undo = useCallback(() => {
    if (!undoManager || !mayChange || undoManager.undoStack.length === 0) return;
    undoManager.undo();
    announce(t("board.announce.undone"));
  }, [undoManager, mayChange, announce, t]);
  const redo = useCallback(() => {
    if (!undoManager || !mayChange || undoManager.redoStack.length === 0) return;
    undoManager.redo();
    announce(t("board.announce.redone"));
  }, [undoManager, mayChange, announce, t]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (target.closest("input, textarea, select, [contenteditable]")) return;
      if (!(event.ctrlKey || event.metaKey)) return;
      const key = event.key.toLowerCase();
      if (key === "z" && !event.shiftKey) undo();
      else if ((key === "z" && event.shiftKey) || key === "y") redo();
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [undo, redo]);

  // ---- Spotlight --------------------------------------------------------------------------------

  const spotlight: Spotlight = liveState?.spotlight ?? { kind: "none" };
  const spotlightKey = JSON.stringify(spotlight);
  const layoutRef = useRef(layout);
  layoutRef.current = layout;
  const sizeRef = useRef(size);
  sizeRef.current = size;
  useEffect(() => {
    const current = layoutRef.current;
    if (!follow || !current || spotlight.kind === "none") return;
    const rect = spotlightRect(spotlight, current);
    if (rect) viewport.set(fitRect(rect, sizeRef.current, 1.5));
    if (spotlight.kind === "card" || spotlight.kind === "cluster") {
      document
        .querySelector(`.board-list [data-item-id="${CSS.escape(spotlight.id)}"]`)
        ?.scrollIntoView({ block: "center" });
    }
    // Only when the spotlight itself changes (or one starts following it again).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [spotlightKey, follow]);

  const command = useCallback(
    async (cmd: LiveCommand, done?: string) => {
      const reply = await live.command(cmd);
      if (reply.ok) {
        if (done) announce(done);
      } else announce(t("board.command_refused", { message: reply.error.message }));
    },
    [live, announce, t],
  );

  // ---- Operations -----------------------------------------------------------------------------

  const clusterLabel = (id: string | null) =>
    (id && snapshot?.clusters.get(id)?.label) || t("board.menu.no_cluster");

  /**
   * Focus back on an item after the change redrew it (it may have moved in the DOM), if the focus
   * was lost meanwhile: someone who already moved on with the keyboard keeps where they went.
   */
  const refocus = useCallback((id: string) => {
    setFocusedId(id);
    setTimeout(() => {
      const element = document.querySelector<HTMLElement>(
        `[data-testid="board"] [data-item-id="${CSS.escape(id)}"]`,
      );
      const active = document.activeElement;
      const lost = !active || active === document.body || !active.isConnected;
      if (element && lost) element.focus({ preventScroll: true });
    }, 80);
  }, []);

  const attempt = (action: () => void) => {
    try {
      action();
      return true;
    } catch (error) {
      if (error instanceof BoardOpError) {
        announce(
          error.reason === "too_long"
            ? t("board.too_long", { max: MAX_CARD_TEXT })
            : t("board.empty_text"),
        );
        return false;
      }
      throw error;
    }
  };

  const moveTo = (cardIds: string[], clusterId: string | null) => {
    if (!doc || cardIds.length === 0) return;
    if (!attempt(() => moveCardsToCluster(doc, cardIds, clusterId))) return;
    if (clusterId === null) announce(t("board.announce.moved_loose"));
    else if (cardIds.length === 1) {
      announce(t("board.announce.moved_to", { label: clusterLabel(clusterId) }));
    } else {
      announce(
        t("board.announce.moved_many", { count: cardIds.length, label: clusterLabel(clusterId) }),
      );
    }
    refocus(cardIds[0]!);
  };

  const reorder = (cardId: string, to: "up" | "down") => {
    if (!doc || !layout) return;
    if (reorderCard(doc, cardId, to)) {
      const cluster = layout.clusterById.get(layout.cardById.get(cardId)?.clusterId ?? "");
      const count = cluster?.cards.length ?? 1;
      const from = cluster?.cards.findIndex((c) => c.card.id === cardId) ?? 0;
      const position = Math.min(count, Math.max(1, from + 1 + (to === "up" ? -1 : 1)));
      announce(t("board.announce.reordered", { position, count }));
    }
    refocus(cardId);
  };

  /** A free place near the middle of the screen for a new item of this size. */
  const placeFor = (item: { width: number; height: number }): CardPosition => {
    const seen = visibleRect(viewport.get(), size);
    const near = {
      x: Math.round(seen.x + seen.width / 2 - item.width / 2),
      y: Math.round(seen.y + seen.height / 2 - item.height / 2),
    };
    return layout ? freeSpot(layout, near, item) : near;
  };

  const submitCard = () => {
    if (!doc) return;
    const text = draft.trim();
    if (!text) return setDraftError(t("board.empty_text"));
    if (text.length > MAX_CARD_TEXT)
      return setDraftError(t("board.too_long", { max: MAX_CARD_TEXT }));
    const id = newBoardId();
    const ok = attempt(() =>
      addCard(doc, {
        id,
        text,
        authorLabel: me.name,
        group: me.group,
        position:
          view === "board"
            ? placeFor({ width: BOARD_GEOMETRY.cardWidth, height: BOARD_GEOMETRY.cardHeight })
            : undefined,
      }),
    );
    if (!ok) return;
    addMine(id);
    setDraft("");
    setDraftError(null);
    announce(t("board.announce.added"));
  };

  // ---- Sensemaking ----------------------------------------------------------------------------

  /** Runs a sensemaking change as an undo step of its own, never merged with an edit just before. */
  const ownUndoStep = (change: () => void) => {
    undoManager?.stopCapturing();
    change();
    undoManager?.stopCapturing();
  };

  const applySuggestions = (accepted: AcceptedCluster[]): number => {
    if (!doc || !canEdit) return 0;
    let made: string[] = [];
    try {
      ownUndoStep(() => {
        made = applyClusterSuggestions(doc, accepted, { removeEmptied: true });
      });
    } catch (error) {
      if (!(error instanceof BoardOpError)) throw error;
      announce(t("board.suggest.apply_failed"));
      return 0;
    }
    if (made.length > 0) {
      announce(t("board.suggest.applied", { count: made.length }));
      refitAfter.current = snapshot?.version ?? 0;
    }
    return made.length;
  };

  const promote = (clusterIds: string[], returnTo: string | null) => {
    if (clusterIds.length > 0) setPromotion({ clusterIds, returnTo });
  };

  const createPromoted = (input: PromoteInput): string | null => {
    if (!doc || !promotion) return null;
    try {
      ownUndoStep(() =>
        createObjective(doc, {
          id: newBoardId(),
          title: input.title,
          description: input.description,
          policyArea: input.policyArea,
          clusterIds: promotion.clusterIds,
        }),
      );
    } catch (error) {
      if (!(error instanceof BoardOpError)) throw error;
      if (error.reason === "empty") return t("board.promote.title_required");
      if (error.reason === "too_long") return t("board.promote.too_long");
      return t("board.promote.cluster_gone");
    }
    announce(t("board.promote.done", { title: input.title.trim() }));
    return null;
  };

  const clusterObjectives = useMemo(
    () => objectivesByCluster(objectives, snapshot?.clusters ?? new Map()),
    [objectives, snapshot?.clusters],
  );

  /** The cards the facilitator may cluster: those they see face up and have not hidden. */
  const candidates = useMemo<CandidateCard[]>(
    () =>
      (layout?.cards ?? [])
        .filter((c) => !c.hidden && !c.faceDown)
        .map((c) => ({ id: c.card.id, text: c.card.text, clusterId: c.clusterId })),
    [layout],
  );

  const canEditCard = (cardId: string) =>
    canEdit || (canAdd && myCards.has(cardId) && !!layout?.cardById.get(cardId));

  const commands: CanvasCommands = {
    dropIntoCluster(cardIds, clusterId, before) {
      if (!doc) return;
      const movable = cardIds.filter(canEditCard);
      doc.transact(() => {
        moveCardsToCluster(doc, movable, clusterId);
        if (movable.length === 1) reorderCard(doc, movable[0]!, { before });
      });
      if (movable.length > 0) {
        announce(
          movable.length === 1
            ? t("board.announce.moved_to", { label: clusterLabel(clusterId) })
            : t("board.announce.moved_many", {
                count: movable.length,
                label: clusterLabel(clusterId),
              }),
        );
      }
    },
    place(moves, cardIds) {
      if (!doc || !canEdit) return;
      const clustered = cardIds.filter((id) => layout?.cardById.get(id)?.clusterId);
      doc.transact(() => {
        if (clustered.length > 0) moveCardsToCluster(doc, clustered, null, moves);
        const rest = [...moves].filter(([id]) => !clustered.includes(id));
        if (rest.length > 0) moveItems(doc, rest);
      });
      if (clustered.length > 0) announce(t("board.announce.moved_loose"));
    },
    nudge(itemId, dx, dy) {
      if (!doc || !layout || !canEdit) return;
      const card = layout.cardById.get(itemId);
      if (card?.clusterId) {
        reorder(itemId, dx < 0 || dy < 0 ? "up" : "down");
        return;
      }
      const rect = card?.rect ?? layout.clusterById.get(itemId)?.rect;
      if (!rect) return;
      moveItems(doc, [[itemId, { x: rect.x + dx, y: rect.y + dy }]]);
      announce(t("board.announce.nudged"));
    },
    edit(cardId) {
      if (canEditCard(cardId)) setEditingId(cardId);
    },
    openMenu: setMenu,
  };

  const stopEditing = useCallback(() => {
    setEditingId((current) => {
      if (current) refocus(current);
      return null;
    });
  }, [refocus]);

  // ---- Menus --------------------------------------------------------------------------------------

  const moveSubmenu = (cardIds: string[], current: string | null): MenuEntry => ({
    key: "move",
    label: t("board.menu.move_to"),
    submenu: {
      title: t("board.menu.move_to_title"),
      entries: [
        ...(layout?.clusters ?? []).map(({ cluster }) => ({
          key: cluster.id,
          label: cluster.label || t("board.cluster"),
          current: current === cluster.id,
          onSelect: () => moveTo(cardIds, cluster.id),
        })),
        {
          key: "none",
          label: t("board.menu.no_cluster"),
          current: current === null && cardIds.length === 1,
          onSelect: () => moveTo(cardIds, null),
        },
      ],
    },
  });

  const cardEntries = (cardId: string): MenuEntry[] => {
    const shown = layout?.cardById.get(cardId);
    if (!shown || !doc) return [];
    const entries: MenuEntry[] = [];
    const editable = canEditCard(cardId);
    if (canEdit) entries.push(moveSubmenu([cardId], shown.clusterId));
    if (editable && !shown.faceDown) {
      entries.push({
        key: "edit",
        label: t("board.menu.edit"),
        onSelect: () => setEditingId(cardId),
      });
    }
    if (canEdit && shown.clusterId) {
      const siblings = layout!.clusterById.get(shown.clusterId)?.cards ?? [];
      const index = siblings.findIndex((c) => c.card.id === cardId);
      if (index > 0) {
        entries.push({
          key: "up",
          label: t("board.menu.move_up"),
          onSelect: () => reorder(cardId, "up"),
        });
      }
      if (index < siblings.length - 1) {
        entries.push({
          key: "down",
          label: t("board.menu.move_down"),
          onSelect: () => reorder(cardId, "down"),
        });
      }
    }
    if (facilitator && !closed) {
      entries.push(
        shown.hidden
          ? {
              key: "restore",
              label: t("board.menu.restore"),
              onSelect: () =>
                void command({ type: "card.restore", cardId }, t("board.announce.restored")),
            }
          : {
              key: "hide",
              label: t("board.menu.hide"),
              onSelect: () =>
                void command({ type: "card.hide", cardId }, t("board.announce.hidden")),
            },
        {
          key: "spotlight",
          label: t("board.menu.spotlight"),
          onSelect: () =>
            void command(
              { type: "spotlight.set", spotlight: { kind: "card", id: cardId } },
              t("board.announce.spotlight", { label: excerpt(shown.card.text) }),
            ),
        },
      );
    }
    if ((facilitator && canEdit) || (editable && myCards.has(cardId))) {
      entries.push({
        key: "delete",
        label: t("board.menu.delete"),
        onSelect: () => {
          deleteCard(doc, cardId);
          announce(t("board.announce.deleted"));
        },
      });
    }
    return entries;
  };

  const clusterEntries = (clusterId: string): MenuEntry[] => {
    const shown = layout?.clusterById.get(clusterId);
    if (!shown || !doc) return [];
    const entries: MenuEntry[] = [];
    if (canEdit) {
      entries.push({
        key: "promote",
        label: t("board.promote.menu"),
        onSelect: () => promote([clusterId], clusterId),
      });
      entries.push({
        key: "rename",
        label: t("board.menu.rename"),
        onSelect: () => setForm({ kind: "rename", clusterId, label: shown.cluster.label }),
      });
      const others = layout!.clusters.filter((c) => c.cluster.id !== clusterId);
      if (others.length > 0) {
        entries.push({
          key: "merge",
          label: t("board.menu.merge_into"),
          submenu: {
            title: t("board.menu.merge_title"),
            entries: others.map((other) => ({
              key: other.cluster.id,
              label: other.cluster.label || t("board.cluster"),
              onSelect: () => {
                mergeClusters(doc, [clusterId], other.cluster.id);
                announce(t("board.announce.merged", { label: other.cluster.label }));
                refocus(other.cluster.id);
              },
            })),
          },
        });
      }
      entries.push({
        key: "delete",
        label: t("board.menu.delete_cluster"),
        onSelect: () => {
          deleteCluster(doc, clusterId);
          announce(t("board.announce.cluster_deleted"));
        },
      });
    }
    if (facilitator && !closed) {
      entries.push({
        key: "spotlight",
        label: t("board.menu.spotlight"),
        onSelect: () =>
          void command(
            { type: "spotlight.set", spotlight: { kind: "cluster", id: clusterId } },
            t("board.announce.spotlight", { label: shown.cluster.label }),
          ),
      });
    }
    return entries;
  };

  const selectedCards = [...selection].filter((id) => layout?.cardById.has(id));
  const selectedClusters = [...selection].filter((id) => layout?.clusterById.has(id));
  const SELECTION = "\u0000selection";

  let menuNode: ReactNode = null;
  if (menu) {
    const isSelection = menu.itemId === SELECTION;
    const entries = isSelection
      ? [moveSubmenu(selectedCards, null)]
      : menu.kind === "card"
        ? cardEntries(menu.itemId)
        : clusterEntries(menu.itemId);
    const shownCard = layout?.cardById.get(menu.itemId);
    const description =
      !isSelection && menu.kind === "card" && shownCard
        ? whereItWent(t, shownCard, objectives, clusterLabel)
        : undefined;
    const label = isSelection
      ? t("board.move_selected")
      : menu.kind === "card"
        ? t("board.actions_for", {
            text: shownCard?.faceDown
              ? t("board.card_face_down")
              : excerpt(shownCard?.card.text ?? ""),
          })
        : t("board.cluster_actions_for", {
            label: layout?.clusterById.get(menu.itemId)?.cluster.label ?? "",
          });
    menuNode = (
      <ItemMenu
        label={label}
        description={description}
        entries={entries}
        anchor={menu.anchor}
        startIn={menu.startIn}
        onClose={(returnFocus) => {
          const itemId = menu.itemId;
          setMenu(null);
          if (returnFocus && itemId !== SELECTION) refocus(itemId);
        }}
      />
    );
  }

  // ---- Rendering ----------------------------------------------------------------------------------

  const templateLabels = (key: BoardTemplateKey) =>
    Object.fromEntries(
      BOARD_TEMPLATES[key].map((slot) => [slot, t(`board.template.${key}.${slot}` as MessageKey)]),
    );

  const motion = liveState?.motion ?? null;
  const dotVote = motion?.kind === "dot_vote" ? motion.dotVote : null;
  const dots =
    dotVote?.target === "clusters" && live.tally?.motionId === motion?.id
      ? live.tally!.totals
      : dotVote?.target === "clusters"
        ? {}
        : null;
  const voteItems = useMemo(() => {
    if (!dotVote || !doc) return [];
    if (dotVote.target === "clusters") {
      return [...(snapshot?.clusters.values() ?? [])].map((c) => ({ id: c.id, label: c.label }));
    }
    return readBoard(doc).objectives.map((o) => ({ id: o.id, label: o.title }));
  }, [dotVote, doc, snapshot]);

  const spotlightArea = spotlight.kind === "area" ? spotlight.area : null;
  const spotlightId =
    spotlight.kind === "card" || spotlight.kind === "cluster" ? spotlight.id : null;
  const empty = snapshot !== null && snapshot.cards.size === 0 && snapshot.clusters.size === 0;
  const editor =
    editingId && doc ? <CardEditor doc={doc} cardId={editingId} onDone={stopEditing} /> : null;
  const helpId = `board-help-${meetingId}`;

  return (
    <div className="board-screen" data-testid="board" data-ready={ready ? "true" : "false"}>
      <LiveBar live={live} />
      {board?.refusedCode ? (
        <div className="notice notice--error" role="alert">
          <p>{t("board.refused")}</p>
        </div>
      ) : board && board.status === "disconnected" && synced ? (
        <div className="notice notice--info">
          <p>{t("board.offline")}</p>
        </div>
      ) : null}
      {reasons.length > 0 && (
        <div className="notice notice--info board-notice">
          {reasons.map((key) => (
            <p key={key}>{t(key)}</p>
          ))}
        </div>
      )}
      {viewer.privateWriting && (
        <div className="notice notice--info board-notice">
          <p>{t("board.private_writing")}</p>
          {layout && layout.faceDownCount > 0 && (
            <p>{t("board.face_down_count", { count: formatNumber(layout.faceDownCount) })}</p>
          )}
        </div>
      )}
      {facilitator && layout && layout.hiddenCount > 0 && (
        <p className="muted board-notice">
          {t("board.hidden_count", { count: formatNumber(layout.hiddenCount) })}
        </p>
      )}

      <div className="board-toolbar">
        {canAdd && (
          <form
            className="board-add"
            onSubmit={(event) => {
              event.preventDefault();
              submitCard();
            }}
          >
            <label htmlFor="board-new-card">{t("board.add_card_label")}</label>
            <div className="board-add__row">
              <textarea
                id="board-new-card"
                rows={1}
                value={draft}
                maxLength={MAX_CARD_TEXT}
                aria-describedby="board-new-card-hint"
                aria-invalid={draftError ? true : undefined}
                onChange={(event) => {
                  setDraft(event.target.value);
                  if (draftError) setDraftError(null);
                }}
                onKeyDown={(event) => {
                  if (event.key === "Enter" && !event.shiftKey) {
                    event.preventDefault();
                    submitCard();
                  }
                }}
              />
              <button type="submit" className="button">
                {t("board.add_card_submit")}
              </button>
            </div>
            <p id="board-new-card-hint" className="field__hint">
              {draftError ?? t("board.chars_left", { count: MAX_CARD_TEXT - draft.length })}
            </p>
          </form>
        )}
        <div className="board-toolbar__group">
          <button
            type="button"
            className="button button--secondary button--small"
            aria-pressed={view === "list"}
            onClick={() => setView(view === "board" ? "list" : "board")}
          >
            {view === "board" ? t("board.view_list") : t("board.view_board")}
          </button>
          {canEdit && (
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => setForm({ kind: "cluster" })}
            >
              {t("board.add_cluster")}
            </button>
          )}
          {facilitator && canEdit && (
            <button
              id={SUGGEST_BUTTON}
              type="button"
              className="button button--secondary button--small"
              aria-expanded={suggesting}
              aria-controls={suggesting ? SUGGESTIONS_PANEL : undefined}
              onClick={() => setSuggesting(!suggesting)}
            >
              {t("board.suggest.open")}
            </button>
          )}
          <Link
            to={`/meetings/${meetingId}/objectives`}
            className="button button--secondary button--small"
          >
            {t("board.objectives_link")}
          </Link>
          {mayChange && (
            <>
              <button
                type="button"
                className="button button--secondary button--small"
                disabled={!undoState.undo}
                onClick={undo}
                aria-keyshortcuts="Control+Z"
              >
                ↶ {t("board.undo")}
              </button>
              <button
                type="button"
                className="button button--secondary button--small"
                disabled={!undoState.redo}
                onClick={redo}
                aria-keyshortcuts="Control+Shift+Z"
              >
                ↷ {t("board.redo")}
              </button>
            </>
          )}
          {spotlight.kind !== "none" && (
            <button
              type="button"
              className="button button--secondary button--small"
              aria-pressed={follow}
              onClick={() => setFollow(!follow)}
            >
              {follow ? t("board.spotlight_leave") : t("board.spotlight_follow")}
            </button>
          )}
          {facilitator && !closed && view === "board" && (
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => {
                const seen = visibleRect(viewport.get(), size);
                void command(
                  {
                    type: "spotlight.set",
                    spotlight: {
                      kind: "area",
                      area: {
                        x: Math.round(seen.x),
                        y: Math.round(seen.y),
                        width: Math.max(1, Math.round(seen.width)),
                        height: Math.max(1, Math.round(seen.height)),
                      },
                    },
                  },
                  t("board.announce.spotlight", { label: t("board.spotlight_area_label") }),
                );
              }}
            >
              {t("board.spotlight_area")}
            </button>
          )}
          {facilitator && !closed && spotlight.kind !== "none" && (
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => void command({ type: "spotlight.set", spotlight: { kind: "none" } })}
            >
              {t("board.spotlight_clear")}
            </button>
          )}
          {selection.size > 0 && (
            <>
              <span className="board-toolbar__count">
                {t("board.selected", { count: selection.size })}
              </span>
              {canEdit && selectedCards.length > 0 && (
                <button
                  type="button"
                  className="button button--secondary button--small"
                  aria-haspopup="menu"
                  onClick={(event) => {
                    const box = event.currentTarget.getBoundingClientRect();
                    setMenu({
                      itemId: SELECTION,
                      kind: "card",
                      startIn: "move",
                      anchor: { left: box.left, top: box.top, bottom: box.bottom },
                    });
                  }}
                >
                  {t("board.move_selected")}
                </button>
              )}
              {canEdit && selectedClusters.length > 0 && (
                <button
                  type="button"
                  className="button button--secondary button--small"
                  aria-haspopup="dialog"
                  onClick={() => promote(selectedClusters, null)}
                >
                  {t("board.promote.selected", { count: selectedClusters.length })}
                </button>
              )}
              {canEdit && selectedClusters.length > 1 && (
                <button
                  type="button"
                  className="button button--secondary button--small"
                  onClick={() => {
                    if (!doc) return;
                    const [target, ...sources] = selectedClusters;
                    mergeClusters(doc, sources, target!);
                    setSelection(new Set([target!]));
                    announce(t("board.announce.merged", { label: clusterLabel(target!) }));
                  }}
                >
                  {t("board.merge_selected")}
                </button>
              )}
              <button
                type="button"
                className="button button--secondary button--small"
                onClick={() => setSelection(new Set())}
              >
                {t("board.clear_selection")}
              </button>
            </>
          )}
          <PresenceAvatars awareness={board?.provider.awareness ?? null} />
        </div>
      </div>

      {form && doc && (
        <ClusterForm
          key={form.kind === "rename" ? form.clusterId : "new"}
          label={form.kind === "rename" ? t("board.rename_label") : t("board.add_cluster_label")}
          initial={form.kind === "rename" ? form.label : ""}
          onCancel={() => {
            if (form.kind === "rename") refocus(form.clusterId);
            setForm(null);
          }}
          onSubmit={(label) => {
            if (form.kind === "rename") {
              if (attempt(() => renameCluster(doc, form.clusterId, label))) {
                refocus(form.clusterId);
                setForm(null);
              }
              return;
            }
            const id = newBoardId();
            const position = placeFor(frameSize(0));
            const ok = attempt(() => createCluster(doc, { id, label, position }));
            if (ok) {
              announce(t("board.announce.cluster_created", { label: label.trim() }));
              setForm(null);
              refocus(id);
            }
          }}
        />
      )}

      {synced && empty && (
        <div className="board-empty">
          <p>{t("board.empty")}</p>
          {facilitator && canEdit ? (
            <fieldset className="board-templates">
              <legend>{t("board.template_title")}</legend>
              {BOARD_TEMPLATE_KEYS.filter((key) => key !== "blank").map((key) => (
                <button
                  key={key}
                  type="button"
                  className="board-template"
                  aria-describedby={`template-${key}-hint`}
                  onClick={() => {
                    if (!doc) return;
                    const ids = applyTemplate(doc, key, templateLabels(key));
                    announce(t("board.announce.template"));
                    fitted.current = false;
                    if (ids[0]) refocus(ids[0]);
                  }}
                >
                  <strong>{t(`board.template.${key}`)}</strong>
                  <span id={`template-${key}-hint`}>{t(`board.template.${key}.hint`)}</span>
                </button>
              ))}
            </fieldset>
          ) : (
            <p className="muted">{t("board.template_waiting")}</p>
          )}
        </div>
      )}

      <div className="board-main">
        {!layout || !synced ? (
          <p className="board-loading">{t("board.loading")}</p>
        ) : view === "board" ? (
          <div
            className="board-region"
            role="region"
            aria-label={t("board.region")}
            aria-describedby={helpId}
          >
            <BoardCanvas
              layout={layout}
              viewport={viewport}
              size={size}
              onSize={setSize}
              selection={selection}
              onSelection={setSelection}
              focusedId={focusedId}
              onFocused={setFocusedId}
              editingId={editingId}
              editor={editor}
              canEdit={canEdit}
              spotlightId={spotlightId}
              spotlightArea={spotlightArea}
              dots={dots}
              objectives={clusterObjectives}
              awareness={board?.provider.awareness ?? null}
              onCursor={setCursor}
              commands={commands}
            />
            <div className="board-zoom">
              <button
                type="button"
                className="button button--secondary button--small"
                aria-label={t("board.zoom_out")}
                onClick={() =>
                  viewport.set((v) =>
                    zoomAt(v, 1 / 1.25, { x: size.width / 2, y: size.height / 2 }),
                  )
                }
              >
                −
              </button>
              <span className="board-zoom__level">
                <ZoomLevel viewport={viewport} />
              </span>
              <button
                type="button"
                className="button button--secondary button--small"
                aria-label={t("board.zoom_in")}
                onClick={() =>
                  viewport.set((v) => zoomAt(v, 1.25, { x: size.width / 2, y: size.height / 2 }))
                }
              >
                +
              </button>
              <button
                type="button"
                className="button button--secondary button--small"
                onClick={() => {
                  if (layout.bounds) viewport.set(fitRect(layout.bounds, size));
                }}
              >
                {t("board.zoom_fit")}
              </button>
            </div>
            <p id={helpId} className="board-help">
              {t("board.keyboard_help")}
            </p>
          </div>
        ) : (
          <BoardList
            layout={layout}
            editingId={editingId}
            editor={editor}
            spotlightId={spotlightId}
            dots={dots}
            objectives={clusterObjectives}
            openMenu={setMenu}
          />
        )}
        {suggesting && facilitator && canEdit && layout && (
          <SuggestionsPanel
            id={SUGGESTIONS_PANEL}
            cards={candidates}
            onApply={applySuggestions}
            onClose={() => {
              setSuggesting(false);
              setTimeout(() => document.getElementById(SUGGEST_BUTTON)?.focus(), 0);
            }}
            announce={announce}
          />
        )}
        {dotVote && motion && (
          <aside className="board-side" aria-label={t("board.vote_panel")}>
            <DotVotePanel live={live} items={voteItems} />
          </aside>
        )}
      </div>
      {menuNode}
      {promotion && (
        <PromoteDialog
          clusters={promotion.clusterIds.map((id) => ({ id, label: clusterLabel(id) }))}
          policyAreas={policyAreas}
          onCreate={createPromoted}
          onClose={() => {
            const back = promotion.returnTo;
            setPromotion(null);
            if (back) refocus(back);
          }}
        />
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {/* A trailing space on every other message, so a repeated one is announced again. */}
        {announcement.text + (announcement.n % 2 ? "\u00a0" : "")}
      </p>
    </div>
  );
}

function ZoomLevel({ viewport }: { viewport: ViewportStore }) {
  const { t } = useI18n();
  return <>{t("board.zoom_level", { percent: Math.round(useZoom(viewport) * 100) })}</>;
}

function ClusterForm({
  label,
  initial,
  onSubmit,
  onCancel,
}: {
  label: string;
  initial: string;
  onSubmit: (label: string) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [value, setValue] = useState(initial);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  return (
    <form
      className="board-cluster-form"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(value);
      }}
      onKeyDown={(event) => {
        if (event.key === "Escape") onCancel();
      }}
    >
      <label htmlFor="board-cluster-label">{label}</label>
      <input
        ref={ref}
        id="board-cluster-label"
        value={value}
        maxLength={200}
        required
        onChange={(event) => setValue(event.target.value)}
      />
      <button type="submit" className="button button--small">
        {t("common.save")}
      </button>
      <button type="button" className="button button--secondary button--small" onClick={onCancel}>
        {t("common.cancel")}
      </button>
    </form>
  );
}
