// The LibreOffice export (ODT): an OpenDocument 1.3 text package written by hand and zipped with
// fflate, its `mimetype` entry first and stored as the format requires. Headings are text:h with
// outline levels (LibreOffice's navigator lists them), footnotes are text:note, lists text:list,
// tables table:table with repeated header rows; the master page's footer carries the version, the
// hash and "Pagina X di Y". People's text goes through escapeXml, and runs of spaces, tabs and line
// ends become the elements ODF needs to keep them.
import { strToU8, zipSync, type Zippable } from "fflate";
import type { Block, ExportDocument, Inline, Table } from "../../core/export/model";
import {
  escapeXml,
  footerLine,
  footnoteNumbers,
  outline,
  titlePage,
} from "../../core/export/outline";
import {
  BULLETS,
  officeLanguage,
  officeText,
  safeHref,
  zipDate,
  type OfficeLanguage,
} from "./docx";

const MIMETYPE = "application/vnd.oasis.opendocument.text";
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = [
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
  'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"',
  'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"',
  'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"',
  'xmlns:xlink="http://www.w3.org/1999/xlink"',
  'xmlns:dc="http://purl.org/dc/elements/1.1/"',
  'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"',
].join(" ");
const FONT = "Liberation Sans";
/** A4 with 2.5 cm top and bottom and 2 cm side margins: 17 cm of text across. */
const TEXT_WIDTH_CM = 17;
const LIST_LEVELS = 10;

/** Automatic text styles for each combination of marks: T_b, T_i, T_bi, T_s, … */
const MARK_STYLES = ["b", "i", "s", "bi", "bs", "is", "bis"];

/** What writing the body collects on the way: how many tables there are, to name them. */
class OdtWriter {
  tables = 0;
  /** The lists being written, outermost first, and whether each is in an item or a header now. */
  private readonly openLists: OpenList[] = [];

  constructor(readonly notes: Map<Inline, number>) {}

  blocks(blocks: readonly Block[], context: BlockContext = { quote: false }): string {
    return blocks.map((block) => this.block(block, context)).join("");
  }

  block(block: Block, context: BlockContext): string {
    switch (block.kind) {
      case "heading":
        return (
          `<text:h text:style-name="Heading_20_${block.level}" text:outline-level="${block.level}">` +
          `${this.inlines(block.content)}</text:h>`
        );
      case "paragraph": {
        const style = context.quote
          ? "Quotations"
          : context.list
            ? "List_20_Contents"
            : "Text_20_body";
        return `<text:p text:style-name="${style}">${this.inlines(block.content)}</text:p>`;
      }
      case "list":
        return this.list(block, context);
      case "quote":
        return this.blocks(block.blocks, { ...context, quote: true });
      case "rule":
        return '<text:p text:style-name="Horizontal_20_Line"/>';
      case "table":
        return this.table(block.table);
    }
  }

  list(list: Extract<Block, { kind: "list" }>, context: BlockContext): string {
    const open: OpenList = {
      style: list.ordered ? "Numbering_20_123" : "List_20_Bullet",
      element: "list-item",
    };
    this.openLists.push(open);
    const items = list.items
      .map((item) => {
        open.element = "list-item";
        // The first paragraph carries the label: an item that starts otherwise gets an empty one.
        const label =
          item[0]?.kind === "paragraph" ? "" : '<text:p text:style-name="List_20_Contents"/>';
        const content = label + this.blocks(item, { ...context, list: true });
        return `<text:list-item>${content}</text:${open.element}>`;
      })
      .join("");
    this.openLists.pop();
    return `<text:list text:style-name="${open.style}">${items}</text:list>`;
  }

  /**
   * A table inside a list item (ODF lists hold no tables): the lists are closed around it and
   * reopened after it as unlabelled headers that continue the numbering.
   */
  table(table: Table): string {
    if (this.openLists.length === 0) return this.tableOnly(table);
    const close = [...this.openLists]
      .reverse()
      .map((open) => `</text:${open.element}></text:list>`)
      .join("");
    const reopen = this.openLists
      .map((open) => {
        open.element = "list-header";
        return `<text:list text:style-name="${open.style}" text:continue-numbering="true"><text:list-header>`;
      })
      .join("");
    return close + this.tableOnly(table) + reopen;
  }

