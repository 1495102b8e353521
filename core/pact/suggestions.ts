// Suggestion mode (tracked changes) for a pact section (issue 6): a writer's edits become
// proposals, shown with the `insertion` and `deletion` marks (author and time in their attributes),
// until the secretary or a facilitator accepts or rejects them. Pure ProseMirror, so it runs in
// unit tests without a browser; `SuggestionMode` wires it into a Tiptap editor.
//
// What is tracked is text. A writer's transaction is rewritten step by step:
// - inserted content gets the insertion mark (continuing the writer's own adjacent proposal);
// - deleted text gets the deletion mark and stays, unless it is the writer's own pending insertion,
//   which is really removed; text already proposed for deletion, and other writers' pending
//   insertions, are left as they are (only a reviewer settles them);
// - paragraph structure is not tracked: Enter splits a paragraph, headings, lists, tables and
//   formatting change directly (they never remove anyone's text); joining two paragraphs that both
//   hold text is refused (the caret steps into the neighbour), since it would reflow others' text
//   unreviewed; removing an empty paragraph is allowed, removing a block atom (a live block) is
//   not. Steps that would add or remove the suggestion marks themselves are dropped: only
//   accepting or rejecting settles a proposal.
import { Extension } from "@tiptap/core";
import { Fragment, Slice, type Mark, type Node as ProseMirrorNode } from "@tiptap/pm/model";
import {
  PluginKey,
  Selection,
  type Command,
  type EditorState,
  type Transaction,
} from "@tiptap/pm/state";
import {
  AddMarkStep,
  AddNodeMarkStep,
  RemoveMarkStep,
  RemoveNodeMarkStep,
  ReplaceAroundStep,
  ReplaceStep,
  type MapResult,
  type Mappable,
  Transform,
  type Step,
} from "@tiptap/pm/transform";
import { ySyncPluginKey } from "@tiptap/y-tiptap";

export type SuggestionKind = "insertion" | "deletion";

/** Who proposes: a name shown to the others, never an email. */
export interface SuggestionAuthor {
  id: string;
  name: string;
}

/** One pending proposal: the runs of text carrying the same suggestion id and kind. */
export interface SuggestionSummary {
  id: string;
  kind: SuggestionKind;
  authorId: string | null;
  authorName: string;
  /** Epoch milliseconds; null if a client wrote none. */
  at: number | null;
  text: string;
  /** From the start of its first run to the end of its last one. */
  from: number;
  to: number;
}

export interface SuggestContext {
  author: SuggestionAuthor;
  /** Epoch milliseconds of the edit. */
  now: number;
  newId: () => string;
}

/**
 * Meta marking a transaction that suggestion mode must leave alone: its own rewrites, and
 * accepting or rejecting (which really insert and delete).
 */
export const suggestionsKey = new PluginKey("pactSuggestions");

const SUGGESTION_MARKS = new Set<string>(["insertion", "deletion"]);

/** A short random id; `getRandomValues` also works on a page served over plain HTTP. */
export function randomSuggestionId(): string {
  const bytes = new Uint8Array(9);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(36).padStart(2, "0")).join("");
}

/** Transactions suggestion mode never rewrites: remote Yjs changes, undo, history-less edits. */
function isExempt(tr: Transaction): boolean {
  return (
    tr.getMeta(ySyncPluginKey) !== undefined ||
    tr.getMeta(suggestionsKey) !== undefined ||
    tr.getMeta("addToHistory") === false
  );
}

const markOf = (node: ProseMirrorNode, kind: SuggestionKind): Mark | undefined =>
  node.marks.find((m) => m.type.name === kind);

const isMine = (mark: Mark | undefined, author: SuggestionAuthor) =>
  mark !== undefined && mark.attrs.authorId === author.id;

/** Inline content of a slice with the insertion mark (replacing any suggestion mark it carried). */
function markFragment(fragment: Fragment, mark: Mark): Fragment {
  const nodes: ProseMirrorNode[] = [];
  fragment.forEach((node) => {
    if (node.isInline) nodes.push(node.mark(mark.addToSet(node.marks)));
    else nodes.push(node.copy(markFragment(node.content, mark)));
  });
  return Fragment.fromArray(nodes);
}

