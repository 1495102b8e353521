// A section's formatting toolbar: one tab stop (role=toolbar), arrow keys between its buttons,
// headings 2–4, bold, italic, lists, links and footnotes through dialogs, and table editing.
import { useEditorState, type Editor } from "@tiptap/react";
import { useRef, useState, type KeyboardEvent } from "react";
import { PACT_HEADING_LEVELS } from "../../../core/pact/extensions";
import { useI18n } from "../../i18n/use-i18n";
import { FootnoteDialog, LinkDialog } from "./pact-dialogs";
import { LiveBlockDialog } from "./live-blocks";

interface ToolbarButton {
  key: string;
  label: string;
  /** Short text on the button; the label is its accessible name. */
  glyph: string;
  /** Toggles show their state with aria-pressed; plain commands have none. */
  pressed?: boolean;
  /** A mode rather than a format: its label shows beside the glyph. */
  labelled?: boolean;
  run: () => void;
}

/** Suggestion mode: one state for the whole page, toggled from any section's toolbar. */
export interface SuggestingToggle {
  on: boolean;
  toggle: () => void;
}

export function PactToolbar({
  editor,
  sectionTitle,
  suggesting,
}: {
  editor: Editor;
  sectionTitle: string;
  suggesting?: SuggestingToggle;
}) {
  const { t } = useI18n();
  const [dialog, setDialog] = useState<"link" | "footnote" | "live" | null>(null);
  const [focusIndex, setFocusIndex] = useState(0);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      heading: PACT_HEADING_LEVELS.find((level) => e.isActive("heading", { level })) ?? null,
      paragraph: e.isActive("paragraph"),
      bold: e.isActive("bold"),
      italic: e.isActive("italic"),
      bulletList: e.isActive("bulletList"),
      orderedList: e.isActive("orderedList"),
      link: e.isActive("link"),
      footnote: e.isActive("footnote"),
      inTable: e.isActive("table"),
    }),
  });
  const chain = () => editor.chain().focus();

  const items: ToolbarButton[] = [
    {
      key: "paragraph",
      label: t("pact.toolbar.paragraph"),
      glyph: "¶",
      pressed: state.paragraph && state.heading === null,
      run: () => chain().setParagraph().run(),
    },
    ...PACT_HEADING_LEVELS.map((level) => ({
      key: `h${level}`,
      label: t("pact.toolbar.heading", { level }),
      glyph: `T${level}`,
      pressed: state.heading === level,
      run: () => chain().toggleHeading({ level }).run(),
    })),
    {
      key: "bold",
      label: t("pact.toolbar.bold"),
      glyph: t("pact.toolbar.bold").charAt(0),
      pressed: state.bold,
      run: () => chain().toggleBold().run(),
    },
    {
      key: "italic",
      label: t("pact.toolbar.italic"),
      glyph: t("pact.toolbar.italic").charAt(0),
      pressed: state.italic,
      run: () => chain().toggleItalic().run(),
    },
    {
      key: "bullet",
      label: t("pact.toolbar.bullet_list"),
      glyph: "•",
      pressed: state.bulletList,
      run: () => chain().toggleBulletList().run(),
    },
    {
      key: "ordered",
      label: t("pact.toolbar.ordered_list"),
      glyph: "1.",
      pressed: state.orderedList,
      run: () => chain().toggleOrderedList().run(),
    },
    {
      key: "link",
      label: t("pact.toolbar.link"),
      glyph: "🔗",
      pressed: state.link,
      run: () => setDialog("link"),
    },
    {
      key: "footnote",
      label: t("pact.toolbar.footnote"),
      glyph: "¹",
      run: () => setDialog("footnote"),
    },
    {
      key: "table",
      label: t("pact.toolbar.table_insert"),
      glyph: "▦",
      run: () => chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
    },
    // A table of a meeting's objectives and actions, kept in step with its board (not in a table).
    ...(state.inTable
      ? []
      : [
          {
            key: "live-block",
            label: t("pact.live.insert"),
            glyph: "◎",
            run: () => setDialog("live"),
          },
        ]),
    ...(state.inTable
      ? [
          {
            key: "row-add",
            label: t("pact.toolbar.row_add"),
            glyph: "+⎯",
            run: () => chain().addRowAfter().run(),
          },
          {
            key: "row-remove",
            label: t("pact.toolbar.row_remove"),
            glyph: "−⎯",
            run: () => chain().deleteRow().run(),
          },
          {
            key: "column-add",
            label: t("pact.toolbar.column_add"),
            glyph: "+│",
            run: () => chain().addColumnAfter().run(),
          },
          {
            key: "column-remove",
            label: t("pact.toolbar.column_remove"),
            glyph: "−│",
            run: () => chain().deleteColumn().run(),
          },
          {
            key: "table-remove",
            label: t("pact.toolbar.table_remove"),
            glyph: "✕▦",
            run: () => chain().deleteTable().run(),
          },
        ]
      : []),
    ...(suggesting
      ? [
          {
            key: "suggest",
            label: t("pact.suggestions.toggle"),
            glyph: "✎",
            pressed: suggesting.on,
            labelled: true,
            run: suggesting.toggle,
          },
        ]
      : []),
  ];
  const current = Math.min(focusIndex, items.length - 1);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, number> = {
      ArrowRight: current + 1,
      ArrowLeft: current - 1,
      Home: 0,
      End: items.length - 1,
    };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const next = (moves[event.key]! + items.length) % items.length;
    setFocusIndex(next);
    buttons.current[next]?.focus();
  };

  return (
    <>
      <div
        role="toolbar"
        aria-label={t("pact.toolbar.label", { title: sectionTitle })}
        className="pact-toolbar"
        onKeyDown={onKeyDown}
      >
        {items.map((item, index) => (
          <button
            key={item.key}
            ref={(element) => {
              buttons.current[index] = element;
            }}
            type="button"
            className={`pact-toolbar__button${item.labelled ? " pact-toolbar__button--labelled" : ""}`}
            tabIndex={index === current ? 0 : -1}
            aria-label={item.label}
            title={item.label}
            aria-pressed={item.pressed === undefined ? undefined : item.pressed}
            // The editor keeps its selection: the command applies where the writer was.
            onMouseDown={(event) => event.preventDefault()}
            onFocus={() => setFocusIndex(index)}
            onClick={item.run}
          >
            <span aria-hidden="true">{item.glyph}</span>
            {item.labelled && <span className="pact-toolbar__label">{item.label}</span>}
          </button>
        ))}
      </div>
      {dialog === "link" && <LinkDialog editor={editor} onClose={() => setDialog(null)} />}
      {dialog === "footnote" && <FootnoteDialog editor={editor} onClose={() => setDialog(null)} />}
      {dialog === "live" && <LiveBlockDialog editor={editor} onClose={() => setDialog(null)} />}
    </>
  );
}
