// The printable HTML export: one standalone HTML5 page (no scripts, no outside files) with the
// title page, a table of contents, each part from a new printed page, notes at the end and the
// version and hash on every printed page. All people's text goes through escapeXml.
import type { Block, ExportDocument, Inline, Table } from "../../core/export/model";
import {
  escapeXml,
  footerLine,
  footnoteNumbers,
  outline,
  titlePage,
  xmlSafe,
} from "../../core/export/outline";

const SAFE_HREF = /^(https?:|mailto:)/i;

export function renderHtml(doc: ExportDocument): string {
  const parts = outline(doc);
  const notes = footnoteNumbers(parts);
  const page = titlePage(doc);
  const footer = footerLine(doc);
  const write = (blocks: readonly Block[]) => blocks.map((b) => blockHtml(b, notes)).join("\n");

  const titleLines = [page.roundtable, page.version, page.date].filter((l): l is string => !!l);
  const contents = parts
    .map((part, i) => `<li><a href="#part-${i + 1}">${escapeXml(part.title)}</a></li>`)
    .join("\n");
  const body = parts
    .map(
      (part, i) =>
        `<section class="part" id="part-${i + 1}" aria-labelledby="part-${i + 1}-title">\n` +
        `<h2 id="part-${i + 1}-title">${escapeXml(part.title)}</h2>\n${write(part.blocks)}\n</section>`,
    )
    .join("\n");
  const endnotes =
    notes.size === 0
      ? ""
      : `<section class="notes" role="doc-endnotes" aria-labelledby="notes-title">\n` +
        `<h2 id="notes-title">${escapeXml(doc.labels.footnotes)}</h2>\n<ol>\n` +
        [...notes]
          .map(
            ([note, n]) =>
              `<li id="note-${n}">${escapeXml(note.kind === "footnote" ? note.text : "")} ` +
              `<a href="#ref-${n}" role="doc-backlink">↩︎</a></li>`,
          )
          .join("\n") +
        `\n</ol>\n</section>`;

  return `<!DOCTYPE html>
<html lang="${doc.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(`${page.kind} — ${page.title}`)}</title>
<style>
${printCss(doc, footer)}
</style>
</head>
<body>
<header class="title-page">
<p class="kind">${escapeXml(page.kind)}</p>
<h1>${escapeXml(page.title)}</h1>
${titleLines.map((line) => `<p>${escapeXml(line)}</p>`).join("\n")}
</header>
<nav class="contents" aria-labelledby="contents-title">
<h2 id="contents-title">${escapeXml(doc.labels.contents)}</h2>
<ol>
${contents}
</ol>
</nav>
<main>
${body}
</main>
${endnotes}
<footer class="document-footer">
<p>${escapeXml(footer)}</p>
</footer>
</body>
</html>
`;
}

/**
 * A4 pages; each part from a new page; the footer line and "Pagina 2 di 9" in the bottom margin
 * (CSS margin boxes: Chrome, WeasyPrint). The footer line is also at the end of the page, for
 * screens and for browsers that print no margin boxes.
 */
function printCss(doc: ExportDocument, footer: string): string {
  const { page, of } = doc.labels;
  return `@page {
  size: A4;
  margin: 2.5cm 2cm 2.5cm 2cm;
  @bottom-left { content: ${cssString(footer)}; font: 8pt sans-serif; color: #444; }
  @bottom-right { content: ${cssString(`${page} `)} counter(page) ${cssString(` ${of} `)} counter(pages); font: 8pt sans-serif; color: #444; }
}
html { color: #111; background: #fff; }
body { font: 11pt/1.5 Georgia, "Times New Roman", serif; max-width: 46em; margin: 0 auto; padding: 1.5em; }
h1, h2, h3, h4, h5 { font-family: Helvetica, Arial, sans-serif; line-height: 1.25; break-after: avoid; }
.title-page { padding: 4em 0 2em; }
.title-page .kind { text-transform: uppercase; letter-spacing: 0.08em; color: #444; }
.title-page h1 { font-size: 2.2em; margin: 0.2em 0 1em; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; font-size: 0.92em; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.4em; }
th, td { border: 1px solid #666; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
th { background: #eee; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
blockquote { margin: 1em 0; padding-left: 1em; border-left: 3px solid #999; }
a { color: #0645ad; }
sup a { text-decoration: none; }
.document-footer { margin-top: 3em; border-top: 1px solid #999; font-size: 0.85em; overflow-wrap: anywhere; }
@media print {
  body { max-width: none; padding: 0; }
  .title-page { break-after: page; padding-top: 30%; }
  .part, .notes { break-before: page; }
  a { color: inherit; }
}`;
}

/** A CSS string on one line, with quotes, backslashes and `<` escaped so no text ends the style. */
const cssString = (value: string) =>
  `"${xmlSafe(value)
    .replace(/\s+/g, " ")
    .replace(/[\\"<>]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;

function blockHtml(block: Block, notes: Map<Inline, number>): string {
  const write = (blocks: readonly Block[]) => blocks.map((b) => blockHtml(b, notes)).join("\n");
  switch (block.kind) {
    case "heading": {
      // Level 1 is a part's title (h2 under the document's h1), so every level moves down one.
      const tag = `h${block.level + 1}`;
      return `<${tag}>${inlineHtml(block.content, notes)}</${tag}>`;
    }
    case "paragraph":
      return `<p>${inlineHtml(block.content, notes)}</p>`;
    case "list": {
      const tag = block.ordered ? "ol" : "ul";
      const items = block.items.map((item) => `<li>${write(item)}</li>`).join("\n");
      return `<${tag}>\n${items}\n</${tag}>`;
    }
    case "quote":
      return `<blockquote>\n${write(block.blocks)}\n</blockquote>`;
    case "rule":
      return "<hr>";
    case "table":
      return tableHtml(block.table, notes);
  }
}

/** Header rows in <thead> with column headers; a caption when the table has one. */
function tableHtml(table: Table, notes: Map<Inline, number>): string {
  const row = (cells: Inline[][], header: boolean) =>
    `<tr>${cells
      .map((cell) =>
        header
          ? `<th scope="col">${inlineHtml(cell, notes)}</th>`
          : `<td>${inlineHtml(cell, notes)}</td>`,
      )
      .join("")}</tr>`;
  const head = table.rows.slice(0, table.headerRows).map((r) => row(r, true));
  const body = table.rows.slice(table.headerRows).map((r) => row(r, false));
  return [
    "<table>",
    table.caption ? `<caption>${escapeXml(table.caption)}</caption>` : "",
    head.length > 0 ? `<thead>\n${head.join("\n")}\n</thead>` : "",
    `<tbody>\n${body.join("\n")}\n</tbody>`,
    "</table>",
  ]
    .filter(Boolean)
    .join("\n");
}

function inlineHtml(inlines: readonly Inline[], notes: Map<Inline, number>): string {
  return inlines
    .map((inline) => {
      if (inline.kind === "break") return "<br>";
      if (inline.kind === "footnote") {
        const n = notes.get(inline);
        return n === undefined
          ? ""
          : `<sup><a href="#note-${n}" id="ref-${n}" role="doc-noteref">${n}</a></sup>`;
      }
      let html = escapeXml(inline.text);
      if (inline.strike) html = `<s>${html}</s>`;
      if (inline.italic) html = `<em>${html}</em>`;
      if (inline.bold) html = `<strong>${html}</strong>`;
      if (inline.href && SAFE_HREF.test(inline.href.trim())) {
        html = `<a href="${escapeXml(inline.href.trim())}">${html}</a>`;
      }
      return html;
    })
    .join("");
}
