// PDF export (issue 7): the document model laid out on A4 with pdfkit, in DejaVu Sans embedded
// (so every Latin, Greek and Cyrillic letter prints, and the file looks the same everywhere). Pages
// are buffered so that the footer can say "Pagina X di Y" once the last page is known.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import PDFDocument from "pdfkit";
import type { Block, ExportDocument, Inline, Table } from "../../core/export/model";
import {
  footerLine,
  footnoteNumbers,
  outline,
  titlePage,
  xmlSafe,
  type OutlinePart,
} from "../../core/export/outline";

type Pdf = PDFKit.PDFDocument;
type FontStyle = "regular" | "bold" | "italic" | "boldItalic";

const FONT_FILES: Record<FontStyle, string> = {
  regular: "DejaVuSans.ttf",
  bold: "DejaVuSans-Bold.ttf",
  italic: "DejaVuSans-Oblique.ttf",
  boldItalic: "DejaVuSans-BoldOblique.ttf",
};
const FONT_STYLES = Object.keys(FONT_FILES) as FontStyle[];

const MARGIN = { top: 62, bottom: 78, left: 62, right: 62 };
const SIZE = {
  body: 10.5,
  table: 9.5,
  note: 9,
  footer: 7.5,
  heading: { 1: 19, 2: 15, 3: 12.5, 4: 11 },
};
const LINE_GAP = 2.5;
const SPACE = { paragraph: 7, listItem: 3, heading: 6, block: 10 };
const INDENT = { list: 18, quote: 16 };
const CELL_PADDING = 4;
const COLOR = {
  text: "#1a1a1a",
  muted: "#555555",
  link: "#0b4f8a",
  line: "#8c8c8c",
  headerFill: "#ececec",
};
/** Footnote references as superscript digits (DejaVu has them), "12" → "¹²". */
const SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹";
const REPLACEMENT = "\ufffd";
/** Characters that only steer shaping (joiners, variation selectors, tags): dropped when unprintable. */
const isIgnorable = (codePoint: number) =>
  codePoint === 0xad ||
  (codePoint >= 0x200b && codePoint <= 0x200f) ||
  (codePoint >= 0x2060 && codePoint <= 0x2064) ||
  (codePoint >= 0xfe00 && codePoint <= 0xfe0f) ||
  (codePoint >= 0xe0000 && codePoint <= 0xe0fff);
/** A table cell is split into pieces of at most this many characters when a row must be split. */
const MAX_TOKEN = 40;

// --- Fonts ----------------------------------------------------------------------------------------

interface FontFile {
  /** Parsed once: pdfkit 0.20 embeds an already-parsed fontkit font (its 0.17 types lag). */
  source: PDFKit.Mixins.PDFFontSource;
  /** Whether the font draws a code point (a memo over fontkit's cmap lookup). */
  has(codePoint: number): boolean;
}

interface FontkitFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

let fontFiles: Record<FontStyle, FontFile> | null = null;

/**
 * The four DejaVu Sans faces, read and parsed once per process (or worker) with the fontkit that
 * pdfkit itself uses, resolved from pdfkit's own location; every document embeds a subset of them.
 * Parsing them for each document would cost more than laying out a short one.
 */
function loadFonts(): Record<FontStyle, FontFile> {
  if (fontFiles) return fontFiles;
  const require = createRequire(import.meta.url);
  const directory = path.join(
    path.dirname(require.resolve("dejavu-fonts-ttf/package.json")),
    "ttf",
  );
  const fontkit = createRequire(require.resolve("pdfkit"))("fontkit") as {
    create(bytes: Uint8Array): FontkitFont;
  };
  const open = (file: string): FontFile => {
    const bytes = new Uint8Array(readFileSync(path.join(directory, file)));
    const font = fontkit.create(bytes);
    const known = new Map<number, boolean>();
    return {
      source: font as unknown as PDFKit.Mixins.PDFFontSource,
      has(codePoint) {
        let has = known.get(codePoint);
        if (has === undefined) {
          has = font.hasGlyphForCodePoint(codePoint);
          known.set(codePoint, has);
        }
        return has;
      },
    };
  };
  fontFiles = Object.fromEntries(
    FONT_STYLES.map((style) => [style, open(FONT_FILES[style])]),
  ) as Record<FontStyle, FontFile>;
  return fontFiles;
}

