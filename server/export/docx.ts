// The Word export (DOCX): a WordprocessingML package written by hand and zipped with fflate. Styles
// are Word's built-in ones (Title, Heading 1–4 with outline levels, Caption, Table Grid, …) so that
// Word's and LibreOffice's navigators and style lists know them; footnotes are real footnotes; the
// footer of every page carries the version, the hash and "Pagina X di Y". People's text goes
// through escapeXml; element order follows the schema, which Word enforces with a repair prompt.
import { zipSync, strToU8, type Zippable } from "fflate";
import type { Block, ExportDocument, Inline, Table } from "../../core/export/model";
import {
  escapeXml,
  footerLine,
  footnoteNumbers,
  outline,
  titlePage,
} from "../../core/export/outline";

const NS = {
  w: "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
  r: "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
  rels: "http://schemas.openxmlformats.org/package/2006/relationships",
  officeRel: "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
};
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const FONT = "Arial";

/** A4 in twentieths of a point, with 2.5 cm top and bottom and 2 cm side margins. */
const PAGE = { width: 11906, height: 16838, top: 1418, bottom: 1418, side: 1134, footer: 567 };
const TEXT_WIDTH = PAGE.width - 2 * PAGE.side;
/** Indentation of each list level, and of a quote. */
const INDENT = { step: 425, hanging: 283, quote: 567 };
const ORDERED_ABSTRACT = 1;
const BULLET_ABSTRACT = 2;
const BULLET_NUM = 1;
/** The bullet of each list level, round and round (also read by the ODT renderer). */
export const BULLETS = ["•", "◦", "▪"];

const CONTENT_TYPE = {
  document: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
  styles: "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml",
  numbering: "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml",
  footnotes: "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
  footer: "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
  settings: "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml",
  core: "application/vnd.openxmlformats-package.core-properties+xml",
  app: "application/vnd.openxmlformats-officedocument.extended-properties+xml",
};

export interface OfficeLanguage {
  /** "it-IT". */
  tag: string;
  language: string;
  country: string;
  decimal: string;
}

/** The document's language as office suites name it (also read by the ODT renderer). */
export function officeLanguage(locale: ExportDocument["locale"]): OfficeLanguage {
  return locale === "it"
    ? { tag: "it-IT", language: "it", country: "IT", decimal: "," }
    : { tag: "en-GB", language: "en", country: "GB", decimal: "." };
}

/**
 * A link's address when it is http, https or mailto, normalised (spaces and other characters a URI
 * cannot hold percent-encoded: Word refuses a file whose link target is no valid URI); else null.
 */
export function safeHref(href: string): string | null {
  try {
    const url = new URL(href.trim());
    return ["http:", "https:", "mailto:"].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Text as an office format writes it: each piece between tabs and line ends through `piece`, with
 * the format's tab and line-break elements between them.
 */
export function officeText(
  text: string,
  piece: (piece: string) => string,
  elements: { tab: string; lineBreak: string },
): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.split("\t").map(piece).join(elements.tab))
    .join(elements.lineBreak);
}

/** The zip entries' date: the document's, within the years a zip can hold. */
export function zipDate(date: Date): Date {
  const time = Math.min(Math.max(date.getTime(), Date.UTC(1980, 1, 1)), Date.UTC(2099, 0, 1));
  return new Date(time);
}

/** What writing the body collects on the way: links, footnotes and ordered lists to declare. */
class DocxWriter {
  readonly links = new Map<string, string>();
  /** Each ordered list gets its own numbering instance, so that it counts from 1. */
  orderedLists = 0;

  constructor(readonly notes: Map<Inline, number>) {}

  linkId(href: string): string {
    let id = this.links.get(href);
    if (!id) {
      id = `rIdLink${this.links.size + 1}`;
      this.links.set(href, id);
    }
    return id;
  }

  blocks(blocks: readonly Block[], context: BlockContext = { depth: 0, quote: false }): string {
    return blocks.map((block) => this.block(block, context)).join("");
  }