  /** The caption above, borders on every cell, header rows repeated on each page. */
  private tableOnly(table: Table): string {
    const columns = Math.max(1, ...table.rows.map((row) => row.length));
    const name = `Tabella${++this.tables}`;
    const row = (cells: Inline[][], header: boolean) =>
      `<table:table-row>${Array.from({ length: columns }, (_, c) => {
        const style = header ? "Table_20_Heading" : "Table_20_Contents";
        return (
          `<table:table-cell table:style-name="${header ? "TableHeaderCell" : "TableCell"}" office:value-type="string">` +
          `<text:p text:style-name="${style}">${this.inlines(cells[c] ?? [])}</text:p></table:table-cell>`
        );
      }).join("")}</table:table-row>`;
    const head = table.rows.slice(0, table.headerRows).map((r) => row(r, true));
    const body = table.rows.slice(table.headerRows).map((r) => row(r, false));
    const caption = table.caption
      ? `<text:p text:style-name="Table">${spanText(table.caption)}</text:p>`
      : "";
    return (
      caption +
      `<table:table table:name="${name}" table:style-name="TableStyle">` +
      `<table:table-column table:style-name="TableColumn" table:number-columns-repeated="${columns}"/>` +
      (head.length > 0
        ? `<table:table-header-rows>${head.join("")}</table:table-header-rows>`
        : "") +
      body.join("") +
      `</table:table>`
    );
  }

  inlines(inlines: readonly Inline[]): string {
    return inlines
      .map((inline) => {
        if (inline.kind === "break") return "<text:line-break/>";
        if (inline.kind === "footnote") {
          const n = this.notes.get(inline);
          return n === undefined
            ? ""
            : `<text:note text:id="ftn${n}" text:note-class="footnote">` +
                `<text:note-citation>${n}</text:note-citation><text:note-body>` +
                `<text:p text:style-name="Footnote">${spanText(inline.text)}</text:p>` +
                `</text:note-body></text:note>`;
        }
        const marks = `${inline.bold ? "b" : ""}${inline.italic ? "i" : ""}${inline.strike ? "s" : ""}`;
        let content = spanText(inline.text);
        if (marks) content = `<text:span text:style-name="T_${marks}">${content}</text:span>`;
        const href = inline.href ? safeHref(inline.href) : null;
        if (href) {
          content =
            `<text:a xlink:type="simple" xlink:href="${escapeXml(href)}" ` +
            `text:style-name="Internet_20_link" text:visited-style-name="Visited_20_Internet_20_Link">${content}</text:a>`;
        }
        return content;
      })
      .join("");
  }
}

interface OpenList {
  style: string;
  element: "list-item" | "list-header";
}

interface BlockContext {
  quote: boolean;
  list?: boolean;
}

/**
 * Text as ODF keeps it: XML-escaped; a tab as text:tab, a line end as text:line-break; spaces that
 * ODF would collapse (after another space, or at the start of a piece that may follow one) as
 * text:s.
 */
function spanText(text: string): string {
  return officeText(
    text,
    (piece) =>
      escapeXml(piece).replace(/(^|[^ ]) +/g, (spaces, before: string) => {
        const count = spaces.length - before.length;
        const kept = before ? `${before} ` : "";
        const extra = before ? count - 1 : count;
        return (
          kept + (extra === 0 ? "" : extra === 1 ? "<text:s/>" : `<text:s text:c="${extra}"/>`)
        );
      }),
    { tab: "<text:tab/>", lineBreak: "<text:line-break/>" },
  );
}

export function renderOdt(doc: ExportDocument): Uint8Array {
  const parts = outline(doc);
  const notes = footnoteNumbers(parts);
  const writer = new OdtWriter(notes);
  const language = officeLanguage(doc.locale);
  const page = titlePage(doc);

  const titleLines = [page.roundtable, page.version, page.date]
    .filter((line): line is string => !!line)
    .map((line) => `<text:p text:style-name="Title_20_Detail">${spanText(line)}</text:p>`)
    .join("");
  const body = parts
    .map(
      (part) =>
        `<text:h text:style-name="Part" text:outline-level="1">${spanText(part.title)}</text:h>` +
        writer.blocks(part.blocks),
    )
    .join("");
  const content =
    `${XML_HEAD}<office:document-content ${NS} office:version="1.3">` +
    `<office:font-face-decls>${fontFaces()}</office:font-face-decls>` +
    `<office:automatic-styles>${contentStyles()}</office:automatic-styles>` +
    `<office:body><office:text>` +
    `<text:p text:style-name="TitlePageKind">${spanText(page.kind)}</text:p>` +
    `<text:p text:style-name="Title">${spanText(page.title)}</text:p>` +
    titleLines +
    body +
    `</office:text></office:body></office:document-content>`;

  const files = {
    "content.xml": content,
    "styles.xml": styles(doc, language),
    "meta.xml": meta(doc, language),
  };
  const zippable: Zippable = {
    // First and stored, so that a reader finds the type at a fixed offset.
    mimetype: [strToU8(MIMETYPE), { level: 0 }],
    ...Object.fromEntries(Object.entries(files).map(([path, xml]) => [path, strToU8(xml)])),
    "META-INF/manifest.xml": strToU8(manifest(Object.keys(files))),
  };
  return zipSync(zippable, { level: 6, mtime: zipDate(doc.date) });
}

