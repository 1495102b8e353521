// Writes the cards of a paper import into a board document, placed below what is already there.
import type * as Y from "yjs";
import { putCard } from "../../../core/board";
import { readPositions, setPositions } from "../../../core/board-positions";
import { importGrid, type ImportedCard } from "../../../core/card-import";
import { randomId } from "../../../core/ids";

/** Adds the cards in one transaction (one update, one undo step) and returns their new ids. */
export function importCards(doc: Y.Doc, cards: ImportedCard[], now = Date.now()): string[] {
  const ids = cards.map(() => randomId());
  const places = importGrid(readPositions(doc).values(), cards.length);
  doc.transact(() => {
    cards.forEach((card, i) => {
      putCard(doc, ids[i]!, {
        text: card.text,
        authorLabel: "",
        group: card.group,
        inPerson: true,
        // One millisecond apart, so that ordering by creation time keeps the order of the paper.
        createdAt: now + i,
      });
    });
    setPositions(
      doc,
      ids.map((id, i) => [id, places[i]!]),
    );
  });
  return ids;
}