  block(block: Block, context: BlockContext): string {
    switch (block.kind) {
      case "heading":
        return paragraph(
          { style: `Heading${block.level}`, indent: context.indent },
          this.inlines(block.content),
        );
      case "paragraph":
        return paragraph(
          {
            style: context.quote ? "Quote" : context.indent ? "ListParagraph" : undefined,
            indent: context.indent,
          },
          this.inlines(block.content),
        );
      case "list":
        return this.list(block, context);
      case "quote":
        return this.blocks(block.blocks, { ...context, quote: true });
      case "rule":
        return '<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="8C8C8C"/></w:pBdr></w:pPr></w:p>';
      case "table":
        return this.table(block.table);
    }
  }

  /** The first paragraph of each item carries the label; the item's other blocks align with it. */
  list(list: Extract<Block, { kind: "list" }>, context: BlockContext): string {
    const numId = list.ordered ? BULLET_NUM + ++this.orderedLists : BULLET_NUM;
    const level = Math.min(context.depth, 8);
    const inner: BlockContext = {
      depth: context.depth + 1,
      quote: context.quote,
      indent: (level + 1) * INDENT.step + INDENT.hanging,
    };
    return list.items
      .map((item) => {
        const [first, ...rest] = item;
        const labelled = first?.kind === "paragraph" ? first : null;
        const label = paragraph(
          { style: "ListParagraph", numbering: { numId, level } },
          labelled ? this.inlines(labelled.content) : "",
        );
        return label + this.blocks(labelled ? rest : item, inner);
      })
      .join("");
  }

  /** Borders from Table Grid, header rows repeated on each page, the caption above the table. */
  table(table: Table): string {
    const columns = Math.max(1, ...table.rows.map((row) => row.length));
    const width = Math.floor(TEXT_WIDTH / columns);
    const caption = table.caption
      ? paragraph({ style: "Caption", keepNext: true }, textRuns(table.caption, {}))
      : "";
    const properties =
      `<w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/>` +
      `<w:tblLayout w:type="fixed"/>` +
      `<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>` +
      (table.caption ? `<w:tblCaption w:val="${escapeXml(table.caption)}"/>` : "") +
      `</w:tblPr>`;
    const grid = `<w:tblGrid>${`<w:gridCol w:w="${width}"/>`.repeat(columns)}</w:tblGrid>`;
    const rows = table.rows
      .map((row, r) => {
        const header = r < table.headerRows;
        const cells = Array.from({ length: columns }, (_, c) => {
          const shading = header ? '<w:shd w:val="clear" w:color="auto" w:fill="ECECEC"/>' : "";
          const content = this.inlines(row[c] ?? [], header);
          return (
            `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="dxa"/>${shading}</w:tcPr>` +
            paragraph({ style: "TableContents" }, content) +
            `</w:tc>`
          );
        }).join("");
        const rowProperties = header ? "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" : "";
        return `<w:tr>${rowProperties}${cells}</w:tr>`;
      })
      .join("");
    // A paragraph after every table keeps two tables in a row from merging into one.
    return `${caption}<w:tbl>${properties}${grid}${rows}</w:tbl><w:p/>`;
  }

  /** `bold` sets every run in bold (a header cell). */
  inlines(inlines: readonly Inline[], bold = false): string {
    return inlines
      .map((inline) => {
        if (inline.kind === "break") return "<w:r><w:br/></w:r>";
        if (inline.kind === "footnote") {
          const n = this.notes.get(inline);
          return n === undefined
            ? ""
            : `<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="${n}"/></w:r>`;
        }
        const href = inline.href ? safeHref(inline.href) : null;
        const runs = textRuns(inline.text, {
          style: href ? "Hyperlink" : undefined,
          bold: bold || inline.bold,
          italic: inline.italic,
          strike: inline.strike,
        });
        return href
          ? `<w:hyperlink r:id="${this.linkId(href)}" w:history="1">${runs}</w:hyperlink>`
          : runs;
      })
      .join("");
  }
}

interface BlockContext {
  depth: number;
  quote: boolean;
  /** Left indent in twips (a list item's paragraphs after its first). */
  indent?: number;
}

interface ParagraphOptions {
  style?: string;
  keepNext?: boolean;
  pageBreakBefore?: boolean;
  numbering?: { numId: number; level: number };
  indent?: number;
  spacingBefore?: number;
}