const styleOf = (bold: boolean, italic: boolean): FontStyle =>
  bold ? (italic ? "boldItalic" : "bold") : italic ? "italic" : "regular";

/**
 * Text as the font can print it: no control characters (xmlSafe), tabs as spaces, line ends as
 * "\n", and each character the face lacks (emoji, scripts DejaVu does not cover) as U+FFFD, or
 * dropped when it only steers shaping (a variation selector, a zero-width joiner).
 */
function printable(text: string, font: FontFile): string {
  const clean = xmlSafe(text).replace(/\r\n?/g, "\n").replace(/\t/g, " ");
  let out = "";
  for (const char of clean) {
    const codePoint = char.codePointAt(0)!;
    if (codePoint === 10 || font.has(codePoint)) out += char;
    else if (!isIgnorable(codePoint)) out += REPLACEMENT;
  }
  return out;
}

// --- Inline content -------------------------------------------------------------------------------

/** A piece of a line in one face and colour, as pdfkit writes it with `continued`. */
interface Fragment {
  text: string;
  style: FontStyle;
  link: string | null;
  strike: boolean;
}

interface TextStyle {
  size: number;
  color: string;
  bold?: boolean;
  italic?: boolean;
}

// --- The writer -----------------------------------------------------------------------------------

class PdfWriter {
  private readonly pdf: Pdf;
  private readonly fonts = loadFonts();
  private readonly footnotes: Map<Inline, number>;
  private readonly superscripts: boolean;

  constructor(
    private readonly doc: ExportDocument,
    private readonly parts: OutlinePart[],
  ) {
    this.footnotes = footnoteNumbers(parts);
    this.superscripts = [...SUPERSCRIPT_DIGITS].every((d) =>
      this.fonts.regular.has(d.codePointAt(0)!),
    );
    this.pdf = new PDFDocument({
      size: "A4",
      margins: MARGIN,
      bufferPages: true,
      lang: doc.locale,
      displayTitle: true,
      info: {
        Title: xmlSafe(doc.title),
        Author: xmlSafe(doc.roundtable),
        Subject: xmlSafe(doc.labels.documentKind),
        Creator: "Tavolo",
        CreationDate: doc.date,
      },
    });
    for (const style of FONT_STYLES) this.pdf.registerFont(style, this.fonts[style].source);
  }

