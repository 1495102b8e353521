import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { readBoard } from "../../core/board";
import { readPositions, setPositions } from "../../core/board-positions";
import {
  IMPORT_GRID,
  IMPORT_PROBLEM_KEYS,
  MAX_IMPORTED_CARDS,
  cleanCardText,
  groupFromName,
  importGrid,
  parseCardImport,
  parseCsv,
} from "../../core/card-import";
import { isMessageKey } from "../../core/i18n";
import { importCards } from "../../app/components/import/import-cards";

const read = (input: string, format?: "auto" | "lines" | "csv") =>
  parseCardImport(input, { defaultGroup: "other", format });
const texts = (input: string, format?: "auto" | "lines" | "csv") =>
  read(input, format).cards.map((c) => c.text);

describe("reading pasted lines", () => {
  it.each([
    ["one card per non-empty line", "Più spazi\n\n  Doposcuola  \n", ["Più spazi", "Doposcuola"]],
    [
      "dashes and bullets dropped",
      "- primo\n• secondo\n* terzo\n– quarto",
      ["primo", "secondo", "terzo", "quarto"],
    ],
    ["numbers dropped", "1. primo\n2) secondo\n10. decimo", ["primo", "secondo", "decimo"]],
    [
      "a number without a dot kept",
      "3 bambini su 10 non hanno il pulmino",
      ["3 bambini su 10 non hanno il pulmino"],
    ],
    ["Windows line endings", "primo\r\nsecondo\r\n", ["primo", "secondo"]],
    ["a byte order mark dropped", "\uFEFFprimo", ["primo"]],
    [
      "a sentence with commas stays one card",
      "Servono spazi, anche d'estate, per i ragazzi",
      ["Servono spazi, anche d'estate, per i ragazzi"],
    ],
    ["quotes kept as written", 'Il "doposcuola" serve', ['Il "doposcuola" serve']],
  ])("%s", (_, input, expected) => {
    const result = read(input);
    expect(result.format).toBe("lines");
    expect(result.cards.map((c) => c.text)).toEqual(expected);
    expect(result.problems).toEqual([]);
  });

  it("gives every card the default group and the line it came from", () => {
    const result = parseCardImport("\nprimo\n\nsecondo", { defaultGroup: "school" });
    expect(result.cards).toEqual([
      { text: "primo", group: "school", line: 2 },
      { text: "secondo", group: "school", line: 4 },
    ]);
  });

  it("removes control characters from the text", () => {
    expect(texts("a\u0007b\u202Ec\u0000d\te")).toEqual(["abcd e"]);
  });

  it("refuses a card longer than 500 characters, naming its line, instead of cutting it", () => {
    const long = "x".repeat(501);
    const result = read(`breve\n${long}\n${"è".repeat(500)}`);
    expect(result.cards.map((c) => c.text.length)).toEqual([5, 500]);
    expect(result.problems).toEqual([
      { line: 2, key: "import.problem.too_long", vars: { length: 501, max: 500 } },
    ]);
  });

  it("counts characters, not UTF-16 units, against the limit", () => {
    expect(read("😀".repeat(500)).cards).toHaveLength(1);
  });

  it("imports at most 2,000 cards and says how many were left out", () => {
    const input = Array.from({ length: MAX_IMPORTED_CARDS + 5 }, (_, i) => `scheda ${i}`).join(
      "\n",
    );
    const result = read(input);
    expect(result.cards).toHaveLength(MAX_IMPORTED_CARDS);
    expect(result.problems).toEqual([
      {
        line: MAX_IMPORTED_CARDS + 1,
        key: "import.problem.too_many",
        vars: { max: 2000, dropped: 5 },
      },
    ]);
  });

  it("reads nothing from empty input", () => {
    expect(read("  \n\n ")).toMatchObject({ cards: [], problems: [] });
  });
});

