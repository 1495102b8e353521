// Telling a signed file's kind from its bytes, and the name it is kept under.
import { describe, expect, it } from "vitest";
import { detectSignedFile, signedFileName } from "../../core/pact/signed-file";

const bytes = (text: string) => new TextEncoder().encode(text);
const OID = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];
const envelope = (header: number[]) => new Uint8Array([...header, ...OID, 0xa0, 0x80, 0, 0]);

describe("detectSignedFile", () => {
  it.each([
    [
      "a PDF with a signature dictionary",
      bytes("%PDF-1.7\n<< /Type /Sig /ByteRange [0 0 0 0] /Contents <00> >>"),
      { ok: true, kind: "pades" },
    ],
    [
      "a PDF whose pages have /Contents but no /ByteRange",
      bytes("%PDF-1.4\n<< /Type /Page /Contents 4 0 R >>"),
      { ok: false, reason: "unsigned_pdf" },
    ],
    [
      "a PDF with /ByteRange but no /Contents",
      bytes("%PDF-1.4\n<< /ByteRange [0 1 2 3] >>"),
      { ok: false, reason: "unsigned_pdf" },
    ],
    [
      "text mentioning a signature that is not a PDF",
      bytes("/ByteRange /Contents %PDF-"),
      { ok: false, reason: "unknown" },
    ],
    ["BER, indefinite length", envelope([0x30, 0x80]), { ok: true, kind: "cades" }],
    ["DER, two length bytes", envelope([0x30, 0x82, 0x01, 0x00]), { ok: true, kind: "cades" }],
    [
      "DER, three length bytes",
      envelope([0x30, 0x83, 0x01, 0x00, 0x00]),
      { ok: true, kind: "cades" },
    ],
    [
      "DER, four length bytes",
      envelope([0x30, 0x84, 0x00, 0x01, 0x00, 0x00]),
      { ok: true, kind: "cades" },
    ],
    [
      "a SEQUENCE without the signedData OID",
      new Uint8Array([
        0x30, 0x82, 0x01, 0x00, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01,
      ]),
      { ok: false, reason: "unknown" },
    ],
    [
      "the OID without a SEQUENCE first",
      new Uint8Array([0x31, 0x82, 0x01, 0x00, ...OID]),
      { ok: false, reason: "unknown" },
    ],
    [
      "a SEQUENCE with a one-byte length",
      new Uint8Array([0x30, 0x0d, ...OID]),
      { ok: false, reason: "unknown" },
    ],
    ["nothing", new Uint8Array(), { ok: false, reason: "unknown" }],
    [
      "the OID cut short at the end",
      new Uint8Array([0x30, 0x80, ...OID.slice(0, 10)]),
      { ok: false, reason: "unknown" },
    ],
  ] as const)("%s", (_, input, expected) => {
    expect(detectSignedFile(input)).toEqual(expected);
  });
});

describe("signedFileName", () => {
  it.each([
    ["Patto firmato.pdf", "pades", "Patto firmato.pdf"],
    ["PATTO.PDF", "pades", "PATTO.PDF"],
    ["patto.pdf.p7m", "cades", "patto.pdf.p7m"],
    ["patto.pdf", "cades", "patto.pdf.p7m"],
    ["firma", "pades", "firma.pdf"],
    ["C:\\Documenti\\patto.pdf", "pades", "patto.pdf"],
    ["../../etc/passwd", "pades", "passwd.pdf"],
    ['pat"to<>|?*\u0000\n.pdf', "pades", "patto.pdf"],
    ["...nascosto.pdf", "pades", "nascosto.pdf"],
    ["", "pades", "Comune di Chieri.pdf"],
    ["   ", "cades", "Comune di Chieri.p7m"],
  ] as const)("%j as %s → %j", (name, kind, expected) => {
    expect(signedFileName(name, kind, "Comune di Chieri")).toBe(expected);
  });

  it("keeps at most 150 characters before the extension", () => {
    expect(signedFileName("a".repeat(400), "pades", "x")).toBe(`${"a".repeat(150)}.pdf`);
  });
});