  /** Writes the whole document and resolves with the file's bytes. */
  render(): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    const done = new Promise<Uint8Array>((resolve, reject) => {
      this.pdf.on("data", (chunk: Uint8Array) => chunks.push(chunk));
      this.pdf.on("end", () => resolve(concat(chunks)));
      this.pdf.on("error", reject);
    });
    this.writeTitlePage();
    for (const part of this.parts) this.writePart(part);
    this.writeFooters();
    this.pdf.end();
    return done;
  }

  // --- Page geometry ---

  private get left() {
    return this.pdf.page.margins.left;
  }

  private get contentWidth() {
    return this.pdf.page.width - this.pdf.page.margins.left - this.pdf.page.margins.right;
  }

  private get bottom() {
    return this.pdf.page.height - this.pdf.page.margins.bottom;
  }

  private get pageIndex() {
    const range = this.pdf.bufferedPageRange();
    return range.start + range.count - 1;
  }

  /** Starts a new page unless `height` more points fit on this one. */
  private ensureSpace(height: number): void {
    if (this.pdf.y + height > this.bottom) this.pdf.addPage();
  }

  lineHeight(size: number, style: FontStyle = "regular"): number {
    return this.pdf.font(style).fontSize(size).currentLineHeight(true) + LINE_GAP;
  }

  // --- Title page, parts, footers ---

  private writeTitlePage(): void {
    const page = titlePage(this.doc);
    const width = this.contentWidth;
    const line = (text: string, size: number, style: FontStyle, color: string, after: number) => {
      this.pdf
        .font(style)
        .fontSize(size)
        .fillColor(color)
        .text(printable(text, this.fonts[style]), this.left, this.pdf.y, {
          width,
          align: "center",
          lineGap: LINE_GAP,
        });
      this.pdf.y += after;
    };
    this.pdf.y = this.pdf.page.height * 0.28;
    line(page.kind, 13, "regular", COLOR.muted, 14);
    line(page.title, 26, "bold", COLOR.text, 22);
    line(page.roundtable, 13, "regular", COLOR.text, 30);
    if (page.version) line(page.version, 11, "regular", COLOR.text, 6);
    line(page.date, 11, "regular", COLOR.text, 0);
  }

  private writePart(part: OutlinePart): void {
    this.pdf.addPage();
    this.pdf.outline.addItem(printable(part.title, this.fonts.regular));
    this.writeHeading(1, [{ kind: "text", text: part.title }], this.left, this.contentWidth);
    this.writeBlocks(part.blocks, this.left, this.contentWidth, SPACE.paragraph);
    this.writeFootnotes(part);
  }

  /** The notes cited in this part, under "Note", numbered as in the text. */
  private writeFootnotes(part: OutlinePart): void {
    const cited = [...footnoteNumbers([part]).keys()];
    if (cited.length === 0) return;
    const x = this.left;
    const width = this.contentWidth;
    this.pdf.y += SPACE.block;
    this.ensureSpace(this.lineHeight(SIZE.note, "bold") * 3);
    this.pdf
      .save()
      .moveTo(x, this.pdf.y)
      .lineTo(x + width / 3, this.pdf.y)
      .lineWidth(0.5)
      .strokeColor(COLOR.line)
      .stroke()
      .restore();
    this.pdf.y += 6;
    this.writeInlines([{ kind: "text", text: this.doc.labels.footnotes, bold: true }], x, width, {
      size: SIZE.note,
      color: COLOR.text,
    });
    this.pdf.y += 3;
    for (const inline of cited) {
      if (inline.kind !== "footnote") continue;
      const number = this.footnotes.get(inline) ?? 0;
      this.ensureSpace(this.lineHeight(SIZE.note));
      this.writeInlines([{ kind: "text", text: `${number}. ${inline.text}` }], x, width, {
        size: SIZE.note,
        color: COLOR.text,
      });
      this.pdf.y += 2;
    }
  }

  /** "Versione 3 — Testo approvato · Impronta SHA-256 …" and "Pagina X di Y" below every page but the title page. */
  private writeFooters(): void {
    const range = this.pdf.bufferedPageRange();
    const text = printable(footerLine(this.doc), this.fonts.regular);
    const { page: pageLabel, of } = this.doc.labels;
    for (let i = range.start + 1; i < range.start + range.count; i++) {
      this.pdf.switchToPage(i);
      const page = this.pdf.page;
      const bottomMargin = page.margins.bottom;
      // Text below the bottom margin would otherwise make pdfkit start a new page.
      page.margins.bottom = 0;
      const x = page.margins.left;
      const width = page.width - page.margins.left - page.margins.right;
      const numberWidth = 90;
      const y = page.height - bottomMargin + 22;
      this.pdf
        .save()
        .moveTo(x, y - 6)
        .lineTo(x + width, y - 6)
        .lineWidth(0.5)
        .strokeColor(COLOR.line)
        .stroke()
        .restore();
      this.pdf.font("regular").fontSize(SIZE.footer).fillColor(COLOR.muted);
      // At most the lines that fit above the page's edge (a very long version label is cut).
      this.pdf.text(text, x, y, {
        width: width - numberWidth - 12,
        lineGap: 1,
        height: bottomMargin - 40,
        ellipsis: true,
      });
      this.pdf.text(
        printable(`${pageLabel} ${i + 1} ${of} ${range.count}`, this.fonts.regular),
        x + width - numberWidth,
        y,
        { width: numberWidth, align: "right", lineBreak: false },
      );
      page.margins.bottom = bottomMargin;
    }
  }

  // --- Blocks ---

  private writeBlocks(blocks: readonly Block[], x: number, width: number, space: number): void {
    for (const block of blocks) this.writeBlock(block, x, width, space);
  }

  private writeBlock(block: Block, x: number, width: number, space: number): void {
    switch (block.kind) {
      case "heading":
        this.writeHeading(block.level, block.content, x, width);
        return;
      case "paragraph":
        if (block.content.length === 0) return;
        this.ensureSpace(this.lineHeight(SIZE.body));
        this.writeInlines(block.content, x, width, { size: SIZE.body, color: COLOR.text });
        this.pdf.y += space;
        return;
      case "list":
        this.writeList(block.ordered, block.items, x, width);
        this.pdf.y += space - SPACE.listItem;
        return;
      case "quote":
        this.writeQuote(block.blocks, x, width);
        this.pdf.y += space;
        return;
      case "rule": {
        this.ensureSpace(14);
        const y = this.pdf.y + 5;
        this.pdf
          .save()
          .moveTo(x, y)
          .lineTo(x + width, y)
          .lineWidth(0.75)
          .strokeColor(COLOR.line)
          .stroke()
          .restore();
        this.pdf.y += 10 + space;
        return;
      }
      case "table":
        new TableWriter(this, block.table, x, width).write();
        this.pdf.y += SPACE.block;
        return;
    }
  }

  private writeHeading(level: 1 | 2 | 3 | 4, content: readonly Inline[], x: number, width: number) {
    const size = SIZE.heading[level] ?? SIZE.body;
    if (level > 1) this.pdf.y += SPACE.heading;
    // Keep a heading with the first lines of what follows it.
    this.ensureSpace(this.lineHeight(size, "bold") + 3 * this.lineHeight(SIZE.body));
    this.writeInlines(content, x, width, {
      size,
      color: COLOR.text,
      bold: true,
      italic: level === 4,
    });
    this.pdf.y += level === 1 ? SPACE.heading * 2 : SPACE.heading;
  }

  private writeList(ordered: boolean, items: readonly Block[][], x: number, width: number) {
    const depth = Math.round((x - this.left) / INDENT.list);
    const bullets = ["•", "◦", "▪"];
    // Deep nesting stops indenting once it would leave less than half the width for the text.
    const indent = width - INDENT.list >= this.contentWidth / 2 ? INDENT.list : 0;
    for (const [index, item] of items.entries()) {
      const marker = ordered ? `${index + 1}.` : bullets[depth % bullets.length]!;
      this.ensureSpace(this.lineHeight(SIZE.body));
      const y = this.pdf.y;
      this.pdf
        .font("regular")
        .fontSize(SIZE.body)
        .fillColor(COLOR.text)
        .text(marker, x, y, { width: INDENT.list, lineBreak: false });
      this.pdf.y = y;
      this.writeBlocks(item, x + indent, width - indent, SPACE.listItem);
      if (this.pdf.y === y) this.pdf.y += this.lineHeight(SIZE.body);
    }
  }

  /** A quote, indented, with a bar on its left on every page it spans. */
  private writeQuote(blocks: readonly Block[], x: number, width: number) {
    this.ensureSpace(this.lineHeight(SIZE.body));
    const start = { page: this.pageIndex, y: this.pdf.y };
    this.writeBlocks(blocks, x + INDENT.quote, width - INDENT.quote, SPACE.paragraph);
    const end = { page: this.pageIndex, y: this.pdf.y - SPACE.paragraph };
    const { x: savedX, y: savedY } = this.pdf;
    for (let page = start.page; page <= end.page; page++) {
      this.pdf.switchToPage(page);
      const top = page === start.page ? start.y : this.pdf.page.margins.top;
      const bottom = page === end.page ? end.y : this.bottom;
      this.pdf
        .save()
        .moveTo(x + 4, top)
        .lineTo(x + 4, bottom)
        .lineWidth(2)
        .strokeColor(COLOR.line)
        .stroke()
        .restore();
    }
    this.pdf.switchToPage(end.page);
    this.pdf.x = savedX;
    this.pdf.y = savedY;
  }

  // --- Inline content ---

  /** The fragments of inline content in a base style: marks, links, breaks, footnote numbers. */
  fragments(content: readonly Inline[], base: { bold?: boolean; italic?: boolean }): Fragment[] {
    const out: Fragment[] = [];
    const push = (fragment: Fragment) => {
      const last = out[out.length - 1];
      if (
        last &&
        last.style === fragment.style &&
        last.link === fragment.link &&
        last.strike === fragment.strike
      ) {
        last.text += fragment.text;
      } else {
        out.push(fragment);
      }
    };
    const baseStyle = styleOf(!!base.bold, !!base.italic);
    for (const inline of content) {
      if (inline.kind === "break") {
        push({
          text: "\n",
          style: out[out.length - 1]?.style ?? baseStyle,
          link: null,
          strike: false,
        });
      } else if (inline.kind === "footnote") {
        push({ text: this.footnoteMark(inline), style: baseStyle, link: null, strike: false });
      } else {
        const style = styleOf(!!(base.bold || inline.bold), !!(base.italic || inline.italic));
        const text = printable(inline.text, this.fonts[style]);
        if (text) push({ text, style, link: inline.href ?? null, strike: !!inline.strike });
      }
    }
    // pdfkit ends a line for each "\n"; trailing ones would only leave blank lines.
    while (out.length > 0) {
      const last = out[out.length - 1]!;
      last.text = last.text.replace(/\n+$/, "");
      if (last.text) break;
      out.pop();
    }
    return out;
  }

  footnoteMark(inline: Inline): string {
    const number = String(this.footnotes.get(inline) ?? "");
    return this.superscripts
      ? [...number].map((d) => SUPERSCRIPT_DIGITS[Number(d)]).join("")
      : `[${number}]`;
  }

  /**
   * Writes inline content from (x, current y) within `width`, each fragment in its face with
   * `continued`, so that marks change mid-line.
   */
  writeInlines(content: readonly Inline[], x: number, width: number, style: TextStyle): void {
    this.writeFragments(this.fragments(content, style), x, width, style);
  }

  writeFragments(
    fragments: readonly Fragment[],
    x: number,
    width: number,
    style: Pick<TextStyle, "size" | "color">,
    height?: number,
  ): void {
    if (fragments.length === 0) return;
    this.pdf.x = x;
    for (const [i, fragment] of fragments.entries()) {
      this.pdf
        .font(fragment.style)
        .fontSize(style.size)
        .fillColor(fragment.link ? COLOR.link : style.color);
      const options: PDFKit.Mixins.TextOptions = {
        width,
        lineGap: LINE_GAP,
        continued: i < fragments.length - 1,
        link: fragment.link,
        underline: fragment.link !== null,
        strike: fragment.strike,
        ...(height !== undefined ? { height } : {}),
      };
      if (i === 0) this.pdf.text(fragment.text, x, this.pdf.y, options);
      else this.pdf.text(fragment.text, options);
    }
    this.pdf.x = x;
  }

  /** How tall inline content is at `width`, measured in its widest face (never too short). */
  measureInlines(fragments: readonly Fragment[], width: number, size: number): number {
    const text = fragments.map((f) => f.text).join("");
    if (!text) return 0;
    const styles = new Set(fragments.map((f) => f.style));
    let height = 0;
    for (const style of styles) {
      height = Math.max(
        height,
        this.pdf.font(style).fontSize(size).heightOfString(text, { width, lineGap: LINE_GAP }),
      );
    }
    return height;
  }

  // Table support, used by TableWriter.
  get document(): Pdf {
    return this.pdf;
  }
  get pageBottom(): number {
    return this.bottom;
  }
  newPage(): void {
    this.pdf.addPage();
  }
}