describe("reading CSV", () => {
  it.each([
    ["comma", "testo,gruppo\nPiù spazi,famiglia", ","],
    ["semicolon", "Testo;Gruppo\nPiù spazi;famiglia", ";"],
    ["tab", "testo\tgruppo\nPiù spazi\tfamiglia", "\t"],
  ])("detects the %s delimiter from a header", (_, input, delimiter) => {
    const result = read(input);
    expect(result).toMatchObject({ format: "csv", delimiter, header: true });
    expect(result.cards).toEqual([{ text: "Più spazi", group: "family", line: 2 }]);
  });

  it("reads quoted fields with delimiters, doubled quotes and line breaks inside", () => {
    const input = 'testo;gruppo\n"Spazi; anche ""d\'estate""\nper tutti";scuola\naltro;asl\n';
    const result = read(input);
    expect(result.cards).toEqual([
      { text: 'Spazi; anche "d\'estate"\nper tutti', group: "school", line: 2 },
      { text: "altro", group: "health", line: 4 },
    ]);
  });

  it("finds the columns by their names, in any order, ignoring others", () => {
    const input = "n,Gruppo,Contributo,note interne\n1,Terzo settore,Una sede aperta,x\n";
    expect(read(input).cards).toEqual([{ text: "Una sede aperta", group: "association", line: 2 }]);
  });

  it("joins back a text with unquoted commas in a text-and-group table", () => {
    expect(read("testo,gruppo\nSpazi, anche d'estate,famiglia").cards).toEqual([
      { text: "Spazi, anche d'estate", group: "family", line: 2 },
    ]);
    expect(read("gruppo;testo\nscuola;Orari; mense; trasporti").cards).toEqual([
      { text: "Orari; mense; trasporti", group: "school", line: 2 },
    ]);
  });

  it("reads a header naming only the text as a single-column table", () => {
    expect(read("scheda\nprimo\nsecondo").cards.map((c) => c.text)).toEqual(["primo", "secondo"]);
  });

  it("recognises a table without header when its second column holds only groups", () => {
    const result = read("Più spazi;famiglie\nMeno burocrazia;servizi sociali\nAltro ancora;");
    expect(result).toMatchObject({ format: "csv", header: false, delimiter: ";" });
    expect(result.cards.map((c) => c.group)).toEqual(["family", "social_services", "other"]);
  });

  it("reads text first and group second when told it is CSV without a header", () => {
    const result = read("Più spazi,boh\nMeno code,scuola", "csv");
    expect(result.cards).toEqual([
      { text: "Più spazi", group: "other", line: 1 },
      { text: "Meno code", group: "school", line: 2 },
    ]);
    expect(result.problems).toEqual([
      { line: 1, key: "import.problem.unknown_group", vars: { group: "boh" } },
    ]);
  });

  it("keeps a card whose group is unknown in the default group, with a warning", () => {
    const result = parseCardImport("testo,gruppo\nA,marziani\nB,", { defaultGroup: "family" });
    expect(result.cards.map((c) => [c.text, c.group])).toEqual([
      ["A", "family"],
      ["B", "family"],
    ]);
    expect(result.problems).toEqual([
      { line: 2, key: "import.problem.unknown_group", vars: { group: "marziani" } },
    ]);
  });

  it("reports a quote never closed and a row with a group but no text", () => {
    const result = read('testo;gruppo\n;scuola\nbuono;scuola\n"aperto;scuola\nperso;scuola');
    expect(result.cards.map((c) => c.text)).toEqual(["buono"]);
    expect(result.problems).toEqual([
      { line: 2, key: "import.problem.no_text" },
      { line: 4, key: "import.problem.unclosed_quote" },
    ]);
  });

  it("reads lines as lines when told so, even with a header-like first line", () => {
    expect(texts("testo;gruppo\nA;scuola", "lines")).toEqual(["testo;gruppo", "A;scuola"]);
  });

  it("parses RFC 4180 records with CRLF and an empty last field", () => {
    expect(parseCsv('a,"b\r\nc",\r\nd,e,f', ",")).toEqual([
      { line: 1, fields: ["a", "b\r\nc", ""], unclosed: false },
      { line: 3, fields: ["d", "e", "f"], unclosed: false },
    ]);
  });
});

describe("naming a group", () => {
  it.each([
    ["famiglia", "family"],
    ["Famiglie", "family"],
    ["GENITORI", "family"],
    ["family", "family"],
    ["scuola", "school"],
    ["School", "school"],
    ["Servizi sociali", "social_services"],
    ["servizi_sociali", "social_services"],
    ["social_services", "social_services"],
    ["sanità", "health"],
    ["sanita", "health"],
    ["ASL", "health"],
    ["health", "health"],
    ["associazione", "association"],
    ["Terzo settore", "association"],
    ["third-sector", "association"],
    ["altro", "other"],
    ["other", "other"],
    ["  scuola  ", "school"],
  ])("reads %s as %s", (name, group) => {
    expect(groupFromName(name)).toBe(group);
  });

  it.each(["", "comune", "x"])("does not recognise %j", (name) => {
    expect(groupFromName(name)).toBeNull();
  });
});

describe("cleaning card text", () => {
  it("keeps line breaks but at most one blank line, and trims", () => {
    expect(cleanCardText("  a\r\n\r\n\r\n\r\nb  \n")).toBe("a\n\nb");
  });
});

describe("the problems of an import", () => {
  it.each(IMPORT_PROBLEM_KEYS)("are in the catalogue: %s", (key) => {
    expect(isMessageKey(key)).toBe(true);
  });
});

describe("placing imported cards", () => {
  it("starts at the origin of an empty board, in rows of six", () => {
    const grid = importGrid([], 7);
    expect(grid[0]).toEqual({ x: 0, y: 0 });
    expect(grid[5]!.y).toBe(0);
    expect(grid[6]).toEqual({ x: 0, y: IMPORT_GRID.height + IMPORT_GRID.gap });
  });

  it("goes below the lowest card already placed, aligned with the leftmost", () => {
    const grid = importGrid(
      [
        { x: 100, y: 50 },
        { x: 400, y: 300 },
      ],
      2,
    );
    expect(grid[0]!.x).toBe(100);
    expect(grid[0]!.y).toBeGreaterThanOrEqual(300 + IMPORT_GRID.height);
    expect(grid[1]!.x).toBeGreaterThan(grid[0]!.x + IMPORT_GRID.width);
  });
});

describe("writing imported cards to a board", () => {
  it("adds every card, in person and with its group, and positions them, in one update", () => {
    const doc = new Y.Doc();
    setPositions(doc, [["old", { x: 0, y: 0 }]]);
    let updates = 0;
    doc.on("update", () => (updates += 1));
    const { cards } = read("testo;gruppo\nPrimo;scuola\nSecondo;famiglia\nTerzo;");
    const ids = importCards(doc, cards, 1_000);
    expect(updates).toBe(1);
    const board = readBoard(doc);
    const byId = new Map(board.cards.map((c) => [c.id, c]));
    expect(ids.map((id) => [byId.get(id)!.text, byId.get(id)!.group])).toEqual([
      ["Primo", "school"],
      ["Secondo", "family"],
      ["Terzo", "other"],
    ]);
    expect(ids.every((id) => byId.get(id)!.inPerson && byId.get(id)!.authorLabel === "")).toBe(
      true,
    );
    // Creation times follow the pasted order, so the board lists them as written.
    expect(ids.map((id) => byId.get(id)!.createdAt.getTime())).toEqual([1_000, 1_001, 1_002]);
    const positions = readPositions(doc);
    expect(ids.every((id) => positions.get(id)!.y > 0)).toBe(true);
  });
});
