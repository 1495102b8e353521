import { describe, expect, it } from "vitest";
import { qrSvg } from "../../app/lib/qr.server";

const JOIN = "https://tavolo.example.org/join/5b0c7c58-3c1e-4a52-9d51-1e0c8c0d9a11";

describe("QR codes", () => {
  it("are one inline SVG element, with no XML prolog", async () => {
    const svg = await qrSvg(JOIN);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.endsWith("</svg>")).toBe(true);
    expect(svg).not.toContain("<?xml");
    expect(svg).toMatch(/viewBox="0 0 \d+ \d+"/);
    expect(svg).not.toMatch(/<script/i);
  });

  it("are the same for the same text and differ for different text", async () => {
    expect(await qrSvg(JOIN)).toBe(await qrSvg(JOIN));
    expect(await qrSvg(JOIN)).not.toBe(await qrSvg(`${JOIN}x`));
  });

  it("refuse, with a clear error, text longer than a QR code holds", async () => {
    await expect(qrSvg("x".repeat(3000))).rejects.toThrow(/3000 bytes does not fit in a QR code/);
  });
});