// --- Tables ---------------------------------------------------------------------------------------

interface Row {
  cells: Fragment[][];
  header: boolean;
}

/**
 * A table with borders: column widths from the cells' shortest and longest lines, header rows
 * shaded and repeated at the top of each page the table continues on, and no row ever running
 * past the page: a row that fits on no page is split, cell by cell, across pages.
 */
class TableWriter {
  private readonly pdf: Pdf;
  private readonly rows: Row[];
  private readonly columns: number;
  private readonly widths: number[];

  constructor(
    private readonly writer: PdfWriter,
    table: Table,
    private readonly x: number,
    width: number,
  ) {
    this.pdf = writer.document;
    this.columns = Math.max(1, ...table.rows.map((row) => row.length));
    this.rows = table.rows.map((row, r) => {
      const header = r < table.headerRows;
      const cells = Array.from({ length: this.columns }, (_, c) =>
        writer.fragments(row[c] ?? [], { bold: header }),
      );
      return { cells, header };
    });
    this.widths = this.columnWidths(width);
  }

  write(): void {
    const headers = this.rows.filter((row) => row.header);
    const body = this.rows.filter((row) => !row.header);
    const headerHeight = headers.reduce((sum, row) => sum + this.rowHeight(row), 0);
    const pageHeight = this.writer.pageBottom - this.pdf.page.margins.top;
    // Header rows repeat on every page the table reaches, unless they would crowd it.
    const repeated = headerHeight <= pageHeight / 3 ? headers : [];
    // Start on a new page rather than leave the header alone at the bottom of this one.
    const firstBody = body[0] ? Math.min(this.rowHeight(body[0]), pageHeight / 3) : 0;
    if (this.pdf.y + headerHeight + firstBody > this.writer.pageBottom) this.writer.newPage();
    for (const row of headers) this.writeRow(row, []);
    for (const row of body) this.writeRow(row, repeated);
  }

