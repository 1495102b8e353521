// What every renderer prints, in order, from an ExportDocument: the title page's lines, then the
// body as plain blocks (each section under its title, the objectives and actions as tables, the
// signatories as a table), and the footer line. Renderers only know how to write blocks, tables and
// these few parts, so the documents agree in every format. Italian typography: dates and numbers
// through Intl in the document's language, a non-breaking space before the euro sign.
import type { Block, ExportDocument, ExportObjective, Inline, Table } from "./model";
import { DEFAULT_TIME_ZONE } from "../time";

const run = (text: string, marks: { bold?: boolean } = {}): Inline => ({
  kind: "text",
  text,
  ...marks,
});
const cell = (text: string): Inline[] => (text ? [run(text)] : []);

export function formatDay(date: Date, locale: ExportDocument["locale"]): string {
  return new Intl.DateTimeFormat(locale, {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: DEFAULT_TIME_ZONE,
  }).format(date);
}

export function formatDateTime(date: Date, locale: ExportDocument["locale"]): string {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: DEFAULT_TIME_ZONE,
  }).format(date);
}

/** "2027-03-01" as "1 marzo 2027" (a calendar day: no time zone moves it). */
export function formatCalendarDay(day: string, locale: ExportDocument["locale"]): string {
  const [year, month, date] = day.split("-").map(Number);
  if (!year || !month || !date) return day;
  return new Intl.DateTimeFormat(locale, {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(year, month - 1, date)));
}

export function formatNumber(value: number, locale: ExportDocument["locale"]): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);
}

/** "4.500,50 €" in Italian (with a non-breaking space), "€4,500.50" in English. */
export function formatEuros(value: number, locale: ExportDocument["locale"]): string {
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency: "EUR",
    minimumFractionDigits: value % 1 === 0 ? 0 : 2,
  }).format(value);
}

/** "Famiglie 12, Scuola 4": groups by number of voices, then by name. */
export function formatVoices(doc: ExportDocument, voices: Record<string, number>): string {
  return Object.entries(voices)
    .filter(([, count]) => count > 0)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([group, count]) => `${doc.labels.groups[group] ?? group} ${count}`)
    .join(", ");
}

export interface TitlePage {
  /** "Patto educativo". */
  kind: string;
  title: string;
  /** "Tavolo educativo di Chieri — Chieri (TO)". */
  roundtable: string;
  /** "Versione 3 — Testo approvato", or null. */
  version: string | null;
  /** "26 novembre 2026". */
  date: string;
}

export function titlePage(doc: ExportDocument): TitlePage {
  return {
    kind: doc.labels.documentKind,
    title: doc.title,
    roundtable: doc.territory ? `${doc.roundtable} — ${doc.territory}` : doc.roundtable,
    version: doc.versionLabel,
    date: formatDay(doc.date, doc.locale),
  };
}

/** The line every page's footer carries: "Versione 3 — Testo approvato · SHA-256 9f2c…". */
export function footerLine(doc: ExportDocument): string {
  const parts = [doc.versionLabel, `${doc.labels.hash} ${doc.hash}`].filter(Boolean);
  return parts.join(" · ");
}

function actionTiming(doc: ExportDocument, start: string | null, end: string | null): string {
  const day = (value: string | null) => (value ? formatCalendarDay(value, doc.locale) : "");
  if (start && end) return `${day(start)} – ${day(end)}`;
  return day(start) || day(end);
}

function resourcesText(doc: ExportDocument, r: ExportObjective["actions"][number]["resources"]) {
  const parts: string[] = [];
  if (r.staffHours !== null) {
    parts.push(`${doc.labels.staffHours}: ${formatNumber(r.staffHours, doc.locale)}`);
  }
  if (r.euros !== null) parts.push(formatEuros(r.euros, doc.locale));
  if (r.fundingSource) parts.push(`${doc.labels.fundingSource}: ${r.fundingSource}`);
  return parts.join("; ");
}

