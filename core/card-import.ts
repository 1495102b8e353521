// Paper is not forgotten: the post-its of a room, typed up as pasted lines or a CSV, read into cards
// tagged with their group, so that a facilitator or secretary adds them all at once.
import type { CardPosition } from "./board-positions";
import type { ContributorGroup } from "./domain";

/** Longer than a post-it can hold: reported for that line rather than silently cut. */
export const MAX_IMPORTED_CARD_LENGTH = 500;
/** Far more than a room writes; a bigger paste is more likely a wrong file. */
export const MAX_IMPORTED_CARDS = 2000;

export type ImportFormat = "auto" | "lines" | "csv";

export interface ImportedCard {
  text: string;
  group: ContributorGroup;
  /** The line of the input the card starts on (1-based), to point at it in the preview. */
  line: number;
}

/** Catalogue keys (core/i18n/areas/meeting.ts) of what went wrong with one line. */
export const IMPORT_PROBLEM_KEYS = [
  "import.problem.too_long",
  "import.problem.unknown_group",
  "import.problem.too_many",
  "import.problem.unclosed_quote",
  "import.problem.no_text",
] as const;
export type ImportProblemKey = (typeof IMPORT_PROBLEM_KEYS)[number];

export interface ImportProblem {
  line: number;
  key: ImportProblemKey;
  vars?: Record<string, string | number>;
}

export interface CardImport {
  cards: ImportedCard[];
  problems: ImportProblem[];
  /** How the input was read, so that the preview can say so. */
  format: "lines" | "csv";
  delimiter: "," | ";" | "\t" | null;
  header: boolean;
}

// Names compared after normalizeName: lowercase, no accents, "_" and "-" as spaces.
const TEXT_COLUMNS = new Set([
  "testo",
  "text",
  "contributo",
  "contributi",
  "scheda",
  "schede",
  "card",
  "cards",
  "post it",
  "postit",
  "nota",
  "note",
]);
const GROUP_COLUMNS = new Set(["gruppo", "gruppi", "group", "groups", "gruppo di appartenenza"]);

const GROUP_NAMES: Record<string, ContributorGroup> = {};
function groupNames(group: ContributorGroup, names: string[]) {
  for (const name of [group, ...names]) GROUP_NAMES[normalizeName(name)] = group;
}
groupNames("family", ["famiglia", "famiglie", "genitori", "genitore", "families", "parents"]);
groupNames("school", ["scuola", "scuole", "schools", "docenti", "insegnanti", "studenti"]);
groupNames("social_services", ["servizi sociali", "servizio sociale", "social services"]);
groupNames("health", ["sanità", "sanita", "salute", "asl", "ats", "asst", "healthcare"]);
groupNames("association", [
  "associazione",
  "associazioni",
  "terzo settore",
  "volontariato",
  "associations",
  "third sector",
]);
groupNames("other", ["altro", "altri", "altra", "altre"]);

function normalizeName(value: string): string {
  return value
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[_\-.]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** The group a written value names, in Italian, English or as a code; null when unknown. */
export function groupFromName(value: string): ContributorGroup | null {
  return GROUP_NAMES[normalizeName(value)] ?? null;
}

/**
 * Card text as it may be stored: controls removed (a pasted form feed or a bidi override would
 * confuse every later reader), tabs as spaces, line breaks kept but never more than one blank line.
 */
export function cleanCardText(value: string): string {
  return value
    .replace(/\r\n?/g, "\n")
    .replace(/\t/g, " ")
    .replace(/[\p{Cc}\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/gu, (c) =>
      c === "\n" ? c : "",
    )
    .replace(/[ ]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

const BULLET = /^(?:[-*•·–—▪◦‣]\s+|\(?\d{1,4}[.)]\s+|\[[ xX]?\]\s+)/;

interface CsvRecord {
  line: number;
  fields: string[];
  unclosed: boolean;
}

/** RFC 4180 records: quotes doubled inside quoted fields, line breaks allowed inside quotes. */
export function parseCsv(input: string, delimiter: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let fieldStart = true;
  let line = 1;
  let recordLine = 1;
  const endRecord = (unclosed: boolean) => {
    fields.push(field);
    records.push({ line: recordLine, fields, unclosed });
    fields = [];
    field = "";
    fieldStart = true;
  };
  for (let i = 0; i < input.length; i += 1) {
    const c = input[i]!;
    if (quoted) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i += 1;
        } else quoted = false;
      } else {
        if (c === "\n") line += 1;
        field += c;
      }
      continue;
    }
    if (c === '"' && fieldStart) {
      quoted = true;
      fieldStart = false;
    } else if (c === delimiter) {
      fields.push(field);
      field = "";
      fieldStart = true;
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && input[i + 1] === "\n") i += 1;
      endRecord(false);
      line += 1;
      recordLine = line;
    } else {
      // A quote in the middle of an unquoted field is kept as written, as spreadsheets do.
      field += c;
      fieldStart = false;
    }
  }
  if (quoted || field !== "" || fields.length > 0) endRecord(quoted);
  return records;
}

