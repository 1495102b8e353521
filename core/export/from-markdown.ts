// A pact section's Markdown (what a version stores) as the export model's blocks: read with the
// pact's own Markdown reader, so that every format shows what the editor showed.
import type { JSONContent } from "@tiptap/core";
import { markdownToSection } from "../pact/markdown";
import type { Block, Inline, Table, TextRun } from "./model";

const SAFE_HREF = /^(https?:|mailto:)/i;

export function blocksFromMarkdown(markdown: string): Block[] {
  return blocksOf(markdownToSection(markdown).content);
}

function blocksOf(nodes: JSONContent[] = []): Block[] {
  return nodes.flatMap(blockOf);
}

function blockOf(node: JSONContent): Block[] {
  switch (node.type) {
    case "paragraph":
      return [{ kind: "paragraph", content: inlinesOf(node.content) }];
    case "heading": {
      const level = Math.min(4, Math.max(2, Number(node.attrs?.level) || 2)) as 2 | 3 | 4;
      return [{ kind: "heading", level, content: inlinesOf(node.content) }];
    }
    case "bulletList":
    case "orderedList":
      return [
        {
          kind: "list",
          ordered: node.type === "orderedList",
          items: (node.content ?? []).map((item) => blocksOf(item.content)),
        },
      ];
    case "blockquote":
      return [{ kind: "quote", blocks: blocksOf(node.content) }];
    case "horizontalRule":
      return [{ kind: "rule" }];
    case "table":
      return [{ kind: "table", table: tableOf(node) }];
    default:
      // Nothing else reaches a section read from Markdown; keep the text of anything that might.
      return blocksOf(node.content);
  }
}

/** Header rows are the leading rows made only of header cells; a cell's paragraphs become lines. */
function tableOf(node: JSONContent): Table {
  const rows = node.content ?? [];
  const isHeader = (row: JSONContent) =>
    (row.content ?? []).length > 0 && (row.content ?? []).every((c) => c.type === "tableHeader");
  const headerRows = rows.findIndex((row) => !isHeader(row));
  return {
    headerRows: headerRows === -1 ? rows.length : headerRows,
    rows: rows.map((row) =>
      (row.content ?? []).map((cell) =>
        (cell.content ?? []).flatMap((paragraph, i): Inline[] => [
          ...(i > 0 ? [{ kind: "break" } as const] : []),
          ...inlinesOf(paragraph.content),
        ]),
      ),
    ),
  };
}

function inlinesOf(nodes: JSONContent[] = []): Inline[] {
  return nodes.flatMap((node): Inline[] => {
    if (node.type === "hardBreak") return [{ kind: "break" }];
    if (node.type === "footnote")
      return [{ kind: "footnote", text: String(node.attrs?.text ?? "") }];
    if (node.type !== "text" || !node.text) return [];
    const marks = new Map((node.marks ?? []).map((m) => [m.type, m.attrs]));
    // A version holds accepted text: a proposed insertion is not in it, a proposed deletion is.
    if (marks.has("insertion")) return [];
    const run: TextRun = { kind: "text", text: node.text };
    if (marks.has("bold")) run.bold = true;
    if (marks.has("italic")) run.italic = true;
    if (marks.has("strike")) run.strike = true;
    const href = String(marks.get("link")?.href ?? "").trim();
    if (SAFE_HREF.test(href)) run.href = href;
    return [run];
  });
}
