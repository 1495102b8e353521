import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { applyTextDiff } from "../../core/board-ops";
import {
  applyEdit,
  diffText,
  mapIndex,
  rebaseDraft,
  storedForm,
} from "../../app/components/objectives/text-merge";

describe("diffText", () => {
  it.each([
    ["", "", { at: 0, deleted: 0, inserted: "" }],
    ["casa", "casa", { at: 4, deleted: 0, inserted: "" }],
    ["casa", "cassa", { at: 3, deleted: 0, inserted: "s" }],
    ["spazi giovani", "spazi per giovani", { at: 6, deleted: 0, inserted: "per " }],
    ["abcdef", "abef", { at: 2, deleted: 2, inserted: "" }],
    ["abc", "xyz", { at: 0, deleted: 3, inserted: "xyz" }],
  ])("finds the one edit from %j to %j", (from, to, edit) => {
    expect(diffText(from, to)).toEqual(edit);
    expect(applyEdit(from, diffText(from, to))).toBe(to);
  });
});

describe("rebaseDraft", () => {
  it("keeps both edits when they are apart", () => {
    // I add at the end while someone fixes the start.
    expect(
      rebaseDraft(
        "spazi per i giovani",
        "spazi per i giovani del quartiere",
        "Spazi per i giovani",
      ),
    ).toBe("Spazi per i giovani del quartiere");
    // I fix the start while someone adds at the end.
    expect(
      rebaseDraft(
        "spazi per i giovani",
        "Spazi per i giovani",
        "spazi per i giovani e le famiglie",
      ),
    ).toBe("Spazi per i giovani e le famiglie");
  });

  it("gives the stored text back when I changed nothing, and my draft when no one else did", () => {
    expect(rebaseDraft("uno", "uno", "uno due")).toBe("uno due");
    expect(rebaseDraft("uno", "uno tre", "uno")).toBe("uno tre");
  });

  it("puts both insertions at one spot side by side, mine first", () => {
    expect(rebaseDraft("ab", "aXb", "aYb")).toBe("aXYb");
  });

  it("drops what either deleted where the edits overlap, and keeps both insertions", () => {
    expect(rebaseDraft("abcdef", "aef", "abef")).toBe("aef");
    expect(rebaseDraft("abcdef", "aXf", "abcYdef")).toBe("aYXf");
  });

  it("merges as Yjs would merge the same two edits made at once on two copies", () => {
    const cases: [string, string, string][] = [
      ["doposcuola", "doposcuola gratuito", "Doposcuola"],
      ["corsi di italiano", "corsi di lingua italiana", "corsi di italiano L2"],
      ["", "nuovo", "altro"],
    ];
    for (const [base, mine, theirs] of cases) {
      const a = new Y.Doc();
      a.getText("t").insert(0, base);
      const b = new Y.Doc();
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
      applyTextDiff(a.getText("t"), mine);
      applyTextDiff(b.getText("t"), theirs);
      Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
      const merged = a.getText("t").toString();
      // Both sides' words survive, whichever order Yjs picked for insertions at one spot.
      const rebased = rebaseDraft(base, mine, theirs);
      expect(rebased.length).toBe(merged.length);
      expect([...rebased].sort().join("")).toBe([...merged].sort().join(""));
    }
  });
});

describe("mapIndex", () => {
  it("keeps a caret before a change, and moves one after it by what was added or removed", () => {
    expect(mapIndex("ciao mondo", "ciao bel mondo", 2)).toBe(2);
    expect(mapIndex("ciao mondo", "ciao bel mondo", 10)).toBe(14);
    expect(mapIndex("ciao bel mondo", "ciao mondo", 14)).toBe(10);
  });

  it("puts a caret inside a removed stretch at the end of what replaced it", () => {
    expect(mapIndex("abcdef", "aXf", 3)).toBe(2);
  });
});

describe("storedForm", () => {
  it("trims and drops control characters, keeping line breaks, as core/sensemaking stores text", () => {
    expect(storedForm("  Spazi per i giovani \u200b ")).toBe("Spazi per i giovani");
    expect(storedForm("riga uno\nriga due\u0007")).toBe("riga uno\nriga due");
  });
});