function manifest(paths: string[]): string {
  return (
    `${XML_HEAD}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">` +
    `<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="${MIMETYPE}"/>` +
    paths
      .map(
        (path) =>
          `<manifest:file-entry manifest:full-path="${path}" manifest:media-type="text/xml"/>`,
      )
      .join("") +
    `</manifest:manifest>`
  );
}

function meta(doc: ExportDocument, language: OfficeLanguage): string {
  const date = doc.date.toISOString().replace(/\.\d{3}Z$/, "Z");
  return (
    `${XML_HEAD}<office:document-meta ${NS} office:version="1.3"><office:meta>` +
    `<meta:generator>Tavolo</meta:generator>` +
    `<dc:title>${escapeXml(doc.title)}</dc:title>` +
    `<dc:subject>${escapeXml(titlePage(doc).roundtable)}</dc:subject>` +
    `<dc:description>${escapeXml(footerLine(doc))}</dc:description>` +
    `<dc:language>${language.tag}</dc:language>` +
    `<meta:creation-date>${date}</meta:creation-date>` +
    `<dc:date>${date}</dc:date>` +
    `</office:meta></office:document-meta>`
  );
}

function fontFaces(): string {
  return `<style:font-face style:name="${FONT}" svg:font-family="'${FONT}'" style:font-family-generic="swiss" style:font-pitch="variable"/>`;
}

/** The styles only content.xml uses: marks, the parts' page breaks, the first page, tables. */
function contentStyles(): string {
  const marks = MARK_STYLES.map(
    (marks) =>
      `<style:style style:name="T_${marks}" style:family="text"><style:text-properties` +
      (marks.includes("b")
        ? ' fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold"'
        : "") +
      (marks.includes("i")
        ? ' fo:font-style="italic" style:font-style-asian="italic" style:font-style-complex="italic"'
        : "") +
      (marks.includes("s")
        ? ' style:text-line-through-style="solid" style:text-line-through-type="single"'
        : "") +
      `/></style:style>`,
  ).join("");
  const border = 'fo:border="0.5pt solid #8c8c8c"';
  return (
    marks +
    `<style:style style:name="TitlePageKind" style:family="paragraph" style:parent-style-name="Subtitle" style:master-page-name="Standard">` +
    `<style:paragraph-properties fo:margin-top="5cm" style:page-number="auto"/></style:style>` +
    `<style:style style:name="Part" style:family="paragraph" style:parent-style-name="Heading_20_1" style:default-outline-level="1">` +
    `<style:paragraph-properties fo:break-before="page"/></style:style>` +
    `<style:style style:name="TableStyle" style:family="table">` +
    `<style:table-properties style:width="${TEXT_WIDTH_CM}cm" table:align="margins" fo:margin-top="0cm" fo:margin-bottom="0.3cm" style:may-break-between-rows="true"/></style:style>` +
    `<style:style style:name="TableColumn" style:family="table-column"><style:table-column-properties style:rel-column-width="1000*"/></style:style>` +
    `<style:style style:name="TableCell" style:family="table-cell"><style:table-cell-properties fo:padding="0.1cm" ${border}/></style:style>` +
    `<style:style style:name="TableHeaderCell" style:family="table-cell"><style:table-cell-properties fo:background-color="#ececec" fo:padding="0.1cm" ${border}/></style:style>`
  );
}