function hasSuggestionMarks(fragment: Fragment): boolean {
  let found = false;
  fragment.descendants((node) => {
    if (node.marks.some((m) => SUGGESTION_MARKS.has(m.type.name))) found = true;
    return !found;
  });
  return found;
}

/** The mark for new text at `pos`: the writer's own adjacent insertion, so typing extends it. */
function insertionMarkAt(doc: ProseMirrorNode, pos: number, ctx: SuggestContext): Mark {
  const $pos = doc.resolve(pos);
  for (const node of [$pos.nodeBefore, $pos.nodeAfter]) {
    const mark = node?.isInline ? markOf(node, "insertion") : undefined;
    if (mark && isMine(mark, ctx.author)) return mark;
  }
  return doc.type.schema.marks.insertion!.create({
    suggestionId: ctx.newId(),
    authorId: ctx.author.id,
    authorName: ctx.author.name,
    at: ctx.now,
  });
}

/** The mark for text struck at [from, to): the writer's own adjacent deletion, if any. */
function deletionMarkAround(
  doc: ProseMirrorNode,
  from: number,
  to: number,
  ctx: SuggestContext,
): Mark {
  for (const node of [doc.resolve(from).nodeBefore, doc.resolve(to).nodeAfter]) {
    const mark = node?.isInline ? markOf(node, "deletion") : undefined;
    if (mark && isMine(mark, ctx.author)) return mark;
  }
  return doc.type.schema.marks.deletion!.create({
    suggestionId: ctx.newId(),
    authorId: ctx.author.id,
    authorName: ctx.author.name,
    at: ctx.now,
  });
}

type Range = [number, number];

function pushRange(ranges: Range[], from: number, to: number) {
  const last = ranges[ranges.length - 1];
  if (last && last[1] === from) last[1] = to;
  else ranges.push([from, to]);
}

/**
 * The inline content of [from, to) sorted by what a suggested deletion does to it: the writer's own
 * pending insertions go, other text is struck; struck text and others' insertions stay as they are.
 */
function classifyDeletion(doc: ProseMirrorNode, from: number, to: number, ctx: SuggestContext) {
  const strike: Range[] = [];
  const remove: Range[] = [];
  let foreignText = false;
  doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isInline) {
      // A block atom (a live block, a rule) cannot carry a mark: deleting it is not proposed.
      if (node.isLeaf && pos >= from && pos + node.nodeSize <= to) foreignText = true;
      return true;
    }
    const start = Math.max(pos, from);
    const end = Math.min(pos + node.nodeSize, to);
    if (start >= end) return false;
    const insertion = markOf(node, "insertion");
    if (isMine(insertion, ctx.author)) pushRange(remove, start, end);
    else {
      foreignText = true;
      if (!insertion && !markOf(node, "deletion")) pushRange(strike, start, end);
    }
    return false;
  });
  return { strike, remove, foreignText };
}

/** Strikes and removes as `classifyDeletion` says, leaving the structure in place. */
function suggestInlineDeletion(
  out: Transaction,
  from: number,
  to: number,
  ctx: SuggestContext,
): void {
  const { strike, remove } = classifyDeletion(out.doc, from, to, ctx);
  if (strike.length > 0) {
    const mark = deletionMarkAround(out.doc, strike[0]![0], strike[strike.length - 1]![1], ctx);
    for (const [a, b] of strike) out.addMark(a, b, mark);
  }
  for (let i = remove.length - 1; i >= 0; i--) out.delete(remove[i]![0], remove[i]![1]);
}

/** Would deleting [from, to) glue two paragraphs that both keep text? */
function joinsTwoTexts(doc: ProseMirrorNode, from: number, to: number): boolean {
  const $from = doc.resolve(from);
  const $to = doc.resolve(to);
  if (!$from.parent.isTextblock || !$to.parent.isTextblock) return false;
  return $from.parentOffset > 0 && $to.parentOffset < $to.parent.content.size;
}

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;
const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** The position one character before or after `pos` in its textblock (a surrogate pair is one). */
function characterBeside(doc: ProseMirrorNode, pos: number, dir: -1 | 1): number | null {
  const $pos = doc.resolve(pos);
  // Inside a text node, nodeBefore and nodeAfter are the parts of it on either side of `pos`.
  const node = dir < 0 ? $pos.nodeBefore : $pos.nodeAfter;
  if (!node || !$pos.parent.inlineContent) return null;
  if (!node.isText) return pos + dir * node.nodeSize;
  const text = node.text!;
  const pair =
    text.length > 1 &&
    (dir < 0
      ? isLowSurrogate(text.charCodeAt(text.length - 1))
      : isHighSurrogate(text.charCodeAt(0)));
  return pos + dir * (pair ? 2 : 1);
}