/** Properties in the schema's order: pStyle, keepNext, pageBreakBefore, numPr, spacing, ind. */
function paragraph(options: ParagraphOptions, runs: string): string {
  const properties = [
    options.style ? `<w:pStyle w:val="${options.style}"/>` : "",
    options.keepNext ? "<w:keepNext/>" : "",
    options.pageBreakBefore ? "<w:pageBreakBefore/>" : "",
    options.numbering
      ? `<w:numPr><w:ilvl w:val="${options.numbering.level}"/><w:numId w:val="${options.numbering.numId}"/></w:numPr>`
      : "",
    options.spacingBefore !== undefined ? `<w:spacing w:before="${options.spacingBefore}"/>` : "",
    options.indent !== undefined ? `<w:ind w:left="${options.indent}"/>` : "",
  ].join("");
  return `<w:p>${properties ? `<w:pPr>${properties}</w:pPr>` : ""}${runs}</w:p>`;
}

interface RunMarks {
  style?: string;
  bold?: boolean;
  italic?: boolean;
  strike?: boolean;
}

/** Runs for a piece of text: line ends become w:br and tabs w:tab, spaces kept as typed. */
function textRuns(text: string, marks: RunMarks): string {
  const properties = [
    marks.style ? `<w:rStyle w:val="${marks.style}"/>` : "",
    marks.bold ? "<w:b/><w:bCs/>" : "",
    marks.italic ? "<w:i/><w:iCs/>" : "",
    marks.strike ? "<w:strike/>" : "",
  ].join("");
  const content = officeText(
    text,
    (piece) => (piece ? `<w:t xml:space="preserve">${escapeXml(piece)}</w:t>` : ""),
    { tab: "<w:tab/>", lineBreak: "<w:br/>" },
  );
  if (!content) return "";
  return `<w:r>${properties ? `<w:rPr>${properties}</w:rPr>` : ""}${content}</w:r>`;
}

export function renderDocx(doc: ExportDocument): Uint8Array {
  const parts = outline(doc);
  const notes = footnoteNumbers(parts);
  const writer = new DocxWriter(notes);
  const page = titlePage(doc);
  const language = officeLanguage(doc.locale);

  const titleParagraphs = [
    paragraph({ style: "Subtitle", spacingBefore: 2835 }, textRuns(page.kind, {})),
    paragraph({ style: "Title" }, textRuns(page.title, {})),
    ...[page.roundtable, page.version, page.date]
      .filter((line): line is string => !!line)
      .map((line) => paragraph({ style: "TitleDetail" }, textRuns(line, {}))),
  ].join("");
  const body = parts
    .map(
      (part) =>
        paragraph({ style: "Heading1", pageBreakBefore: true }, textRuns(part.title, {})) +
        writer.blocks(part.blocks),
    )
    .join("");
  const section =
    `<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter"/>` +
    `<w:pgSz w:w="${PAGE.width}" w:h="${PAGE.height}"/>` +
    `<w:pgMar w:top="${PAGE.top}" w:right="${PAGE.side}" w:bottom="${PAGE.bottom}" w:left="${PAGE.side}" w:header="${PAGE.footer}" w:footer="${PAGE.footer}" w:gutter="0"/>` +
    `<w:cols w:space="708"/></w:sectPr>`;
  const document =
    `${XML_HEAD}<w:document xmlns:w="${NS.w}" xmlns:r="${NS.r}"><w:body>` +
    titleParagraphs +
    body +
    section +
    `</w:body></w:document>`;

  const files: Zippable = {
    "[Content_Types].xml": strToU8(contentTypes()),
    "_rels/.rels": strToU8(packageRelationships()),
    "docProps/core.xml": strToU8(coreProperties(doc, language)),
    "docProps/app.xml": strToU8(appProperties()),
    "word/document.xml": strToU8(document),
    "word/styles.xml": strToU8(styles(language)),
    "word/numbering.xml": strToU8(numbering(writer.orderedLists)),
    "word/footnotes.xml": strToU8(footnotes(notes)),
    "word/footer1.xml": strToU8(footer(doc)),
    "word/settings.xml": strToU8(settings(language)),
    "word/_rels/document.xml.rels": strToU8(documentRelationships(writer.links)),
  };
  return zipSync(files, { level: 6, mtime: zipDate(doc.date) });
}