  /**
   * Writes a row where it fits: here, or on a new page below the `repeated` header rows; a row
   * taller than a whole page is split over as many pages as it needs.
   */
  private writeRow(row: Row, repeated: Row[]): void {
    const repeatedHeight = repeated.reduce((sum, r) => sum + this.rowHeight(r), 0);
    const roomOnNewPage = this.writer.pageBottom - this.pdf.page.margins.top - repeatedHeight;
    const minimum = 3 * this.writer.lineHeight(SIZE.table) + 2 * CELL_PADDING;
    let rest = row;
    for (;;) {
      const height = this.rowHeight(rest);
      const room = this.writer.pageBottom - this.pdf.y;
      if (height <= room) {
        this.drawRow(rest, height);
        return;
      }
      if (height <= roomOnNewPage || room < minimum) {
        this.newPage(repeated);
        if (height <= roomOnNewPage) {
          this.drawRow(rest, height);
          return;
        }
      }
      // Taller than a page: what fits here, then the rest on the next page.
      const available = this.writer.pageBottom - this.pdf.y;
      const fresh = available >= roomOnNewPage - 0.5;
      const [here, next] = this.splitRow(rest, available - 2 * CELL_PADDING, fresh);
      if (here.cells.some((cell) => cell.length > 0)) {
        this.drawRow(here, available);
        rest = next;
      }
      this.newPage(repeated);
    }
  }

