import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffPact, diffWords, tokenizeWords, type DiffPart } from "../../core/pact/diff";

const older = (parts: DiffPart[]) =>
  parts
    .filter((p) => p.kind !== "added")
    .map((p) => p.text)
    .join("");
const newer = (parts: DiffPart[]) =>
  parts
    .filter((p) => p.kind !== "removed")
    .map((p) => p.text)
    .join("");

describe("tokenizeWords", () => {
  it("splits words, whitespace and each punctuation mark, keeping accents in words", () => {
    expect(tokenizeWords("Perché l'ente, **qui**  ora")).toEqual([
      "Perché",
      " ",
      "l",
      "'",
      "ente",
      ",",
      " ",
      "*",
      "*",
      "qui",
      "*",
      "*",
      "  ",
      "ora",
    ]);
  });
});

describe("diffWords", () => {
  it.each([
    ["", "", []],
    ["uguale", "uguale", [{ kind: "same", text: "uguale" }]],
    ["", "nuovo", [{ kind: "added", text: "nuovo" }]],
    ["vecchio", "", [{ kind: "removed", text: "vecchio" }]],
    [
      "Il patto dura tre anni.",
      "Il patto dura cinque anni.",
      [
        { kind: "same", text: "Il patto dura " },
        { kind: "removed", text: "tre" },
        { kind: "added", text: "cinque" },
        { kind: "same", text: " anni." },
      ],
    ],
    [
      "scuole e famiglie",
      "scuole, enti e famiglie",
      [
        { kind: "same", text: "scuole" },
        { kind: "added", text: ", enti" },
        { kind: "same", text: " e famiglie" },
      ],
    ],
  ])("compares %j with %j word by word", (a, b, parts) => {
    expect(diffWords(a, b)).toEqual(parts);
  });

  it("reads the older text from same + removed and the newer from same + added", () => {
    const text = fc
      .array(fc.constantFrom("uno", "due", "tre", "è", " ", "  ", ",", ".", "\n", "**", "città"), {
        maxLength: 40,
      })
      .map((tokens) => tokens.join(""));
    fc.assert(
      fc.property(text, text, (a, b) => {
        const parts = diffWords(a, b);
        expect(older(parts)).toBe(a);
        expect(newer(parts)).toBe(b);
        // Parts are merged: no two neighbours of the same kind, none empty.
        parts.forEach((part, i) => {
          expect(part.text).not.toBe("");
          if (i > 0) expect(part.kind).not.toBe(parts[i - 1]!.kind);
        });
      }),
      { numRuns: 1000 },
    );
  });

  it("finds the smallest change in a long text quickly enough", () => {
    const words = Array.from({ length: 20_000 }, (_, i) => `parola${i % 97}`).join(" ");
    const changed = words.replace("parola50 ", "parola50 nuova ");
    const parts = diffWords(words, changed);
    expect(parts.filter((p) => p.kind !== "same")).toEqual([{ kind: "added", text: "nuova " }]);
  });

  it("stays correct when the texts differ everywhere", () => {
    const a = Array.from({ length: 5000 }, (_, i) => `a${i}`).join(" ");
    const b = Array.from({ length: 5000 }, (_, i) => `b${i}`).join(" ");
    const parts = diffWords(a, b);
    expect(older(parts)).toBe(a);
    expect(newer(parts)).toBe(b);
  });
});

describe("diffPact", () => {
  const section = (key: string, markdown: string, title = key.toUpperCase()) => ({
    key,
    title,
    markdown,
  });

  it("compares sections by key, in the newer order, with removed ones where they were", () => {
    const a = [section("a", "uno"), section("b", "due"), section("c", "tre"), section("d", "")];
    const b = [section("a", "uno"), section("c", "tre e mezzo"), section("e", "cinque")];
    expect(diffPact(a, b)).toEqual([
      { key: "a", title: "A", status: "same", parts: [{ kind: "same", text: "uno" }] },
      { key: "b", title: "B", status: "removed", parts: [{ kind: "removed", text: "due" }] },
      {
        key: "c",
        title: "C",
        status: "changed",
        parts: [
          { kind: "same", text: "tre" },
          { kind: "added", text: " e mezzo" },
        ],
      },
      { key: "d", title: "D", status: "removed", parts: [] },
      { key: "e", title: "E", status: "added", parts: [{ kind: "added", text: "cinque" }] },
    ]);
  });

  it("marks a renamed section as changed and keeps its older title", () => {
    expect(diffPact([section("a", "x", "Vecchio")], [section("a", "x", "Nuovo")])).toEqual([
      {
        key: "a",
        title: "Nuovo",
        previousTitle: "Vecchio",
        status: "changed",
        parts: [{ kind: "same", text: "x" }],
      },
    ]);
  });
});