function contentTypes(): string {
  const override = (part: string, type: string) =>
    `<Override PartName="${part}" ContentType="${type}"/>`;
  return (
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
    `<Default Extension="xml" ContentType="application/xml"/>` +
    override("/word/document.xml", CONTENT_TYPE.document) +
    override("/word/styles.xml", CONTENT_TYPE.styles) +
    override("/word/numbering.xml", CONTENT_TYPE.numbering) +
    override("/word/footnotes.xml", CONTENT_TYPE.footnotes) +
    override("/word/footer1.xml", CONTENT_TYPE.footer) +
    override("/word/settings.xml", CONTENT_TYPE.settings) +
    override("/docProps/core.xml", CONTENT_TYPE.core) +
    override("/docProps/app.xml", CONTENT_TYPE.app) +
    `</Types>`
  );
}

function relationship(id: string, type: string, target: string, external = false): string {
  return `<Relationship Id="${id}" Type="${NS.officeRel}/${type}" Target="${target}"${external ? ' TargetMode="External"' : ""}/>`;
}

function packageRelationships(): string {
  return (
    `${XML_HEAD}<Relationships xmlns="${NS.rels}">` +
    relationship("rId1", "officeDocument", "word/document.xml") +
    `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
    relationship("rId3", "extended-properties", "docProps/app.xml") +
    `</Relationships>`
  );
}

function documentRelationships(links: Map<string, string>): string {
  return (
    `${XML_HEAD}<Relationships xmlns="${NS.rels}">` +
    relationship("rIdStyles", "styles", "styles.xml") +
    relationship("rIdNumbering", "numbering", "numbering.xml") +
    relationship("rIdFootnotes", "footnotes", "footnotes.xml") +
    relationship("rIdSettings", "settings", "settings.xml") +
    relationship("rIdFooter", "footer", "footer1.xml") +
    [...links].map(([href, id]) => relationship(id, "hyperlink", escapeXml(href), true)).join("") +
    `</Relationships>`
  );
}

/** W3C date-time without milliseconds, as Word writes it. */
const w3cDate = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");

function coreProperties(doc: ExportDocument, language: OfficeLanguage): string {
  const page = titlePage(doc);
  return (
    `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
    `xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
    `xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    `<dc:title>${escapeXml(page.title)}</dc:title>` +
    `<dc:subject>${escapeXml(page.roundtable)}</dc:subject>` +
    `<dc:description>${escapeXml(footerLine(doc))}</dc:description>` +
    `<dc:language>${language.tag}</dc:language>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${w3cDate(doc.date)}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${w3cDate(doc.date)}</dcterms:modified>` +
    `</cp:coreProperties>`
  );
}

