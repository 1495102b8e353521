import type { JSONContent } from "@tiptap/core";
import { describe, expect, it } from "vitest";
import { countCharacters, limitState } from "../../core/pact/counting";
import { markdownToSection } from "../../core/pact/markdown";

const by = { suggestionId: "s1", authorId: "u1", authorName: "Anna", at: 1 };

describe("countCharacters", () => {
  it.each([
    ["", 0],
    ["Patto", 5],
    ["Un patto educativo", 18],
    ["Uno\n\nDue", 6],
    ["riga uno\\\nriga due", 16],
    ["## Titolo\n\nTesto", 11],
    ["**Grassetto** e [link](https://a.it)", 16],
    ["- uno\n- due", 6],
    ["| A | B |\n| - | - |\n| cc | d |", 5],
    ["Nota[^1]\n\n[^1]: fonte Istat", 15],
    ["Perché è così — città", 21],
    ["emoji 👍🏽 ok", 11],
  ])("counts %j as %i characters", (markdown, count) => {
    expect(countCharacters(markdownToSection(markdown))).toBe(count);
  });

  it("counts an accented letter once however it is encoded", () => {
    const decomposed: JSONContent = {
      type: "doc",
      content: [{ type: "paragraph", content: [{ type: "text", text: "citta\u0300" }] }],
    };
    expect(countCharacters(decomposed)).toBe(5);
  });

  it("counts pending insertions and leaves out text proposed for deletion", () => {
    const doc: JSONContent = {
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            { type: "text", text: "dura " },
            { type: "text", text: "tre", marks: [{ type: "deletion", attrs: by }] },
            { type: "text", text: "cinque", marks: [{ type: "insertion", attrs: by }] },
            { type: "text", text: " anni" },
          ],
        },
      ],
    };
    expect(countCharacters(doc)).toBe("dura cinque anni".length);
  });

  it("flags a 3,501-character section over a 3,500 limit", () => {
    expect(
      limitState(countCharacters(markdownToSection("a".repeat(3501))), {
        unit: "characters",
        value: 3500,
      }),
    ).toBe("over");
  });
});

describe("limitState", () => {
  it.each([
    [0, 3500, "ok"],
    [3149, 3500, "ok"],
    [3150, 3500, "near"],
    [3500, 3500, "near"],
    [3501, 3500, "over"],
    [10_799, { unit: "pages" as const, value: 4 }, "ok"],
    [10_800, { unit: "pages" as const, value: 4 }, "near"],
    [12_001, { unit: "pages" as const, value: 4 }, "over"],
    [3501, { unit: "characters" as const, value: 3500 }, "over"],
    [1_000_000, null, "ok"],
  ])("puts %i characters against %j at %s", (count, limit, state) => {
    expect(limitState(count, limit)).toBe(state);
  });
});
