// One section's rich-text editor: a Tiptap editor on the section's fragment of the pact's Y.Doc,
// with the others' carets and names, a paste cleaner for Word and LibreOffice, and its live count.
import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { EditorContent, useEditor, type Editor } from "@tiptap/react";
import { Extension, type AnyExtension } from "@tiptap/core";
import { Plugin } from "@tiptap/pm/state";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import { Slice, type Node as ProseMirrorNode } from "@tiptap/pm/model";
import { useEffect, useRef } from "react";
import type * as Y from "yjs";
import type { WebsocketProvider } from "y-websocket";
import { countCharacters } from "../../../core/pact/counting";
import { pactExtensions, sectionFragmentName } from "../../../core/pact/extensions";
import { useI18n, type Translate } from "../../i18n/use-i18n";
import { cleanPastedHtml } from "./paste-cleaner";
import { leaveSection, publishSection } from "./pact-presence";
import { PactToolbar, type SuggestingToggle } from "./pact-toolbar";
import { SuggestionMode, type SuggestionAuthor } from "../../../core/pact/suggestions";
import { withSuggestionTitles } from "./suggestion-marks";
import { LiveBlocksProvider, withLiveBlockView, type LiveBlocks } from "./live-blocks";
import { CommentAnchors, type CommentAnchorsOptions } from "./comment-anchors";

export interface Writer {
  name: string;
  color: string;
}

interface Props {
  doc: Y.Doc;
  provider: WebsocketProvider;
  sectionKey: string;
  title: string;
  me: Writer;
  editable: boolean;
  /**
   * A reader who may comment (a remote contributor where the pact allows it): they move the caret
   * and select with the keyboard as a writer does, but no change of theirs reaches the text.
   */
  commentOnly?: boolean;
  /** The section's character count, after every change (mine or another writer's). */
  onCount: (sectionKey: string, count: number) => void;
  /** Ids of the elements that describe the editor (guidance, limit). */
  describedBy?: string;
  /** The pact's live blocks: the meetings they may show, and their tables for the count. */
  liveBlocks?: LiveBlocks;
  /** The section's editor once made, and null when it goes (the comments reach it this way). */
  onEditor?: (sectionKey: string, editor: Editor | null) => void;
  /** What a click on a comment's range, or Mod-Alt-m, does. */
  comments?: CommentAnchorsOptions;
  /** Suggestion mode: who proposes, and the page's toggle (on for every section at once). */
  suggestions?: SuggestingToggle & { author: SuggestionAuthor };
}

/**
 * The footnote shows as a superscript number (a CSS counter) whose accessible name is the note:
 * the shared extension renders an empty `sup`, which says nothing on screen or to a screen reader.
 */
function withFootnoteView(extensions: AnyExtension[], t: Translate): AnyExtension[] {
  return extensions.map((extension) =>
    extension.name !== "footnote"
      ? extension
      : extension.extend({
          addNodeView() {
            return ({ node }: { node: ProseMirrorNode }) => {
              const dom = document.createElement("sup");
              const text = String(node.attrs.text ?? "");
              dom.className = "footnote";
              dom.setAttribute("data-footnote", text);
              dom.setAttribute("title", text);
              dom.setAttribute("role", "note");
              dom.setAttribute("aria-label", t("pact.footnote.label", { text }));
              return { dom };
            };
          },
        }),
  );
}

/** Blocks that stay whole when pasted; ProseMirror would pour their first line into the current one. */
const WHOLE_BLOCKS = new Set(["bulletList", "orderedList", "table"]);

/**
 * Word's list pasted at the end of a paragraph must stay a list: ProseMirror opens a pasted slice
 * as deep as it can, which glued the first item's text to the paragraph before it.
 */
function keepPastedBlocksWhole(slice: Slice): Slice {
  const first = slice.content.firstChild;
  if (slice.openStart === 0 || !first || !WHOLE_BLOCKS.has(first.type.name)) return slice;
  return new Slice(slice.content, 0, slice.openEnd);
}

/**
 * Keeps a reader's editor from changing the text (their keys, a paste, a drop) while it still
 * takes the caret and selections; the others' changes arrive as before (y-prosemirror's own).
 */
const ReadOnlyText = Extension.create({
  name: "readOnlyText",
  addProseMirrorPlugins() {
    return [
      new Plugin({
        filterTransaction: (tr) => !tr.docChanged || tr.getMeta(ySyncPluginKey) !== undefined,
      }),
    ];
  },
});

/** Another writer's caret with their name; colours go through CSSOM, which the CSP allows. */
function caretElement(user: Record<string, unknown>): HTMLElement {
  const caret = document.createElement("span");
  caret.className = "collaboration-carets__caret";
  caret.style.borderColor = String(user.color);
  const label = document.createElement("span");
  label.className = "collaboration-carets__label";
  label.style.backgroundColor = String(user.color);
  label.textContent = String(user.name ?? "");
  caret.append(label);
  return caret;
}