/**
 * Backspace or Delete over text already struck (or another writer's insertion) steps over it and
 * strikes the next character instead, so holding the key keeps striking.
 */
function stepOverSettled(
  doc: ProseMirrorNode,
  from: number,
  to: number,
  dir: -1 | 1,
  ctx: SuggestContext,
): Range {
  const { strike, remove } = classifyDeletion(doc, from, to, ctx);
  if (strike.length > 0 || remove.length > 0) return [from, to];
  const settled = (node: ProseMirrorNode | null | undefined) => {
    if (!node?.isInline) return false;
    const insertion = markOf(node, "insertion");
    return markOf(node, "deletion") !== undefined || (insertion && !isMine(insertion, ctx.author));
  };
  let pos = dir < 0 ? from : to;
  for (;;) {
    const $pos = doc.resolve(pos);
    const node = dir < 0 ? $pos.nodeBefore : $pos.nodeAfter;
    if (!node || !settled(node)) break;
    pos += dir * node.nodeSize;
  }
  const next = characterBeside(doc, pos, dir);
  if (next === null) return [pos, pos];
  return dir < 0 ? [next, pos] : [pos, next];
}

interface InsertionRecord {
  /** The inserted content in the original transaction's document after its step. */
  origFrom: number;
  origSize: number;
  /** Where it went in the rewritten transaction, after its step number `outStep`. */
  outFrom: number;
  outSize: number;
  outStep: number;
}

/**
 * Maps positions of the original transaction (after its step `index`) to the rewritten one:
 * back through the original steps to the start document, then forward through the rewrite, except
 * inside content an original step inserted, which is found where the rewrite put it.
 */
function originalToRewritten(
  tr: Transaction,
  out: Transaction,
  records: (InsertionRecord | null)[],
  index: number,
): Mappable {
  const map = (pos: number, assoc = 1): number => {
    for (let i = index - 1; i >= 0; i--) {
      const record = records[i];
      if (record && pos >= record.origFrom && pos <= record.origFrom + record.origSize) {
        const offset = Math.min(pos - record.origFrom, record.outSize);
        return out.mapping.slice(record.outStep).map(record.outFrom + offset, assoc);
      }
      pos = tr.mapping.maps[i]!.invert().map(pos, assoc);
    }
    return out.mapping.map(pos, assoc);
  };
  return {
    map,
    mapResult: (pos: number, assoc = 1) =>
      ({
        pos: map(pos, assoc),
        deleted: false,
        deletedBefore: false,
        deletedAfter: false,
        deletedAcross: false,
      }) as MapResult,
  };
}

function copyMeta(from: Transaction, to: Transaction) {
  for (const key of ["paste", "uiEvent", "composition", "pointer"]) {
    const value = from.getMeta(key);
    if (value !== undefined) to.setMeta(key, value);
  }
  if (from.scrolledIntoView) to.scrollIntoView();
  if (from.storedMarksSet) {
    to.setStoredMarks(from.storedMarks?.filter((m) => !SUGGESTION_MARKS.has(m.type.name)) ?? null);
  }
}

/**
 * A writer's transaction rewritten as suggestions (see the top of this file). Exempt transactions
 * (remote, undo, ours) and ones that change no text come back as they are; `null` means refuse it.
 */
export function suggestTransaction(
  state: EditorState,
  tr: Transaction,
  ctx: SuggestContext,
): Transaction | null {
  if (!tr.docChanged || isExempt(tr)) return tr;
  // Built on another state: it could not be applied anyway.
  if (!tr.before.eq(state.doc)) return null;
  try {
    return rewrite(state, tr, ctx);
  } catch {
    // Whatever the rewrite cannot place is refused: applied untracked it would escape review.
    return null;
  }
}

