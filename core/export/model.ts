// The one document model behind every export (issue 7, DESIGN.md "Exports"): a pact version or a
// meeting's minutes become an ExportDocument once, and each renderer (Markdown, HTML, DOCX, ODT,
// PDF, CSV, JSON) writes it in its own format. Plain data, no I/O: renderers run in a worker and
// receive it by structured clone. Every string in it is text typed by people, never markup: each
// renderer escapes it for its own format.

/** A run of text with its marks. */
export interface TextRun {
  kind: "text";
  text: string;
  bold?: boolean;
  italic?: boolean;
  strike?: boolean;
  /** http, https or mailto only (the builder drops any other scheme). */
  href?: string;
}

/** A footnote cited here: renderers number footnotes in order of citation across the document. */
export interface FootnoteRun {
  kind: "footnote";
  text: string;
}

export interface LineBreak {
  kind: "break";
}

export type Inline = TextRun | FootnoteRun | LineBreak;

export type Block =
  /** Levels 1–4: 1 is a section's title, 2–4 the headings written inside a section. */
  | { kind: "heading"; level: 1 | 2 | 3 | 4; content: Inline[] }
  | { kind: "paragraph"; content: Inline[] }
  /** Each item is a list of blocks (paragraphs and nested lists). */
  | { kind: "list"; ordered: boolean; items: Block[][] }
  | { kind: "quote"; blocks: Block[] }
  | { kind: "rule" }
  | { kind: "table"; table: Table };

/** A table: the first `headerRows` rows are headings; every cell holds inline content. */
export interface Table {
  /** Read by screen readers and written as the table's caption where the format has one. */
  caption?: string;
  headerRows: number;
  rows: Inline[][][];
}

export interface ExportIndicator {
  measure: string;
  baseline: string;
  target: string;
}

export interface ExportAction {
  title: string;
  /** The responsible organisation's name, or null. */
  responsible: string | null;
  partners: string[];
  indicators: ExportIndicator[];
  resources: { staffHours: number | null; euros: number | null; fundingSource: string };
  /** Calendar days, "2027-03-01". */
  start: string | null;
  end: string | null;
}

export interface ExportObjective {
  id: string;
  title: string;
  /** The policy area's code and name, "B — Scuola e formazione", or null. */
  area: string | null;
  /** How many voices from each group shaped it: {family: 12, school: 4}; never who. */
  voices: Record<string, number>;
  actions: ExportAction[];
}

export interface ExportSignatory {
  organization: string;
  person: string;
  role: "signatory" | "adherent";
  signedAt: Date;
  /** The version hash that was signed. */
  hash: string;
}

export interface ExportDocument {
  kind: "pact" | "minutes";
  locale: "it" | "en";
  /** Title page. */
  title: string;
  roundtable: string;
  territory: string;
  /** "Versione 3 — Testo approvato"; null for a draft that is no version (minutes, live text). */
  versionLabel: string | null;
  /** SHA-256 of the version's canonical text (hex); the footer prints it. */
  hash: string;
  /** The date the title page shows (the version's, or the minutes'). */
  date: Date;
  /** Each pact section (or the minutes' single body), in order, with its title. */
  sections: { key: string; title: string; blocks: Block[] }[];
  /** The objectives and actions tables (empty for minutes or a pact with none). */
  objectives: ExportObjective[];
  signatories: ExportSignatory[];
  /** Labels the renderers print, already in the document's language (see core/export/labels.ts). */
  labels: ExportLabels;
}

/** Every fixed word an export prints, so that renderers hold no language of their own. */
export interface ExportLabels {
  documentKind: string;
  version: string;
  hash: string;
  date: string;
  page: string;
  of: string;
  contents: string;
  objectivesTitle: string;
  objective: string;
  area: string;
  voices: string;
  action: string;
  responsible: string;
  partners: string;
  indicators: string;
  baseline: string;
  target: string;
  resources: string;
  staffHours: string;
  euros: string;
  fundingSource: string;
  timeline: string;
  signatoriesTitle: string;
  organization: string;
  person: string;
  role: string;
  signedAt: string;
  signatory: string;
  adherent: string;
  noSignatories: string;
  footnotes: string;
  /** Group names for the voices column: family → "Famiglie". */
  groups: Record<string, string>;
}

/** The formats `GET /api/v1/pacts/:id/export?format=` accepts. */
export const EXPORT_FORMATS = ["docx", "odt", "pdf", "md", "html", "csv", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  odt: "application/vnd.oasis.opendocument.text",
  pdf: "application/pdf",
  md: "text/markdown; charset=utf-8",
  html: "text/html; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
};