function appProperties(): string {
  return (
    `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" ` +
    `xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
    `<Application>Tavolo</Application><DocSecurity>0</DocSecurity></Properties>`
  );
}

function styles(language: OfficeLanguage): string {
  const paragraphStyle = (
    id: string,
    name: string,
    body: string,
    extra: { basedOn?: string; next?: string; priority?: number } = {},
  ) =>
    `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${name}"/>` +
    (extra.basedOn ? `<w:basedOn w:val="${extra.basedOn}"/>` : "") +
    (extra.next ? `<w:next w:val="${extra.next}"/>` : "") +
    (extra.priority !== undefined ? `<w:uiPriority w:val="${extra.priority}"/>` : "") +
    `<w:qFormat/>${body}</w:style>`;
  const heading = (level: 1 | 2 | 3 | 4, size: number, before: number) =>
    paragraphStyle(
      `Heading${level}`,
      `heading ${level}`,
      `<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="${before}" w:after="120"/><w:outlineLvl w:val="${level - 1}"/></w:pPr>` +
        `<w:rPr><w:b/><w:bCs/><w:sz w:val="${size}"/><w:szCs w:val="${size}"/></w:rPr>`,
      { basedOn: "Normal", next: "Normal", priority: 9 },
    );
  return (
    `${XML_HEAD}<w:styles xmlns:w="${NS.w}" xmlns:r="${NS.r}">` +
    `<w:docDefaults><w:rPrDefault><w:rPr>` +
    `<w:rFonts w:ascii="${FONT}" w:hAnsi="${FONT}" w:eastAsia="${FONT}" w:cs="${FONT}"/>` +
    `<w:sz w:val="22"/><w:szCs w:val="22"/>` +
    `<w:lang w:val="${language.tag}" w:eastAsia="${language.tag}" w:bidi="ar-SA"/>` +
    `</w:rPr></w:rPrDefault>` +
    `<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault>` +
    `</w:docDefaults>` +
    `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>` +
    `<w:rPr><w:rFonts w:ascii="${FONT}" w:hAnsi="${FONT}" w:cs="${FONT}"/><w:color w:val="1A1A1A"/></w:rPr></w:style>` +
    `<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>` +
    `<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>` +
    `<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
    `<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>` +
    paragraphStyle(
      "Title",
      "Title",
      `<w:pPr><w:spacing w:before="240" w:after="480"/><w:contextualSpacing/></w:pPr>` +
        `<w:rPr><w:b/><w:bCs/><w:kern w:val="28"/><w:sz w:val="52"/><w:szCs w:val="52"/></w:rPr>`,
      { basedOn: "Normal", next: "Normal", priority: 10 },
    ) +
    paragraphStyle(
      "Subtitle",
      "Subtitle",
      `<w:rPr><w:caps/><w:color w:val="444444"/><w:spacing w:val="20"/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr>`,
      { basedOn: "Normal", next: "Normal", priority: 11 },
    ) +
    paragraphStyle(
      "TitleDetail",
      "Title Detail",
      `<w:rPr><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr>`,
      { basedOn: "Normal", next: "Normal" },
    ) +
    heading(1, 36, 0) +
    heading(2, 30, 360) +
    heading(3, 25, 240) +
    heading(4, 22, 240) +
    paragraphStyle(
      "Caption",
      "caption",
      `<w:pPr><w:keepNext/><w:spacing w:before="120" w:after="80"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="19"/><w:szCs w:val="19"/></w:rPr>`,
      { basedOn: "Normal", next: "Normal", priority: 35 },
    ) +
    paragraphStyle(
      "ListParagraph",
      "List Paragraph",
      `<w:pPr><w:spacing w:after="60"/><w:contextualSpacing/></w:pPr>`,
      { basedOn: "Normal", priority: 34 },
    ) +
    paragraphStyle(
      "Quote",
      "Quote",
      `<w:pPr><w:pBdr><w:left w:val="single" w:sz="18" w:space="8" w:color="999999"/></w:pBdr><w:ind w:left="${INDENT.quote}"/></w:pPr><w:rPr><w:i/><w:iCs/><w:color w:val="404040"/></w:rPr>`,
      { basedOn: "Normal", next: "Normal", priority: 29 },
    ) +
    paragraphStyle(
      "TableContents",
      "Table Contents",
      `<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="19"/><w:szCs w:val="19"/></w:rPr>`,
      { basedOn: "Normal" },
    ) +
    paragraphStyle(
      "FootnoteText",
      "footnote text",
      `<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>`,
      { basedOn: "Normal", priority: 99 },
    ) +
    paragraphStyle(
      "Footer",
      "footer",
      `<w:pPr><w:tabs><w:tab w:val="right" w:pos="${TEXT_WIDTH}"/></w:tabs><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:color w:val="555555"/><w:sz w:val="15"/><w:szCs w:val="15"/></w:rPr>`,
      { basedOn: "Normal", priority: 99 },
    ) +
    `<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>` +
    `<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:rPr><w:color w:val="0B4F8A"/><w:u w:val="single"/></w:rPr></w:style>` +
    `<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="39"/>` +
    `<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>` +
    `<w:tblPr><w:tblBorders>` +
    ["top", "left", "bottom", "right", "insideH", "insideV"]
      .map((side) => `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="8C8C8C"/>`)
      .join("") +
    `</w:tblBorders><w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="85" w:type="dxa"/><w:bottom w:w="57" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
    `</w:styles>`
  );
}

/** A bullet list shared by all, and one decimal list per ordered list so each counts from 1. */
function numbering(orderedLists: number): string {
  const levels = (ordered: boolean) =>
    Array.from({ length: 9 }, (_, level) => {
      const indent = (level + 1) * INDENT.step + INDENT.hanging;
      const format = ordered
        ? `<w:numFmt w:val="decimal"/><w:lvlText w:val="%${level + 1}."/>`
        : `<w:numFmt w:val="bullet"/><w:lvlText w:val="${BULLETS[level % BULLETS.length]}"/>`;
      return (
        `<w:lvl w:ilvl="${level}"><w:start w:val="1"/>${format}<w:lvlJc w:val="left"/>` +
        `<w:pPr><w:ind w:left="${indent}" w:hanging="${INDENT.hanging}"/></w:pPr>` +
        (ordered
          ? ""
          : `<w:rPr><w:rFonts w:ascii="${FONT}" w:hAnsi="${FONT}" w:hint="default"/></w:rPr>`) +
        `</w:lvl>`
      );
    }).join("");
  const abstract = (id: number, ordered: boolean) =>
    `<w:abstractNum w:abstractNumId="${id}"><w:multiLevelType w:val="hybridMultilevel"/>${levels(ordered)}</w:abstractNum>`;
  const restart = Array.from(
    { length: 9 },
    (_, level) => `<w:lvlOverride w:ilvl="${level}"><w:startOverride w:val="1"/></w:lvlOverride>`,
  ).join("");
  const ordered = Array.from(
    { length: orderedLists },
    (_, i) =>
      `<w:num w:numId="${BULLET_NUM + i + 1}"><w:abstractNumId w:val="${ORDERED_ABSTRACT}"/>${restart}</w:num>`,
  ).join("");
  return (
    `${XML_HEAD}<w:numbering xmlns:w="${NS.w}">` +
    abstract(ORDERED_ABSTRACT, true) +
    abstract(BULLET_ABSTRACT, false) +
    `<w:num w:numId="${BULLET_NUM}"><w:abstractNumId w:val="${BULLET_ABSTRACT}"/></w:num>` +
    ordered +
    `</w:numbering>`
  );
}

/** The separators Word requires (ids -1 and 0), then each footnote by its number. */
function footnotes(notes: Map<Inline, number>): string {
  const separator = (type: string, id: number, mark: string) =>
    `<w:footnote w:type="${type}" w:id="${id}"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:${mark}/></w:r></w:p></w:footnote>`;
  const bodies = [...notes]
    .map(
      ([note, n]) =>
        `<w:footnote w:id="${n}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>` +
        `<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>` +
        `<w:r><w:t xml:space="preserve"> </w:t></w:r>` +
        textRuns(note.kind === "footnote" ? note.text : "", {}) +
        `</w:p></w:footnote>`,
    )
    .join("");
  return (
    `${XML_HEAD}<w:footnotes xmlns:w="${NS.w}" xmlns:r="${NS.r}">` +
    separator("separator", -1, "separator") +
    separator("continuationSeparator", 0, "continuationSeparator") +
    bodies +
    `</w:footnotes>`
  );
}

/** The footer line, then "Pagina X di Y" with PAGE and NUMPAGES fields. */
function footer(doc: ExportDocument): string {
  const field = (instruction: string) =>
    `<w:r><w:fldChar w:fldCharType="begin"/></w:r>` +
    `<w:r><w:instrText xml:space="preserve"> ${instruction} </w:instrText></w:r>` +
    `<w:r><w:fldChar w:fldCharType="separate"/></w:r>` +
    `<w:r><w:t>1</w:t></w:r>` +
    `<w:r><w:fldChar w:fldCharType="end"/></w:r>`;
  const pageLine =
    textRuns(`${doc.labels.page} `, {}) +
    field("PAGE \\* ARABIC") +
    textRuns(` ${doc.labels.of} `, {}) +
    field("NUMPAGES \\* ARABIC");
  return (
    `${XML_HEAD}<w:ftr xmlns:w="${NS.w}" xmlns:r="${NS.r}">` +
    `<w:p><w:pPr><w:pStyle w:val="Footer"/><w:pBdr><w:top w:val="single" w:sz="4" w:space="4" w:color="8C8C8C"/></w:pBdr></w:pPr>${textRuns(footerLine(doc), {})}</w:p>` +
    `<w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="right"/></w:pPr>${pageLine}</w:p>` +
    `</w:ftr>`
  );
}

function settings(language: OfficeLanguage): string {
  return (
    `${XML_HEAD}<w:settings xmlns:w="${NS.w}" xmlns:r="${NS.r}">` +
    `<w:zoom w:percent="100"/>` +
    `<w:defaultTabStop w:val="708"/>` +
    `<w:hyphenationZone w:val="283"/>` +
    `<w:characterSpacingControl w:val="doNotCompress"/>` +
    `<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>` +
    `<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
    `<w:themeFontLang w:val="${language.tag}"/>` +
    `<w:decimalSymbol w:val="${language.decimal}"/>` +
    `<w:listSeparator w:val=";"/>` +
    `</w:settings>`
  );
}