function rewrite(state: EditorState, tr: Transaction, ctx: SuggestContext): Transaction {
  const out = state.tr.setMeta(suggestionsKey, "suggested");
  copyMeta(tr, out);
  const records: (InsertionRecord | null)[] = [];
  // A single Backspace or Delete with a caret: its caret follows the struck text.
  const lone = tr.steps.length === 1 ? tr.steps[0] : undefined;
  let caret: { pos: number; step: number; assoc: -1 | 1 } | null = null;
  let direction: -1 | 1 | 0 = 0;
  if (lone instanceof ReplaceStep && lone.slice.size === 0 && state.selection.empty) {
    if (state.selection.head === lone.to) direction = -1;
    else if (state.selection.head === lone.from) direction = 1;
  }

  tr.steps.forEach((step, index) => {
    const mapping = originalToRewritten(tr, out, records, index);
    records.push(null);
    if (step instanceof ReplaceStep) {
      const { slice } = step;
      let from = mapping.map(step.from, 1);
      let to = Math.max(from, mapping.map(step.to, -1));
      const start = out.steps.length;
      if (direction !== 0 && out.doc.resolve(from).sameParent(out.doc.resolve(to))) {
        [from, to] = stepOverSettled(out.doc, from, to, direction, ctx);
      }
      if (from < to) {
        const { foreignText } = classifyDeletion(out.doc, from, to, ctx);
        const sameBlock = out.doc.resolve(from).sameParent(out.doc.resolve(to));
        if (!sameBlock && !foreignText && !joinsTwoTexts(out.doc, from, to)) out.delete(from, to);
        else suggestInlineDeletion(out, from, to, ctx);
      }
      if (direction !== 0) {
        const after = out.mapping.slice(start);
        caret =
          direction < 0
            ? { pos: after.map(from, -1), step: out.steps.length, assoc: -1 }
            : { pos: after.map(to, 1), step: out.steps.length, assoc: 1 };
      }
      if (slice.size > 0) {
        const at = out.mapping.slice(start).map(to, 1);
        const marked = new Slice(
          markFragment(slice.content, insertionMarkAt(out.doc, at, ctx)),
          slice.openStart,
          slice.openEnd,
        );
        const before = out.doc.content.size;
        out.replace(at, at, marked);
        records[index] = {
          origFrom: step.from,
          origSize: slice.size,
          outFrom: at,
          outSize: out.doc.content.size - before,
          outStep: out.steps.length,
        };
      }
      return;
    }
    if (
      (step instanceof AddMarkStep || step instanceof RemoveMarkStep) &&
      SUGGESTION_MARKS.has(step.mark.type.name)
    ) {
      return;
    }
    if (
      (step instanceof AddNodeMarkStep || step instanceof RemoveNodeMarkStep) &&
      SUGGESTION_MARKS.has(step.mark.type.name)
    ) {
      return;
    }
    const mapped = step.map(mapping);
    if (!mapped) return;
    if (mapped instanceof ReplaceAroundStep && removesText(out.doc, mapped)) return;
    out.maybeStep(mapped);
  });

  const finalCaret = caret as { pos: number; step: number; assoc: -1 | 1 } | null;
  if (finalCaret) {
    const pos = out.mapping.slice(finalCaret.step).map(finalCaret.pos, finalCaret.assoc);
    out.setSelection(Selection.near(out.doc.resolve(pos), finalCaret.assoc));
  } else {
    const mapping = originalToRewritten(tr, out, records, tr.steps.length);
    out.setSelection(mapSelection(tr.selection, out.doc, mapping));
  }
  return out;
}

function mapSelection(selection: Selection, doc: ProseMirrorNode, mapping: Mappable): Selection {
  try {
    return selection.map(doc, mapping);
  } catch {
    return Selection.near(doc.resolve(Math.min(mapping.map(selection.head), doc.content.size)));
  }
}

/** A structural step (wrap, lift, block type) never removes text; one that would is dropped. */
function removesText(doc: ProseMirrorNode, step: ReplaceAroundStep): boolean {
  return (
    doc.textBetween(step.from, step.gapFrom).length > 0 ||
    doc.textBetween(step.gapTo, step.to).length > 0
  );
}

