// A board document as plain records for the objectives page, following every change: the cards
// come from the board's incremental mirror (app/collab/use-board-snapshot.ts), which does not watch
// objectives and actions, so those two maps are watched here (at most one new snapshot a frame).
import { useEffect, useMemo, useState } from "react";
import * as Y from "yjs";
import { BOARD_MAPS, readBoardWith, type BoardCard, type BoardSnapshot } from "../../../core/board";
import { useBoardSnapshot } from "../../collab/use-board-snapshot";

export function useObjectivesBoard(doc: Y.Doc | null): BoardSnapshot | null {
  const mirror = useBoardSnapshot(doc);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (!doc) return;
    const maps = [doc.getMap(BOARD_MAPS.objectives), doc.getMap(BOARD_MAPS.actions)];
    let frame: number | null = null;
    const changed = () => {
      if (frame !== null) return;
      frame = requestAnimationFrame(() => {
        frame = null;
        setVersion((v) => v + 1);
      });
    };
    for (const map of maps) map.observeDeep(changed);
    return () => {
      for (const map of maps) map.unobserveDeep(changed);
      if (frame !== null) cancelAnimationFrame(frame);
    };
  }, [doc]);

  return useMemo(() => {
    if (!doc || !mirror) return null;
    return readBoardWith(doc, () =>
      [...mirror.cards.values()]
        .map((card): BoardCard => ({ ...card, createdAt: new Date(card.createdAt) }))
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    );
    // `version` stands for the objectives and actions the mirror does not follow.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc, mirror, version]);
}

/**
 * The text of a field of a board entry as the document holds it now (a Y.Text or a string in
 * nested maps): ["actions", id, "indicators", indicatorId, "measure"]. "" when there is none.
 */
export function readText(doc: Y.Doc, path: readonly [string, ...string[]]): string {
  const [mapName, ...keys] = path;
  let value: unknown = doc.getMap(mapName);
  for (const key of keys) {
    if (!(value instanceof Y.Map)) return "";
    value = value.get(key);
  }
  if (value instanceof Y.Text) return value.toString();
  return typeof value === "string" ? value : "";
}