  private newPage(repeated: Row[]): void {
    this.writer.newPage();
    for (const header of repeated) this.drawRow(header, this.rowHeight(header));
  }

  private rowHeight(row: Row): number {
    let height = 0;
    for (const [c, cell] of row.cells.entries()) {
      height = Math.max(height, this.cellHeight(cell, c));
    }
    return Math.max(height, this.writer.lineHeight(SIZE.table)) + 2 * CELL_PADDING;
  }

  private cellHeight(cell: Fragment[], column: number): number {
    return this.writer.measureInlines(cell, this.widths[column]! - 2 * CELL_PADDING, SIZE.table);
  }

  private drawRow(row: Row, height: number): void {
    const y = this.pdf.y;
    let x = this.x;
    for (const [c, cell] of row.cells.entries()) {
      const width = this.widths[c]!;
      if (row.header) {
        this.pdf.save().rect(x, y, width, height).fillColor(COLOR.headerFill).fill().restore();
      }
      this.pdf
        .save()
        .rect(x, y, width, height)
        .lineWidth(0.5)
        .strokeColor(COLOR.line)
        .stroke()
        .restore();
      if (cell.length > 0) {
        this.pdf.y = y + CELL_PADDING;
        // Capped at the row's bottom: a cell never starts a page of its own.
        this.writer.writeFragments(
          cell,
          x + CELL_PADDING,
          width - 2 * CELL_PADDING,
          { size: SIZE.table, color: COLOR.text },
          height - CELL_PADDING,
        );
      }
      x += width;
    }
    this.pdf.x = this.x;
    this.pdf.y = y + height;
  }