/**
 * A direct (not suggested) edit: what it inserts carries no suggestion mark, so text typed inside
 * someone's proposal, or pasted from one, is not put down to them.
 */
export function directTransaction(tr: Transaction): Transaction {
  if (!tr.docChanged || isExempt(tr)) return tr;
  const ranges: Range[] = [];
  tr.steps.forEach((step: Step, index) => {
    if (!(step instanceof ReplaceStep)) return;
    const { slice } = step;
    if (!hasSuggestionMarks(slice.content)) return;
    const after = tr.mapping.slice(index + 1);
    ranges.push([after.map(step.from, -1), after.map(step.from + slice.size, 1)]);
  });
  const { insertion, deletion } = tr.doc.type.schema.marks;
  for (const [from, to] of ranges) {
    if (from >= to) continue;
    tr.removeMark(from, to, insertion);
    tr.removeMark(from, to, deletion);
  }
  return tr;
}

/** The pending suggestions of a section, in document order. */
export function listSuggestions(doc: ProseMirrorNode): SuggestionSummary[] {
  const byKey = new Map<string, SuggestionSummary & { block: number }>();
  doc.descendants((node, pos) => {
    if (!node.isInline) return true;
    for (const mark of node.marks) {
      if (!SUGGESTION_MARKS.has(mark.type.name)) continue;
      const kind = mark.type.name as SuggestionKind;
      const id = String(mark.attrs.suggestionId ?? "");
      const key = `${kind}:${id}`;
      const block = doc.resolve(pos).before();
      const text = node.isText
        ? node.text!
        : node.type.name === "footnote"
          ? String(node.attrs.text ?? "")
          : " ";
      const found = byKey.get(key);
      if (!found) {
        byKey.set(key, {
          id,
          kind,
          authorId: mark.attrs.authorId === null ? null : String(mark.attrs.authorId),
          authorName: String(mark.attrs.authorName ?? ""),
          at: typeof mark.attrs.at === "number" ? mark.attrs.at : null,
          text,
          from: pos,
          to: pos + node.nodeSize,
          block,
        });
      } else {
        found.text += (found.block === block ? "" : "\n") + text;
        found.to = pos + node.nodeSize;
        found.block = block;
      }
    }
    return false;
  });
  return [...byKey.values()]
    .map(({ block: _block, ...summary }) => summary)
    .sort((a, b) => a.from - b.from);
}

type Verdict = "accept" | "reject";

/**
 * Settles the suggestions that `which` picks, in `tr`: accepting an insertion or rejecting a
 * deletion drops the mark; accepting a deletion or rejecting an insertion removes the text (and its
 * paragraph, if nothing else was in it). Returns whether there was anything to settle.
 */
export function settleSuggestions(
  tr: Transform,
  verdict: Verdict,
  which: (mark: Mark) => boolean,
): boolean {
  const doc = tr.doc;
  const unmark: { from: number; to: number; mark: Mark }[] = [];
  const remove: Range[] = [];
  doc.descendants((node, pos) => {
    if (!node.isInline) return true;
    for (const mark of node.marks) {
      if (!SUGGESTION_MARKS.has(mark.type.name) || !which(mark)) continue;
      const goes = (mark.type.name === "insertion") === (verdict === "reject");
      if (goes) pushRange(remove, pos, pos + node.nodeSize);
      else unmark.push({ from: pos, to: pos + node.nodeSize, mark });
    }
    return false;
  });
  if (unmark.length === 0 && remove.length === 0) return false;
  for (const { from, to, mark } of unmark) tr.removeMark(from, to, mark);
  for (const [from, to] of widenToBlocks(doc, remove).reverse()) {
    tr.delete(tr.mapping.map(from), tr.mapping.map(to));
  }
  return true;
}

/**
 * Removal ranges, with each top-level paragraph they would empty widened to the whole paragraph,
 * so rejecting a proposed paragraph leaves no empty one behind (a section keeps at least one).
 * Paragraphs inside lists and tables keep their place.
 */