/** One table per objective: its actions with who leads them, indicators, resources and timing. */
export function objectiveTables(doc: ExportDocument): Block[] {
  const { labels } = doc;
  const blocks: Block[] = [];
  for (const [index, objective] of doc.objectives.entries()) {
    const heading = `${labels.objective} ${index + 1}. ${objective.title}`;
    blocks.push({ kind: "heading", level: 2, content: [run(heading)] });
    const facts = [
      objective.area ? `${labels.area}: ${objective.area}` : null,
      formatVoices(doc, objective.voices)
        ? `${labels.voices}: ${formatVoices(doc, objective.voices)}`
        : null,
    ].filter((line): line is string => line !== null);
    if (facts.length > 0) blocks.push({ kind: "paragraph", content: [run(facts.join(" · "))] });
    if (objective.actions.length === 0) continue;
    const table: Table = {
      caption: heading,
      headerRows: 1,
      rows: [
        [
          labels.action,
          labels.responsible,
          labels.indicators,
          labels.resources,
          labels.timeline,
        ].map((label) => [run(label, { bold: true })]),
        ...objective.actions.map((action) => [
          cell(action.title),
          cell(
            [action.responsible, ...action.partners.map((p) => `${labels.partners}: ${p}`)]
              .filter(Boolean)
              .join("; "),
          ),
          action.indicators.flatMap((indicator, i): Inline[] => [
            ...(i > 0 ? [{ kind: "break" } as const] : []),
            run(
              `${indicator.measure} (${labels.baseline}: ${indicator.baseline || "—"}; ${labels.target}: ${indicator.target || "—"})`,
            ),
          ]),
          cell(resourcesText(doc, action.resources)),
          cell(actionTiming(doc, action.start, action.end)),
        ]),
      ],
    };
    blocks.push({ kind: "table", table });
  }
  return blocks;
}

export function signatoriesTable(doc: ExportDocument): Block[] {
  const { labels } = doc;
  if (doc.signatories.length === 0) {
    return [{ kind: "paragraph", content: [run(labels.noSignatories)] }];
  }
  return [
    {
      kind: "table",
      table: {
        caption: labels.signatoriesTitle,
        headerRows: 1,
        rows: [
          [labels.organization, labels.person, labels.role, labels.signedAt].map((label) => [
            run(label, { bold: true }),
          ]),
          ...doc.signatories.map((s) => [
            cell(s.organization),
            cell(s.person),
            cell(s.role === "signatory" ? labels.signatory : labels.adherent),
            cell(formatDateTime(s.signedAt, doc.locale)),
          ]),
        ],
      },
    },
  ];
}

export interface OutlinePart {
  /** A level-1 heading: the part's title (a section, the objectives, the signatories). */
  title: string;
  blocks: Block[];
}

/**
 * The body in order: the sections, then "Obiettivi e azioni" (when there are objectives), then
 * "Sottoscrittori e aderenti" (always for a pact: an empty list says so). Minutes have no
 * signatories part.
 */
export function outline(doc: ExportDocument): OutlinePart[] {
  const parts: OutlinePart[] = doc.sections.map((s) => ({ title: s.title, blocks: s.blocks }));
  if (doc.objectives.length > 0) {
    parts.push({ title: doc.labels.objectivesTitle, blocks: objectiveTables(doc) });
  }
  if (doc.kind === "pact") {
    parts.push({ title: doc.labels.signatoriesTitle, blocks: signatoriesTable(doc) });
  }
  return parts;
}

/** Footnotes in order of citation across the whole document, numbered from 1. */
export function footnoteNumbers(parts: readonly OutlinePart[]): Map<Inline, number> {
  const numbers = new Map<Inline, number>();
  const visitInlines = (inlines: readonly Inline[]) => {
    for (const inline of inlines) {
      if (inline.kind === "footnote") numbers.set(inline, numbers.size + 1);
    }
  };
  const visit = (blocks: readonly Block[]) => {
    for (const block of blocks) {
      if (block.kind === "heading" || block.kind === "paragraph") visitInlines(block.content);
      else if (block.kind === "list") block.items.forEach(visit);
      else if (block.kind === "quote") visit(block.blocks);
      else if (block.kind === "table") block.table.rows.forEach((row) => row.forEach(visitInlines));
    }
  };
  for (const part of parts) visit(part.blocks);
  return numbers;
}

/** Plain text of inline content (footnotes as their number when given). */
export function inlineText(inlines: readonly Inline[], footnotes?: Map<Inline, number>): string {
  return inlines
    .map((inline) =>
      inline.kind === "text"
        ? inline.text
        : inline.kind === "break"
          ? "\n"
          : footnotes?.has(inline)
            ? `[${footnotes.get(inline)}]`
            : "",
    )
    .join("");
}

/**
 * Characters no XML document may hold (C0 controls but tab, newline and carriage return; lone
 * surrogates; U+FFFE and U+FFFF): text from users is cleaned of them before any renderer writes it.
 */
export function xmlSafe(text: string): string {
  return text.replace(NOT_XML, "");
}

const NOT_XML = new RegExp(
  "[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\ufffe\\uffff]" +
    "|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]",
  "g",
);

export function escapeXml(text: string): string {
  return xmlSafe(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** A file name for a download: "patto-educativo-di-chieri-v3.pdf". */
export function exportFileName(doc: ExportDocument, version: number | null, ext: string): string {
  const slug =
    doc.title
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "documento";
  return `${slug}${version !== null ? `-v${version}` : ""}.${ext}`;
}