function useSectionEditor(props: Props): Editor | null {
  const { t, formatShortDateTime } = useI18n();
  const { doc, provider, sectionKey, title, me, editable, describedBy } = props;
  const selectable = editable || (props.commentOnly ?? false);
  const onCount = useRef(props.onCount);
  onCount.current = props.onCount;
  // The live blocks' tables as they stand: counted as the version will print them.
  const liveBlocks = props.liveBlocks?.store ?? null;
  // Read when called, so the editor need not be remade when the page's handlers change.
  const comments = useRef(props.comments);
  comments.current = props.comments;

  const editor = useEditor(
    {
      immediatelyRender: true,
      // The page's CSP allows no inline <style>: ProseMirror's base styles are in pact.css.
      injectCSS: false,
      shouldRerenderOnTransaction: false,
      editable: selectable,
      extensions: [
        ...withSuggestionTitles(
          withLiveBlockView(withFootnoteView(pactExtensions({ collaborative: true }), t)),
          (kind, mark) =>
            t(`pact.suggestions.mark_${kind}`, {
              name: String(mark.attrs.authorName ?? ""),
              when:
                typeof mark.attrs.at === "number"
                  ? formatShortDateTime(new Date(mark.attrs.at))
                  : "",
            }),
        ),
        SuggestionMode.configure({
          author: props.suggestions?.author ?? null,
          enabled: props.suggestions?.on ?? false,
        }),
        Collaboration.configure({ document: doc, field: sectionFragmentName(sectionKey) }),
        CollaborationCaret.configure({
          provider,
          user: me,
          render: caretElement,
          // A class, not the default inline style, which the CSP would block.
          selectionRender: () => ({ nodeName: "span", class: "collaboration-carets__selection" }),
        }),
        ...(editable ? [] : [ReadOnlyText]),
        CommentAnchors.configure({
          onActivate: (thread) => comments.current?.onActivate(thread),
          onCommentShortcut: () => comments.current?.onCommentShortcut(),
        }),
      ],
      editorProps: {
        attributes: {
          class: "pact-section__text",
          role: "textbox",
          "aria-multiline": "true",
          "aria-label": t("pact.editor.section_label", { title }),
          ...(describedBy ? { "aria-describedby": describedBy } : {}),
          ...(editable ? {} : { "aria-readonly": "true" }),
        },
        transformPastedHTML: cleanPastedHtml,
        transformPasted: keepPastedBlocksWhole,
      },
    },
    [doc, provider, sectionKey],
  );

  useEffect(() => {
    if (!editor) return;
    let frame: number | null = null;
    // Counting walks the section: once a frame is plenty, however fast the keys or remote edits.
    const count = () => {
      if (frame !== null) return;
      frame = requestAnimationFrame(() => {
        frame = null;
        onCount.current(
          sectionKey,
          countCharacters(editor.getJSON(), { liveBlocks: liveBlocks?.resolve }),
        );
      });
    };
    const awareness = provider.awareness;
    const onFocus = () => publishSection(awareness, sectionKey);
    const onBlur = () => leaveSection(awareness, sectionKey);
    count();
    editor.on("update", count);
    editor.on("focus", onFocus);
    editor.on("blur", onBlur);
    // A board's change redraws a table without changing the section: count again then too.
    const stopFollowingTables = liveBlocks?.subscribe(count);
    return () => {
      stopFollowingTables?.();
      editor.off("update", count);
      editor.off("focus", onFocus);
      editor.off("blur", onBlur);
      if (frame !== null) cancelAnimationFrame(frame);
    };
  }, [editor, provider, sectionKey, liveBlocks]);

  useEffect(() => {
    editor?.setEditable(selectable);
  }, [editor, selectable]);

  const suggesting = props.suggestions?.on ?? false;
  useEffect(() => {
    if (editor) editor.storage.suggestionMode.enabled = suggesting;
  }, [editor, suggesting]);

  const onEditor = useRef(props.onEditor);
  onEditor.current = props.onEditor;
  useEffect(() => {
    if (!editor) return;
    onEditor.current?.(sectionKey, editor);
    return () => onEditor.current?.(sectionKey, null);
  }, [editor, sectionKey]);

  return editor;
}

export function SectionEditor(props: Props) {
  const editor = useSectionEditor(props);
  if (!editor) return null;
  return (
    <LiveBlocksProvider value={props.liveBlocks ?? null}>
      <div
        className={`pact-section__editor${props.suggestions?.on ? " pact-section__editor--suggesting" : ""}`}
      >
        {props.editable && (
          <PactToolbar editor={editor} sectionTitle={props.title} suggesting={props.suggestions} />
        )}
        <EditorContent editor={editor} />
      </div>
    </LiveBlocksProvider>
  );
}
