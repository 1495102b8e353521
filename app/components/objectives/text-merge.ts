// What one is typing in a field of the objectives page, kept apart from the stored text until it
// is saved, and merged with what others type meanwhile: one's own edit replayed on their text, so
// that two people writing in one field both keep their words (the document's Y.Text does the same
// for edits that cross on the wire).

/** One contiguous change: `deleted` characters at `at` replaced by `inserted`. */
export interface TextEdit {
  at: number;
  deleted: number;
  inserted: string;
}

/** The one edit that turns `from` into `to`, keeping their common head and tail. */
export function diffText(from: string, to: string): TextEdit {
  const shortest = Math.min(from.length, to.length);
  let start = 0;
  while (start < shortest && from[start] === to[start]) start += 1;
  let end = 0;
  while (end < shortest - start && from[from.length - 1 - end] === to[to.length - 1 - end]) {
    end += 1;
  }
  return {
    at: start,
    deleted: from.length - start - end,
    inserted: to.slice(start, to.length - end),
  };
}

export function applyEdit(text: string, edit: TextEdit): string {
  return text.slice(0, edit.at) + edit.inserted + text.slice(edit.at + edit.deleted);
}

const isNoop = (edit: TextEdit) => edit.deleted === 0 && edit.inserted === "";

/**
 * The draft one is typing (begun from `base`) once others changed the stored text from `base` to
 * `remote`. Edits apart both survive; where they overlap, what either deleted is gone and their
 * insertion comes first, then one's own.
 */
export function rebaseDraft(base: string, draft: string, remote: string): string {
  const mine = diffText(base, draft);
  const theirs = diffText(base, remote);
  if (isNoop(mine)) return remote;
  if (isNoop(theirs)) return draft;
  if (mine.at + mine.deleted <= theirs.at) return applyEdit(remote, mine);
  if (theirs.at + theirs.deleted <= mine.at) {
    return applyEdit(remote, { ...mine, at: mine.at + theirs.inserted.length - theirs.deleted });
  }
  const start = Math.min(mine.at, theirs.at);
  const end = Math.max(mine.at + mine.deleted, theirs.at + theirs.deleted);
  return base.slice(0, start) + theirs.inserted + mine.inserted + base.slice(end);
}

/** Where a caret at `index` in `from` belongs once the text became `to`. */
export function mapIndex(from: string, to: string, index: number): number {
  const edit = diffText(from, to);
  if (index <= edit.at) return index;
  if (index >= edit.at + edit.deleted) return index + edit.inserted.length - edit.deleted;
  return edit.at + edit.inserted.length;
}

/**
 * A field's text as core/sensemaking.ts stores it: control characters dropped (line breaks
 * kept), trimmed. The page needs it to know what its own save left in the document.
 */
export function storedForm(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}]/gu, (c) => (c === "\n" ? c : "")).trim();
}