const DELIMITERS = ["\t", ";", ","] as const;

/** The delimiter used most in the first line, outside quotes; ties go to tab, then semicolon. */
function guessDelimiter(firstLine: string): "," | ";" | "\t" | null {
  let best: "," | ";" | "\t" | null = null;
  let bestCount = 0;
  for (const delimiter of DELIMITERS) {
    const fields = parseCsv(firstLine, delimiter)[0]?.fields.length ?? 1;
    if (fields - 1 > bestCount) {
      best = delimiter;
      bestCount = fields - 1;
    }
  }
  return best;
}

interface Columns {
  text: number;
  group: number | null;
}

function headerColumns(fields: string[]): Columns | null {
  const names = fields.map(normalizeName);
  const text = names.findIndex((name) => TEXT_COLUMNS.has(name));
  const group = names.findIndex((name) => GROUP_COLUMNS.has(name));
  if (text === -1 && group === -1) return null;
  const firstOther = names.findIndex((_, i) => i !== group);
  return { text: text !== -1 ? text : firstOther, group: group === -1 ? null : group };
}

const isBlank = (record: CsvRecord) => record.fields.every((f) => f.trim() === "");

/** Without a header, a table is recognised only when its second column holds nothing but groups. */
function looksLikeHeaderlessTable(records: CsvRecord[]): boolean {
  const rows = records.filter((r) => !isBlank(r));
  if (rows.length === 0) return false;
  const width = rows[0]!.fields.length;
  return (
    width >= 2 &&
    rows.every((r) => r.fields.length === width) &&
    rows.every((r) => r.fields[1]!.trim() === "" || groupFromName(r.fields[1]!) !== null)
  );
}

/**
 * Reads pasted lines or a CSV into cards. Lines: one card per non-empty line, bullets and numbers
 * dropped. CSV: delimiter `,` `;` or tab, a header naming the text and group columns if present,
 * otherwise text first and group second. Unknown groups fall back to `defaultGroup` with a warning.
 */
export function parseCardImport(
  input: string,
  options: { defaultGroup: ContributorGroup; format?: ImportFormat },
): CardImport {
  const source = input.replace(/^\uFEFF/, "");
  const format = options.format ?? "auto";
  const firstLine = source.split(/\r\n|\r|\n/).find((l) => l.trim() !== "") ?? "";
  const delimiter = guessDelimiter(firstLine);
  const records = parseCsv(source, delimiter ?? ",");
  const firstRecord = records.find((r) => !isBlank(r));
  const header = format !== "lines" && firstRecord ? headerColumns(firstRecord.fields) : null;

  const asCsv =
    format === "csv" ||
    (format === "auto" && (header !== null || (delimiter && looksLikeHeaderlessTable(records))));
  if (!asCsv) return collect(linesOf(source), options.defaultGroup, "lines", null, false);

  const columns = header ?? { text: 0, group: records.some((r) => r.fields.length > 1) ? 1 : null };
  const headerWidth = header && firstRecord ? firstRecord.fields.length : null;
  const rows: RawCard[] = [];
  const problems: ImportProblem[] = [];
  for (const record of records) {
    if (record === firstRecord && header) continue;
    if (record.unclosed) {
      problems.push({ line: record.line, key: "import.problem.unclosed_quote" });
      continue;
    }
    if (isBlank(record)) continue;
    rows.push({ line: record.line, ...cellsOf(record.fields, columns, headerWidth, delimiter) });
  }
  const result = collect(rows, options.defaultGroup, "csv", delimiter, header !== null);
  result.problems = [...problems, ...result.problems].sort((a, b) => a.line - b.line);
  return result;
}