function styles(doc: ExportDocument, language: OfficeLanguage): string {
  const locale = `fo:language="${language.language}" fo:country="${language.country}"`;
  const paragraphStyle = (
    name: string,
    display: string,
    properties: string,
    extra: { parent?: string; next?: string; className?: string; outline?: number } = {},
  ) =>
    `<style:style style:name="${name}" style:display-name="${display}" style:family="paragraph"` +
    (extra.parent ? ` style:parent-style-name="${extra.parent}"` : "") +
    (extra.next ? ` style:next-style-name="${extra.next}"` : "") +
    (extra.outline ? ` style:default-outline-level="${extra.outline}"` : "") +
    ` style:class="${extra.className ?? "text"}">${properties}</style:style>`;
  const heading = (level: number, size: string, top: string) =>
    paragraphStyle(
      `Heading_20_${level}`,
      `Heading ${level}`,
      `<style:paragraph-properties fo:margin-top="${top}" fo:margin-bottom="0.2cm" fo:keep-with-next="always"/>` +
        `<style:text-properties fo:font-size="${size}" fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold"/>`,
      { parent: "Heading", next: "Text_20_body", outline: level },
    );
  const listLevels = (ordered: boolean) =>
    Array.from({ length: LIST_LEVELS }, (_, i) => {
      const level = i + 1;
      const position =
        `<style:list-level-properties text:list-level-position-and-space-mode="label-alignment">` +
        `<style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="${(0.75 * level).toFixed(2)}cm" fo:text-indent="-0.5cm" fo:margin-left="${(0.75 * level).toFixed(2)}cm"/>` +
        `</style:list-level-properties>`;
      return ordered
        ? `<text:list-level-style-number text:level="${level}" style:num-suffix="." style:num-format="1">${position}</text:list-level-style-number>`
        : `<text:list-level-style-bullet text:level="${level}" text:bullet-char="${BULLETS[i % BULLETS.length]}">${position}</text:list-level-style-bullet>`;
    }).join("");
  const outlineLevels = Array.from(
    { length: LIST_LEVELS },
    (_, i) =>
      `<text:outline-level-style text:level="${i + 1}" style:num-format=""><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab"/></style:list-level-properties></text:outline-level-style>`,
  ).join("");
  const muted = 'fo:color="#555555"';

  return (
    `${XML_HEAD}<office:document-styles ${NS} office:version="1.3">` +
    `<office:font-face-decls>${fontFaces()}</office:font-face-decls>` +
    `<office:styles>` +
    `<style:default-style style:family="paragraph">` +
    `<style:paragraph-properties fo:hyphenation-ladder-count="no-limit" style:writing-mode="page"/>` +
    `<style:text-properties style:font-name="${FONT}" fo:font-size="11pt" ${locale} fo:hyphenate="false"/>` +
    `</style:default-style>` +
    `<style:default-style style:family="table"><style:table-properties table:border-model="collapsing"/></style:default-style>` +
    paragraphStyle(
      "Standard",
      "Default Paragraph Style",
      `<style:text-properties style:font-name="${FONT}" fo:font-size="11pt" fo:color="#1a1a1a" ${locale}/>`,
    ) +
    paragraphStyle(
      "Text_20_body",
      "Text Body",
      `<style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.21cm" fo:line-height="115%"/>`,
      { parent: "Standard" },
    ) +
    paragraphStyle(
      "Heading",
      "Heading",
      `<style:paragraph-properties fo:margin-top="0.42cm" fo:margin-bottom="0.21cm" fo:keep-with-next="always"/>` +
        `<style:text-properties fo:font-size="14pt"/>`,
      { parent: "Standard", next: "Text_20_body" },
    ) +
    heading(1, "18pt", "0cm") +
    heading(2, "15pt", "0.6cm") +
    heading(3, "12.5pt", "0.42cm") +
    heading(4, "11pt", "0.42cm") +
    paragraphStyle(
      "Title",
      "Title",
      `<style:paragraph-properties fo:margin-top="0.2cm" fo:margin-bottom="0.8cm"/>` +
        `<style:text-properties fo:font-size="26pt" fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold"/>`,
      { parent: "Heading", next: "Text_20_body", className: "chapter" },
    ) +
    paragraphStyle(
      "Subtitle",
      "Subtitle",
      `<style:paragraph-properties fo:margin-bottom="0.2cm"/>` +
        `<style:text-properties fo:font-size="12pt" fo:text-transform="uppercase" fo:letter-spacing="0.05cm" ${muted}/>`,
      { parent: "Standard", next: "Text_20_body", className: "chapter" },
    ) +
    paragraphStyle(
      "Title_20_Detail",
      "Title Detail",
      `<style:paragraph-properties fo:margin-bottom="0.2cm"/><style:text-properties fo:font-size="13pt"/>`,
      { parent: "Standard" },
    ) +
    paragraphStyle(
      "List_20_Contents",
      "List Contents",
      `<style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.1cm"/>`,
      { parent: "Standard", className: "list" },
    ) +
    paragraphStyle(
      "Quotations",
      "Quotations",
      `<style:paragraph-properties fo:margin-left="1cm" fo:margin-right="0cm" fo:margin-bottom="0.21cm" fo:padding-left="0.3cm" fo:border-left="2.25pt solid #999999" fo:border-right="none" fo:border-top="none" fo:border-bottom="none"/>` +
        `<style:text-properties fo:font-style="italic" style:font-style-asian="italic" style:font-style-complex="italic" fo:color="#404040"/>`,
      { parent: "Standard", className: "html" },
    ) +
    paragraphStyle(
      "Horizontal_20_Line",
      "Horizontal Line",
      `<style:paragraph-properties fo:margin-bottom="0.3cm" fo:padding-bottom="0.05cm" fo:border-bottom="0.5pt solid #8c8c8c" fo:border-top="none" fo:border-left="none" fo:border-right="none"/>` +
        `<style:text-properties fo:font-size="6pt"/>`,
      { parent: "Standard", next: "Text_20_body", className: "html" },
    ) +
    paragraphStyle(
      "Table_20_Contents",
      "Table Contents",
      `<style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0cm"/><style:text-properties fo:font-size="9.5pt"/>`,
      { parent: "Standard", className: "extra" },
    ) +
    paragraphStyle(
      "Table_20_Heading",
      "Table Heading",
      `<style:text-properties fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold"/>`,
      { parent: "Table_20_Contents", className: "extra" },
    ) +
    paragraphStyle(
      "Caption",
      "Caption",
      `<style:paragraph-properties fo:margin-top="0.2cm" fo:margin-bottom="0.15cm" fo:keep-with-next="always"/>` +
        `<style:text-properties fo:font-size="9.5pt" fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold"/>`,
      { parent: "Standard", className: "extra" },
    ) +
    paragraphStyle("Table", "Table", "", { parent: "Caption", className: "extra" }) +
    paragraphStyle(
      "Footnote",
      "Footnote",
      `<style:paragraph-properties fo:margin-left="0.6cm" fo:text-indent="-0.6cm"/><style:text-properties fo:font-size="9pt"/>`,
      { parent: "Standard", className: "extra" },
    ) +
    paragraphStyle("Footer", "Footer", `<style:text-properties fo:font-size="7.5pt" ${muted}/>`, {
      parent: "Standard",
      className: "extra",
    }) +
    `<style:style style:name="Internet_20_link" style:display-name="Internet Link" style:family="text"><style:text-properties fo:color="#0b4f8a" style:text-underline-style="solid" style:text-underline-width="auto" style:text-underline-color="font-color"/></style:style>` +
    `<style:style style:name="Visited_20_Internet_20_Link" style:display-name="Visited Internet Link" style:family="text"><style:text-properties fo:color="#5a3a8a" style:text-underline-style="solid" style:text-underline-width="auto" style:text-underline-color="font-color"/></style:style>` +
    `<style:style style:name="Footnote_20_anchor" style:display-name="Footnote Anchor" style:family="text"><style:text-properties style:text-position="super 58%"/></style:style>` +
    `<style:style style:name="Footnote_20_Symbol" style:display-name="Footnote Symbol" style:family="text"/>` +
    `<text:outline-style style:name="Outline">${outlineLevels}</text:outline-style>` +
    `<text:list-style style:name="List_20_Bullet" style:display-name="List Bullet">${listLevels(false)}</text:list-style>` +
    `<text:list-style style:name="Numbering_20_123" style:display-name="Numbering 123">${listLevels(true)}</text:list-style>` +
    `<text:notes-configuration text:note-class="footnote" text:citation-style-name="Footnote_20_Symbol" text:citation-body-style-name="Footnote_20_anchor" style:num-format="1" text:start-value="0" text:footnotes-position="page" text:start-numbering-at="document"/>` +
    `</office:styles>` +
    `<office:automatic-styles>` +
    `<style:page-layout style:name="A4">` +
    `<style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait" fo:margin-top="2.5cm" fo:margin-bottom="1.5cm" fo:margin-left="2cm" fo:margin-right="2cm" style:writing-mode="lr-tb"/>` +
    `<style:footer-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.4cm" fo:padding-top="0.1cm" fo:border-top="0.5pt solid #8c8c8c"/></style:footer-style>` +
    `</style:page-layout>` +
    `<style:style style:name="FooterPage" style:family="paragraph" style:parent-style-name="Footer"><style:paragraph-properties fo:text-align="end"/></style:style>` +
    `</office:automatic-styles>` +
    `<office:master-styles>` +
    `<style:master-page style:name="Standard" style:page-layout-name="A4"><style:footer>` +
    `<text:p text:style-name="Footer">${spanText(footerLine(doc))}</text:p>` +
    `<text:p text:style-name="FooterPage">${spanText(`${doc.labels.page} `)}<text:page-number text:select-page="current">1</text:page-number>${spanText(` ${doc.labels.of} `)}<text:page-count>1</text:page-count></text:p>` +
    `</style:footer></style:master-page>` +
    `</office:master-styles>` +
    `</office:document-styles>`
  );
}