  /** Column widths between each column's longest word and its longest line, filling `width`. */
  private columnWidths(width: number): number[] {
    const pad = 2 * CELL_PADDING;
    const least = new Array<number>(this.columns).fill(pad + 12);
    const most = new Array<number>(this.columns).fill(pad + 12);
    for (const row of this.rows) {
      for (const [c, cell] of row.cells.entries()) {
        for (const fragment of cell) {
          this.pdf.font(fragment.style).fontSize(SIZE.table);
          for (const line of fragment.text.split("\n")) {
            most[c] = Math.max(most[c]!, this.pdf.widthOfString(line) + pad);
            for (const word of line.split(/\s+/)) {
              least[c] = Math.max(least[c]!, this.pdf.widthOfString(word) + pad);
            }
          }
        }
      }
    }
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    // A column never takes more than it needs, nor a long word more than a fair share.
    const share = width / this.columns;
    for (let c = 0; c < this.columns; c++)
      least[c] = Math.min(least[c]!, Math.max(share, width / 3));
    if (sum(most) <= width) return most.map((w) => (w * width) / sum(most));
    if (sum(least) >= width) return least.map((w) => (w * width) / sum(least));
    const slack = width - sum(least);
    const wanted = sum(most) - sum(least);
    return least.map((w, c) => w + ((most[c]! - w) * slack) / wanted);
  }

  /**
   * The part of each cell that fits in `height`, and the rest (a row of its own). On a fresh page
   * each cell takes at least one piece, so that a row always moves on.
   */
  private splitRow(row: Row, height: number, fresh: boolean): [Row, Row] {
    const here: Fragment[][] = [];
    const next: Fragment[][] = [];
    for (const [c, cell] of row.cells.entries()) {
      const width = this.widths[c]! - 2 * CELL_PADDING;
      const tokens = tokensOf(cell);
      // The longest prefix that fits: binary search, as height grows with the prefix.
      let fits = 0;
      let low = 1;
      let high = tokens.length;
      while (low <= high) {
        const middle = Math.floor((low + high) / 2);
        if (this.writer.measureInlines(tokens.slice(0, middle), width, SIZE.table) <= height) {
          fits = middle;
          low = middle + 1;
        } else {
          high = middle - 1;
        }
      }
      if (fits === 0 && fresh) fits = Math.min(1, tokens.length);
      here.push(tokens.slice(0, fits));
      next.push(tokens.slice(fits));
    }
    return [
      { cells: here, header: row.header },
      { cells: next, header: row.header },
    ];
  }
}

/** A cell's fragments as words (and pieces of very long words), each keeping its marks. */
function tokensOf(fragments: readonly Fragment[]): Fragment[] {
  const tokens: Fragment[] = [];
  for (const fragment of fragments) {
    for (const word of fragment.text.match(/\n|[^\s]+\s*|\s+/g) ?? []) {
      for (let i = 0; i < word.length; i += MAX_TOKEN) {
        tokens.push({ ...fragment, text: word.slice(i, i + MAX_TOKEN) });
      }
    }
  }
  return tokens;
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The document as a PDF: a title page, each part from a new page, footnotes, footers. */
export function renderPdf(doc: ExportDocument): Promise<Uint8Array> {
  return new PdfWriter(doc, outline(doc)).render();
}
