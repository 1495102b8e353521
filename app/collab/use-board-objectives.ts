// The objectives of a board document, read again (at most once per frame) whenever one changes:
// there are a handful of them, unlike cards, so a full read is cheap.
import { useEffect, useState } from "react";
import type * as Y from "yjs";
import { BOARD_MAPS, readObjectives, type BoardObjective } from "../../core/board";

export function useBoardObjectives(doc: Y.Doc | null): BoardObjective[] {
  const [objectives, setObjectives] = useState<BoardObjective[]>([]);

  useEffect(() => {
    if (!doc) {
      setObjectives([]);
      return;
    }
    const map = doc.getMap<unknown>(BOARD_MAPS.objectives);
    let frame: number | null = null;
    const read = () => {
      frame = null;
      setObjectives(readObjectives(doc));
    };
    const onChange = () => {
      frame ??= requestAnimationFrame(read);
    };
    read();
    map.observeDeep(onChange);
    return () => {
      map.unobserveDeep(onChange);
      if (frame !== null) cancelAnimationFrame(frame);
    };
  }, [doc]);

  return objectives;
}
