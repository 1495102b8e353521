import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalPact, canonicalText, pactHash } from "../../core/pact/canonical";
import { sha256Hex } from "../../core/pact/sha256";

const sections = [
  { key: "premesse", title: "Premesse", markdown: "Il tavolo si è riunito." },
  { key: "obiettivi", title: "Obiettivi", markdown: "- uno\n- due" },
];

describe("canonicalPact", () => {
  it("writes sections in the given order as JSON with sorted keys and one final newline each", () => {
    expect(canonicalPact(sections)).toBe(
      '[{"key":"premesse","markdown":"Il tavolo si è riunito.\\n","title":"Premesse"},' +
        '{"key":"obiettivi","markdown":"- uno\\n- due\\n","title":"Obiettivi"}]',
    );
  });

  it("ignores line ends, trailing spaces, final newlines, Unicode form and extra fields", () => {
    const messy = [
      {
        key: "premesse",
        title: "Premesse",
        markdown: "Il tavolo si e\u0300 riunito.  \r\n\r\n\n",
        guidance: "x",
      },
      { key: "obiettivi", title: "Obiettivi", markdown: "- uno \t\r- due", limit: null },
    ];
    expect(canonicalPact(messy)).toBe(canonicalPact(sections));
    expect(pactHash(messy)).toBe(pactHash(sections));
  });

  it("changes with the text, a title or the order of sections", () => {
    const hash = pactHash(sections);
    expect(
      pactHash([{ ...sections[0]!, markdown: "Il tavolo si è riunito!" }, sections[1]!]),
    ).not.toBe(hash);
    expect(pactHash([{ ...sections[0]!, title: "Premessa" }, sections[1]!])).not.toBe(hash);
    expect(pactHash([sections[1]!, sections[0]!])).not.toBe(hash);
  });

  it("keeps inner blank lines and leading spaces, which are Markdown", () => {
    expect(canonicalText("a\n\n  b  \n")).toBe("a\n\n  b\n");
    expect(canonicalText("")).toBe("\n");
  });
});

describe("pactHash", () => {
  it("is the SHA-256 of the canonical form", () => {
    expect(pactHash(sections)).toBe(
      createHash("sha256").update(canonicalPact(sections), "utf8").digest("hex"),
    );
    expect(pactHash([])).toBe(createHash("sha256").update("[]").digest("hex"));
  });

  it("computes SHA-256 as Node's crypto does, for any text and length", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex("abc")).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => {
        expect(sha256Hex(text)).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
      }),
      { numRuns: 500 },
    );
  });
});