/**
 * The text and group of a row. In a two-column table a row with more fields than the header is
 * text with an unquoted delimiter in it (spreadsheets typed by hand often have them): the extra
 * fields are joined back into the text rather than read as a group.
 */
function cellsOf(
  fields: string[],
  columns: Columns,
  headerWidth: number | null,
  delimiter: string | null,
): { text: string; group: string } {
  if (headerWidth === 2 && columns.group !== null && fields.length > 2) {
    const group = columns.group === 0 ? fields[0]! : fields[fields.length - 1]!;
    const text = columns.group === 0 ? fields.slice(1) : fields.slice(0, -1);
    return { text: text.join(delimiter ?? ","), group };
  }
  return {
    text: fields[columns.text] ?? "",
    group: columns.group === null ? "" : (fields[columns.group] ?? ""),
  };
}

interface RawCard {
  line: number;
  text: string;
  group: string;
}

function linesOf(source: string): RawCard[] {
  return source
    .split(/\r\n|\r|\n/)
    .map((raw, i) => ({ line: i + 1, text: raw.trim().replace(BULLET, ""), group: "" }))
    .filter((row) => row.text.trim() !== "");
}

function collect(
  rows: RawCard[],
  defaultGroup: ContributorGroup,
  format: "lines" | "csv",
  delimiter: CardImport["delimiter"],
  header: boolean,
): CardImport {
  const cards: ImportedCard[] = [];
  const problems: ImportProblem[] = [];
  let dropped = 0;
  let firstDropped = 0;
  for (const row of rows) {
    const text = cleanCardText(row.text);
    const groupName = row.group.trim();
    if (text === "") {
      if (groupName !== "") problems.push({ line: row.line, key: "import.problem.no_text" });
      continue;
    }
    const length = [...text].length;
    if (length > MAX_IMPORTED_CARD_LENGTH) {
      problems.push({
        line: row.line,
        key: "import.problem.too_long",
        vars: { length, max: MAX_IMPORTED_CARD_LENGTH },
      });
      continue;
    }
    if (cards.length >= MAX_IMPORTED_CARDS) {
      if (dropped === 0) firstDropped = row.line;
      dropped += 1;
      continue;
    }
    let group = groupName === "" ? defaultGroup : groupFromName(groupName);
    if (group === null) {
      problems.push({
        line: row.line,
        key: "import.problem.unknown_group",
        vars: { group: cleanCardText(groupName).slice(0, 40) },
      });
      group = defaultGroup;
    }
    cards.push({ text, group, line: row.line });
  }
  if (dropped > 0) {
    problems.push({
      line: firstDropped,
      key: "import.problem.too_many",
      vars: { max: MAX_IMPORTED_CARDS, dropped },
    });
  }
  return { cards, problems, format, delimiter, header };
}

/** Size of a card on the board and the gap between cards, for laying imported cards out. */
export const IMPORT_GRID = { width: 220, height: 140, gap: 24, columns: 6 } as const;

/**
 * Where imported cards go: a grid starting one row below the lowest card already on the board,
 * aligned with its leftmost card, so that nothing already placed is covered.
 */
export function importGrid(existing: Iterable<CardPosition>, count: number): CardPosition[] {
  let left = Infinity;
  let bottom = -Infinity;
  for (const p of existing) {
    left = Math.min(left, p.x);
    bottom = Math.max(bottom, p.y + IMPORT_GRID.height);
  }
  const x0 = Number.isFinite(left) ? left : 0;
  const y0 = Number.isFinite(bottom) ? bottom + IMPORT_GRID.gap * 2 : 0;
  const stepX = IMPORT_GRID.width + IMPORT_GRID.gap;
  const stepY = IMPORT_GRID.height + IMPORT_GRID.gap;
  return Array.from({ length: count }, (_, i) => ({
    x: x0 + (i % IMPORT_GRID.columns) * stepX,
    y: y0 + Math.floor(i / IMPORT_GRID.columns) * stepY,
  }));
}
