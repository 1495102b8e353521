import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LOCALES } from "../../core/domain";
import { catalogues, isMessageKey, translate } from "../../core/i18n";
import { en } from "../../core/i18n/en";
import { it as italian } from "../../core/i18n/it";

const ROOT = path.resolve(__dirname, "../..");

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry) ? [full] : [];
  });
}

/** Every "error.…" and "validation.…" string literal in core/ and server/, with where it is. */
function messageKeysUsedInSource() {
  const used: { key: string; file: string }[] = [];
  for (const file of [
    ...sourceFiles(path.join(ROOT, "core")),
    ...sourceFiles(path.join(ROOT, "server")),
  ]) {
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/["'`]((?:error|validation)\.[a-z0-9_]+)["'`]/g)) {
      used.push({ key: match[1]!, file: path.relative(ROOT, file) });
    }
  }
  return used;
}

describe("the message catalogues", () => {
  it("have a catalogue for every locale", () => {
    expect(Object.keys(catalogues).sort()).toEqual([...LOCALES].sort());
  });

  it("have exactly the same keys in Italian and English", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(italian).sort());
  });

  it.each(Object.keys(italian))("use the same placeholders in both languages for %s", (key) => {
    const k = key as keyof typeof italian;
    expect(placeholders(en[k])).toEqual(placeholders(italian[k]));
  });

  it("have no empty or blank messages", () => {
    for (const locale of LOCALES) {
      const blank = Object.entries(catalogues[locale]).filter(([, text]) => text.trim() === "");
      expect(blank, locale).toEqual([]);
    }
  });

  it("have no messages with unbalanced or malformed placeholders", () => {
    for (const locale of LOCALES) {
      for (const [key, text] of Object.entries(catalogues[locale])) {
        const stripped = text.replace(/\{\w+\}/g, "");
        expect(stripped, `${locale} ${key}`).not.toMatch(/[{}]/);
      }
    }
  });

  it("define every error and validation key that core/ and server/ use", () => {
    const used = messageKeysUsedInSource();
    expect(used.length).toBeGreaterThan(20);
    expect(used.filter(({ key }) => !isMessageKey(key))).toEqual([]);
  });
});

describe("translating", () => {
  it("looks a key up in the chosen language", () => {
    expect(translate("it", "nav.login")).toBe("Accedi");
    expect(translate("en", "nav.login")).toBe("Sign in");
  });

  it("fills placeholders, numbers included", () => {
    expect(translate("en", "nav.signed_in_as", { name: "Giulia" })).toBe("Signed in as Giulia");
    expect(translate("it", "common.minutes", { count: 15 })).toBe("15 min");
  });

  it("leaves a placeholder it has no value for as it is", () => {
    expect(translate("en", "nav.signed_in_as", {})).toBe("Signed in as {name}");
  });

  it("falls back to a generic message for an unknown key", () => {
    expect(translate("en", "error.no_such_key")).toBe(en["error.invalid"]);
    expect(isMessageKey("error.no_such_key")).toBe(false);
    expect(isMessageKey("toString")).toBe(false);
  });
});
