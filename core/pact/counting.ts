// How long a pact section is, as a regional form counts it (issue 6): characters with spaces, and
// whether that is fine, near the section's limit or over it.
import type { JSONContent } from "@tiptap/core";
import { expandLiveBlocks, type LiveBlockResolver } from "./live-block";
import { limitInCharacters, type SectionLimit } from "./templates";

export type LimitState = "ok" | "near" | "over";

/** From this share of the limit on, the counter warns. */
export const NEAR_LIMIT_RATIO = 0.9;

/**
 * The characters of a section's text, spaces included, in Unicode code points of its NFC form
 * (what a word processor shows as one character). Paragraph and line breaks are not counted;
 * footnotes' text is. Pending proposals count as if accepted: proposed insertions are in the text
 * being written, text proposed for deletion is not.
 *
 * A live block counts the text of the table it will print (its cells, header included, as any
 * table's), resolved by `options.liveBlocks`: the section's limit holds for what the version will
 * hold. A block that cannot be resolved (not read yet, or unreadable) counts nothing: the sentence
 * standing for it in Markdown is a notice, not the pact's text.
 */
export function countCharacters(
  doc: JSONContent,
  options: { liveBlocks?: LiveBlockResolver } = {},
): number {
  let count = 0;
  const visit = (node: JSONContent) => {
    if (node.marks?.some((mark) => mark.type === "deletion")) return;
    if (node.type === "text") count += codePoints(node.text ?? "");
    else if (node.type === "footnote") count += codePoints(String(node.attrs?.text ?? ""));
    node.content?.forEach(visit);
  };
  visit(expandLiveBlocks(doc, options.liveBlocks, { unreadable: "nothing" }));
  return count;
}

function codePoints(text: string): number {
  let n = 0;
  for (const _ of text.normalize("NFC")) n++;
  return n;
}

/**
 * Where a count stands against a limit (a number of characters, or a template's limit in
 * characters or pages): near from 90 % of it, over beyond it; no limit is always fine.
 */
export function limitState(
  count: number,
  limit: SectionLimit | number | null | undefined,
): LimitState {
  if (limit === null || limit === undefined) return "ok";
  const max = typeof limit === "number" ? limit : limitInCharacters(limit);
  if (count > max) return "over";
  if (count >= max * NEAR_LIMIT_RATIO) return "near";
  return "ok";
}
