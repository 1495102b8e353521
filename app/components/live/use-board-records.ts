// A board document as plain records (core/board.ts's BoardSnapshot) for the console and the phone
// view. The cards come from the board's incremental mirror (app/collab/use-board-snapshot.ts), so a
// change costs what it touched, not a re-read of thousands of cards; the small maps (clusters,
// objectives, actions) are read again with each new snapshot.
import { useMemo } from "react";
import type * as Y from "yjs";
import { readBoardWith, type BoardCard, type BoardSnapshot } from "../../../core/board";
import { useBoardSnapshot as useBoardMirror } from "../../collab/use-board-snapshot";

const EMPTY: BoardSnapshot = { cards: [], clusters: [], objectives: [], actions: [], skipped: [] };

export function useBoardRecords(doc: Y.Doc | null | undefined): BoardSnapshot {
  const mirror = useBoardMirror(doc ?? null);
  return useMemo(() => {
    if (!doc || !mirror) return EMPTY;
    return readBoardWith(doc, () =>
      [...mirror.cards.values()]
        .map((card): BoardCard => ({ ...card, createdAt: new Date(card.createdAt) }))
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    );
  }, [doc, mirror]);
}
