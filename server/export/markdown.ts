// The Markdown export: the outline written by the pact's own Markdown writer (core/pact/markdown.ts),
// so that text is escaped, marks nest and tables, lists and footnotes read back exactly as a
// section's stored Markdown does. CommonMark with GFM tables and `[^n]` footnotes.
import type { JSONContent } from "@tiptap/core";
import type { Block, ExportDocument, Inline } from "../../core/export/model";
import { footerLine, outline, titlePage, xmlSafe } from "../../core/export/outline";
import { sectionToMarkdown } from "../../core/pact/markdown";

/**
 * Put before each part's title, written as a level-2 heading (the pact's levels are 2–4), then
 * turned into `# `. A private-use character no one types, taken out of people's text anyway.
 */
const PART = "\uE000tavolo-part\uE000";

export function renderMarkdown(doc: ExportDocument): string {
  const page = titlePage(doc);
  // The title page: one paragraph, a line each.
  const titleLines = [
    run(page.kind, { bold: true }),
    run(page.title, { bold: true }),
    run(page.roundtable),
    ...(page.version ? [run(page.version)] : []),
    run(page.date),
  ];
  const body: JSONContent[] = [
    paragraph(
      titleLines.flatMap((line, i): Inline[] => (i > 0 ? [{ kind: "break" }, line] : [line])),
    ),
  ];
  for (const part of outline(doc)) {
    body.push({ type: "heading", attrs: { level: 2 }, content: [text(PART + clean(part.title))] });
    body.push(...part.blocks.flatMap(blockJson));
  }
  // One document, so that footnotes are numbered in order of citation across the parts (as
  // footnoteNumbers does) with their definitions at the end; the footer line comes after them.
  const markdown = sectionToMarkdown({ type: "doc", content: body }).replaceAll(`## ${PART}`, "# ");
  const footer = sectionToMarkdown({ type: "doc", content: [paragraph([run(footerLine(doc))])] });
  return `${markdown}\n\n---\n\n${footer}\n`;
}

/** People's text without the characters no document holds, nor the part marker. */
const clean = (value: string) => xmlSafe(value).replaceAll("\uE000", "");

const run = (value: string, marks: { bold?: boolean } = {}): Inline => ({
  kind: "text",
  text: value,
  ...marks,
});

const text = (value: string, marks?: JSONContent["marks"]): JSONContent => ({
  type: "text",
  text: value,
  ...(marks && marks.length > 0 ? { marks } : {}),
});

const paragraph = (inlines: readonly Inline[]): JSONContent => ({
  type: "paragraph",
  content: inlinesJson(inlines),
});

/** The export model's blocks as the pact schema's nodes (the reverse of blocksFromMarkdown). */
function blockJson(block: Block): JSONContent[] {
  switch (block.kind) {
    case "heading":
      return [
        { type: "heading", attrs: { level: block.level }, content: inlinesJson(block.content) },
      ];
    case "paragraph":
      return [paragraph(block.content)];
    case "list":
      return [
        {
          type: block.ordered ? "orderedList" : "bulletList",
          ...(block.ordered ? { attrs: { start: 1 } } : {}),
          content: block.items.map((item) => ({
            type: "listItem",
            content: item.flatMap(blockJson),
          })),
        },
      ];
    case "quote":
      return [{ type: "blockquote", content: block.blocks.flatMap(blockJson) }];
    case "rule":
      return [{ type: "horizontalRule" }];
    case "table":
      // Markdown has no caption: the heading above the table says what it is.
      return [
        {
          type: "table",
          content: block.table.rows.map((row, r) => ({
            type: "tableRow",
            content: row.map((cell) => ({
              type: r < block.table.headerRows ? "tableHeader" : "tableCell",
              content: [paragraph(cell)],
            })),
          })),
        },
      ];
  }
}

function inlinesJson(inlines: readonly Inline[]): JSONContent[] {
  return inlines.flatMap((inline): JSONContent[] => {
    if (inline.kind === "break") return [{ type: "hardBreak" }];
    if (inline.kind === "footnote")
      return [{ type: "footnote", attrs: { text: clean(inline.text) } }];
    const value = clean(inline.text);
    if (!value) return [];
    const marks: NonNullable<JSONContent["marks"]> = [];
    if (inline.bold) marks.push({ type: "bold" });
    if (inline.italic) marks.push({ type: "italic" });
    if (inline.strike) marks.push({ type: "strike" });
    if (inline.href && /^(https?:|mailto:)/i.test(inline.href.trim())) {
      marks.push({ type: "link", attrs: { href: inline.href.trim() } });
    }
    return [text(value, marks)];
  });
}