function widenToBlocks(doc: ProseMirrorNode, ranges: Range[]): Range[] {
  const result: Range[] = [];
  const widened = new Set<Range>();
  let blocksLeft = doc.childCount;
  doc.forEach((block, offset) => {
    if (!block.isTextblock || block.content.size === 0 || blocksLeft <= 1) return;
    const inside = ranges.filter(([a, b]) => a > offset && b < offset + block.nodeSize);
    const covered = inside.reduce((sum, [a, b]) => sum + b - a, 0);
    if (covered !== block.content.size) return;
    blocksLeft -= 1;
    result.push([offset, offset + block.nodeSize]);
    for (const range of inside) widened.add(range);
  });
  for (const range of ranges) if (!widened.has(range)) result.push(range);
  return result.sort((x, y) => x[0] - y[0]);
}

const byId = (id: string) => (mark: Mark) => mark.attrs.suggestionId === id;
const every = () => true;

function settleCommand(verdict: Verdict, which: (mark: Mark) => boolean): Command {
  return (state, dispatch) => {
    const tr = state.tr;
    if (!settleSuggestions(tr, verdict, which)) return false;
    dispatch?.(tr.setMeta(suggestionsKey, "settled"));
    return true;
  };
}

/** Accepts one suggestion: an insertion stays as text, a deletion removes its text. */
export const acceptSuggestion = (id: string): Command => settleCommand("accept", byId(id));
/** Rejects one suggestion: an insertion goes, a deletion's text stays. */
export const rejectSuggestion = (id: string): Command => settleCommand("reject", byId(id));
/** Accepts every suggestion of the section. */
export const acceptAll = (): Command => settleCommand("accept", every);
/** Rejects every suggestion of the section. */
export const rejectAll = (): Command => settleCommand("reject", every);

export interface SuggestionModeOptions {
  /** Who edits in this editor; suggestion mode does nothing without one. */
  author: SuggestionAuthor | null;
  enabled: boolean;
}

export interface SuggestionModeStorage {
  enabled: boolean;
  author: SuggestionAuthor | null;
}

declare module "@tiptap/core" {
  interface Commands<ReturnType> {
    suggestionMode: {
      /** Turns suggestion mode on or off for this editor's writer. */
      setSuggestionMode: (enabled: boolean) => ReturnType;
      acceptSuggestion: (id: string) => ReturnType;
      rejectSuggestion: (id: string) => ReturnType;
      acceptAllSuggestions: () => ReturnType;
      rejectAllSuggestions: () => ReturnType;
    };
  }
  interface Storage {
    suggestionMode: SuggestionModeStorage;
  }
}

/**
 * Suggestion mode in a Tiptap editor: while on, the writer's transactions are rewritten as
 * suggestions before they reach the document (and so the Yjs document); while off, edits are
 * direct. Remote changes arrive through y-tiptap's sync and are never rewritten.
 */
export const SuggestionMode = Extension.create<SuggestionModeOptions, SuggestionModeStorage>({
  name: "suggestionMode",

  addOptions() {
    return { author: null, enabled: false };
  },

  addStorage() {
    return { enabled: this.options.enabled, author: this.options.author };
  },

  addCommands() {
    const settle =
      (verdict: Verdict, which: (mark: Mark) => boolean) =>
      () =>
      ({ tr, dispatch }: { tr: Transaction; dispatch?: unknown }) => {
        // Without dispatch Tiptap only asks whether the command could run.
        if (!dispatch) return settleSuggestions(new Transform(tr.doc), verdict, which);
        if (!settleSuggestions(tr, verdict, which)) return false;
        tr.setMeta(suggestionsKey, "settled");
        return true;
      };
    return {
      setSuggestionMode:
        (enabled: boolean) =>
        ({ tr }) => {
          this.storage.enabled = enabled;
          tr.setMeta(suggestionsKey, "mode");
          return true;
        },
      acceptSuggestion: (id: string) => settle("accept", byId(id))(),
      rejectSuggestion: (id: string) => settle("reject", byId(id))(),
      acceptAllSuggestions: settle("accept", every),
      rejectAllSuggestions: settle("reject", every),
    };
  },

  dispatchTransaction({ transaction, next }) {
    const { enabled, author } = this.storage;
    if (!enabled || !author) {
      next(directTransaction(transaction));
      return;
    }
    const rewritten = suggestTransaction(this.editor.state, transaction, {
      author,
      now: Date.now(),
      newId: randomSuggestionId,
    });
    if (rewritten) next(rewritten);
  },
});
