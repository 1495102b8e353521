// Editing a card's words together: a textarea bound to the card's Y.Text, sending each change as a
// minimal diff and taking others' changes in without moving the caret away from where one types.
import { useEffect, useRef, useState } from "react";
import * as Y from "yjs";
import { BOARD_MAPS } from "../../../core/board";
import { MAX_CARD_TEXT, editCardText } from "../../../core/board-ops";
import { useI18n } from "../../i18n/use-i18n";

function textOf(doc: Y.Doc, cardId: string): Y.Text | null {
  const entry = doc.getMap(BOARD_MAPS.cards).get(cardId);
  if (!(entry instanceof Y.Map)) return null;
  let text = entry.get("text");
  if (!(text instanceof Y.Text)) {
    // Written as a plain string by an API client: turned into a Y.Text before typing in it.
    editCardText(doc, cardId, typeof text === "string" ? text : "");
    text = entry.get("text");
  }
  return text instanceof Y.Text ? text : null;
}

export function CardEditor({
  doc,
  cardId,
  onDone,
  className,
}: {
  doc: Y.Doc;
  cardId: string;
  onDone: () => void;
  className?: string;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [length, setLength] = useState(0);
  const id = `card-editor-${cardId}`;

  useEffect(() => {
    const area = ref.current;
    const text = textOf(doc, cardId);
    if (!area || !text) {
      onDone();
      return;
    }
    area.value = text.toString();
    setLength(area.value.length);
    area.focus();
    area.setSelectionRange(area.value.length, area.value.length);
    let caret: [Y.RelativePosition, Y.RelativePosition] | null = null;
    const keepCaret = () => {
      caret = [
        Y.createRelativePositionFromTypeIndex(text, area.selectionStart),
        Y.createRelativePositionFromTypeIndex(text, area.selectionEnd),
      ];
    };
    keepCaret();
    const onRemote = (_event: Y.YTextEvent, transaction: Y.Transaction) => {
      if (transaction.local && transaction.origin === null) return;
      area.value = text.toString();
      setLength(area.value.length);
      if (caret && document.activeElement === area) {
        const start = Y.createAbsolutePositionFromRelativePosition(caret[0], doc);
        const end = Y.createAbsolutePositionFromRelativePosition(caret[1], doc);
        if (start && end) area.setSelectionRange(start.index, end.index);
      }
    };
    const onInput = () => {
      editCardText(doc, cardId, area.value);
      setLength(area.value.length);
      keepCaret();
    };
    const cards = doc.getMap(BOARD_MAPS.cards);
    const onCards = (event: Y.YMapEvent<unknown>) => {
      if (event.keysChanged.has(cardId) && !cards.has(cardId)) onDone();
    };
    text.observe(onRemote);
    cards.observe(onCards);
    area.addEventListener("input", onInput);
    area.addEventListener("select", keepCaret);
    area.addEventListener("keyup", keepCaret);
    area.addEventListener("pointerup", keepCaret);
    return () => {
      text.unobserve(onRemote);
      cards.unobserve(onCards);
      area.removeEventListener("input", onInput);
      area.removeEventListener("select", keepCaret);
      area.removeEventListener("keyup", keepCaret);
      area.removeEventListener("pointerup", keepCaret);
    };
  }, [doc, cardId, onDone]);

  return (
    <div
      className={className ? `card-editor ${className}` : "card-editor"}
      onPointerDown={(event) => event.stopPropagation()}
    >
      <label htmlFor={id} className="visually-hidden">
        {t("board.edit_label")}
      </label>
      <textarea
        ref={ref}
        id={id}
        maxLength={MAX_CARD_TEXT}
        aria-describedby={`${id}-count`}
        onKeyDown={(event) => {
          event.stopPropagation();
          if (
            event.key === "Escape" ||
            (event.key === "Enter" && (event.ctrlKey || event.metaKey))
          ) {
            event.preventDefault();
            onDone();
          }
        }}
        onBlur={(event) => {
          // Leaving for the "Fatto" button is handled by its click.
          if (!event.currentTarget.parentElement?.contains(event.relatedTarget as Node)) onDone();
        }}
      />
      <div className="card-editor__bar">
        <span id={`${id}-count`} className="card-editor__count">
          {t("board.chars_left", { count: MAX_CARD_TEXT - length })}
        </span>
        <button type="button" className="button button--small" onClick={onDone}>
          {t("board.edit_done")}
        </button>
      </div>
    </div>
  );
}
