// Where comments sit in a section's text: their ranges highlighted in the editor, and the anchors
// a new comment is given. Anchors are Yjs relative positions into the section's fragment, so they
// follow the text through everyone's edits; ProseMirror positions are worked out from them.
import { Extension } from "@tiptap/core";
import { Plugin, PluginKey, type EditorState, type Transaction } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import {
  absolutePositionToRelativePosition,
  relativePositionToAbsolutePosition,
  ySyncPluginKey,
} from "@tiptap/y-tiptap";
import * as Y from "yjs";
import {
  decodeAnchorPosition,
  encodeAnchorPosition,
  type CommentThread,
} from "../../../core/pact/comments";

interface AnchorsState {
  threads: CommentThread[];
  active: string | null;
  decorations: DecorationSet;
}

interface AnchorsMeta {
  threads?: CommentThread[];
  active?: string | null;
}

export const commentAnchorsKey = new PluginKey<AnchorsState>("commentAnchors");

interface Binding {
  doc: Y.Doc;
  type: Y.XmlFragment;
  mapping: Parameters<typeof absolutePositionToRelativePosition>[2];
}

function bindingOf(state: EditorState): Binding | null {
  const binding = ySyncPluginKey.getState(state)?.binding as Binding | undefined;
  return binding ?? null;
}

/** A thread's range in the editor now, or null when its text is gone. */
export function threadRange(
  state: EditorState,
  thread: Pick<CommentThread, "anchor">,
): { from: number; to: number } | null {
  const binding = bindingOf(state);
  if (!binding) return null;
  const position = (encoded: string) => {
    const relative = decodeAnchorPosition(encoded);
    if (!relative) return null;
    return relativePositionToAbsolutePosition(binding.doc, binding.type, relative, binding.mapping);
  };
  const from = position(thread.anchor.start);
  const to = position(thread.anchor.end);
  if (from === null || to === null || from >= to) return null;
  const size = state.doc.content.size;
  return { from: Math.max(0, Math.min(from, size)), to: Math.max(0, Math.min(to, size)) };
}

function decorationsFor(state: EditorState, threads: CommentThread[], active: string | null) {
  const decorations: Decoration[] = [];
  for (const thread of threads) {
    if (thread.resolved) continue;
    const range = threadRange(state, thread);
    if (!range) continue;
    decorations.push(
      Decoration.inline(
        range.from,
        range.to,
        {
          class: thread.id === active ? "comment-anchor comment-anchor--active" : "comment-anchor",
          "data-thread": thread.id,
        },
        { thread: thread.id },
      ),
    );
  }
  return DecorationSet.create(state.doc, decorations);
}

/**
 * A relative position that sticks to the character on its right (`right`, a range's start) or its
 * left (a range's end), so that text typed just outside the range stays outside it.
 */
function stickyPosition(binding: Binding, pos: number, right: boolean): Y.RelativePosition {
  const relative = absolutePositionToRelativePosition(pos, binding.type, binding.mapping);
  const absolute = Y.createAbsolutePositionFromRelativePosition(relative, binding.doc);
  if (!absolute) return relative;
  return Y.createRelativePositionFromTypeIndex(absolute.type, absolute.index, right ? 0 : -1);
}

/** The anchors and quote of a range of the editor's text, or null when it holds no text. */
export function anchorOfRange(
  state: EditorState,
  from: number,
  to: number,
): { anchor: { start: string; end: string }; quote: string } | null {
  const binding = bindingOf(state);
  if (from >= to || !binding) return null;
  const quote = state.doc.textBetween(from, to, " ", " ").trim();
  if (!quote) return null;
  return {
    anchor: {
      start: encodeAnchorPosition(stickyPosition(binding, from, true)),
      end: encodeAnchorPosition(stickyPosition(binding, to, false)),
    },
    quote,
  };
}

/** Tells the section's editor which threads are its own, and which one is being read. */
export function setCommentThreads(
  tr: Transaction,
  threads: CommentThread[],
  active: string | null,
): Transaction {
  return tr.setMeta(commentAnchorsKey, { threads, active } satisfies AnchorsMeta);
}

export interface CommentAnchorsOptions {
  /** A highlighted range was clicked: its thread (the panel lists them all for the keyboard). */
  onActivate: (threadId: string) => void;
  /** Mod-Alt-m, as in the editors people know: comment on the selection. */
  onCommentShortcut: () => void;
}

export const CommentAnchors = Extension.create<CommentAnchorsOptions>({
  name: "commentAnchors",

  addOptions() {
    return { onActivate: () => {}, onCommentShortcut: () => {} };
  },

  addKeyboardShortcuts() {
    return {
      "Mod-Alt-m": () => {
        this.options.onCommentShortcut();
        return true;
      },
    };
  },

  addProseMirrorPlugins() {
    const options = this.options;
    return [
      new Plugin<AnchorsState>({
        key: commentAnchorsKey,
        state: {
          init: () => ({ threads: [], active: null, decorations: DecorationSet.empty }),
          apply(tr, value, _old, state) {
            const meta = tr.getMeta(commentAnchorsKey) as AnchorsMeta | undefined;
            const threads = meta?.threads ?? value.threads;
            const active = meta && "active" in meta ? (meta.active ?? null) : value.active;
            if (threads.length === 0) {
              return { threads, active, decorations: DecorationSet.empty };
            }
            // Another writer's change (or the first sync) has updated the Yjs mapping: anchors
            // are read afresh. One's own typing only shifts them, which mapping follows exactly.
            if (meta || tr.getMeta(ySyncPluginKey)) {
              return { threads, active, decorations: decorationsFor(state, threads, active) };
            }
            if (!tr.docChanged) return value;
            return { ...value, decorations: value.decorations.map(tr.mapping, tr.doc) };
          },
        },
        props: {
          decorations: (state) => commentAnchorsKey.getState(state)?.decorations,
          handleClick(view, pos) {
            const found = commentAnchorsKey.getState(view.state)?.decorations.find(pos, pos);
            const thread = found?.[0]?.spec.thread as string | undefined;
            if (thread) options.onActivate(thread);
            return false;
          },
        },
      }),
    ];
  },
});
