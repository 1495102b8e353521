// The comments' side of the pact editor: the section editors they mark, the thread being read,
// the selection a new comment is about, and what the page says after each step.
import type { Editor } from "@tiptap/react";
import { useCallback, useEffect, useRef, useState } from "react";
import type * as Y from "yjs";
import type { CommentThread } from "../../../core/pact/comments";
import { useI18n } from "../../i18n/use-i18n";
import { anchorOfRange, setCommentThreads, threadRange } from "./comment-anchors";
import { useCommentThreads } from "./comments-panel";

export interface CommentTarget {
  section: string;
  sectionTitle: string;
  anchor: { start: string; end: string };
  quote: string;
}

/** `sections`: the pact's; `editors`: each section's editor once made (useSectionEditors). */
export function usePactComments(
  doc: Y.Doc | null,
  sections: { key: string; title: string }[],
  editors: Record<string, Editor>,
) {
  const { t } = useI18n();
  const threads = useCommentThreads(doc);
  const lastFocused = useRef<string | null>(null);
  const [active, setActive] = useState<string | null>(null);
  const [target, setTarget] = useState<CommentTarget | null>(null);
  const [message, setMessage] = useState("");

  // Each editor marks its own section's threads, and the thread being read.
  useEffect(() => {
    for (const [key, editor] of Object.entries(editors)) {
      if (editor.isDestroyed) continue;
      const own = threads.filter((thread) => thread.section === key);
      editor.view.dispatch(setCommentThreads(editor.state.tr, own, active));
    }
  }, [editors, threads, active]);

  // The section last written in: where Ctrl+Alt+M or the panel's button finds a selection.
  useEffect(() => {
    const stops = Object.entries(editors).map(([key, editor]) => {
      const onFocus = () => {
        lastFocused.current = key;
      };
      editor.on("focus", onFocus);
      return () => editor.off("focus", onFocus);
    });
    return () => stops.forEach((stop) => stop());
  }, [editors]);

  /**
   * The text selected in a section: the page's selection when it lies in one section's text (a
   * reader's too, whose editor cannot take the focus), else the editor's own (`key`'s, or the one
   * last focused).
   */
  const selection = useCallback(
    (key: string | null) => {
      const dom = window.getSelection();
      if (dom && !dom.isCollapsed && dom.anchorNode && dom.focusNode) {
        for (const [section, editor] of Object.entries(editors)) {
          const root = editor.view.dom;
          if (!root.contains(dom.anchorNode) || !root.contains(dom.focusNode)) continue;
          const a = editor.view.posAtDOM(dom.anchorNode, dom.anchorOffset);
          const b = editor.view.posAtDOM(dom.focusNode, dom.focusOffset);
          const range = anchorOfRange(editor.state, Math.min(a, b), Math.max(a, b));
          return range ? { section, ...range } : null;
        }
      }
      const section = key ?? lastFocused.current;
      const editor = section ? editors[section] : undefined;
      if (!section || !editor) return null;
      const { from, to } = editor.state.selection;
      const range = anchorOfRange(editor.state, from, to);
      return range ? { section, ...range } : null;
    },
    [editors],
  );

  /** Opens the dialog for the selected text, or says how to select it. */
  const commentOn = useCallback(
    (key: string | null) => {
      const selected = selection(key);
      if (!selected) {
        setMessage(t("pact.comments.select_first"));
        return;
      }
      setTarget({
        ...selected,
        sectionTitle: sections.find((s) => s.key === selected.section)?.title ?? selected.section,
      });
    },
    [sections, t, selection],
  );

  const closeDialog = useCallback(
    (created: boolean) => {
      const section = target?.section;
      setTarget(null);
      if (created) setMessage(t("pact.comments.done_add"));
      if (section) editors[section]?.commands.focus();
    },
    [target, t, editors],
  );

  const hasRange = useCallback(
    (thread: CommentThread) => {
      const editor = editors[thread.section];
      return editor ? threadRange(editor.state, thread) !== null : false;
    },
    // Asked again whenever the threads change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [threads, editors],
  );

  const show = useCallback(
    (thread: CommentThread) => {
      const editor = editors[thread.section];
      const range = editor ? threadRange(editor.state, thread) : null;
      setActive(thread.id);
      if (!editor || !range) return;
      editor.chain().focus().setTextSelection(range).scrollIntoView().run();
    },
    [editors],
  );

  /** A click on a marked range: its thread is shown in the panel, the focus stays in the text. */
  const activate = useCallback((threadId: string) => {
    setActive(threadId);
    document.getElementById(`thread-${threadId}`)?.scrollIntoView({ block: "nearest" });
  }, []);

  return {
    threads,
    active,
    target,
    message,
    announce: setMessage,
    commentOn,
    closeDialog,
    hasRange,
    show,
    activate,
  };
}
