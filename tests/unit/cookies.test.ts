import { describe, expect, it } from "vitest";
import { LOCALE_COOKIE, SESSION_COOKIE, parseCookies, serializeCookie } from "../../core/cookies";

describe("reading a Cookie header", () => {
  it.each([
    ["no header", null, {}],
    ["an undefined header", undefined, {}],
    ["an empty header", "", {}],
    ["one cookie", "tavolo_session=tvs_abc", { tavolo_session: "tvs_abc" }],
    ["two cookies", "a=1; b=2", { a: "1", b: "2" }],
    ["no space after the semicolon", "a=1;b=2", { a: "1", b: "2" }],
    ["spaces around names and values", "  a =  1 ;  b=2  ", { a: "1", b: "2" }],
    ["an encoded value", "name=Giulia%20Ferrero%20%C3%A8", { name: "Giulia Ferrero è" }],
    ["an equals sign inside the value", "t=a=b==", { t: "a=b==" }],
    ["an empty value", "a=; b=2", { a: "", b: "2" }],
    ["a quoted value", 'tavolo_locale="en"', { tavolo_locale: "en" }],
    ["a lone quote", 'a="; b=2', { a: '"', b: "2" }],
    ["a part without equals sign", "garbage; a=1", { a: "1" }],
    ["a part with no name", "=1; a=2", { a: "2" }],
    ["a repeated name: the first wins", "a=first; a=second", { a: "first" }],
    ["a malformed escape, skipped", "a=%E0%A4%A; b=2", { b: "2" }],
    ["a lone percent sign, skipped", "a=100%; b=2", { b: "2" }],
    ["only separators", ";;; ;", {}],
  ])("reads %s", (_case, header, expected) => {
    expect(Object.fromEntries(parseCookies(header))).toEqual(expected);
  });

  it("keeps names like Object's own properties as plain cookies", () => {
    const cookies = parseCookies("constructor=x; __proto__=y; hasOwnProperty=z");
    expect([...cookies]).toEqual([
      ["constructor", "x"],
      ["__proto__", "y"],
      ["hasOwnProperty", "z"],
    ]);
  });

  it("ignores a repeated name even when the first value was malformed", () => {
    expect(parseCookies("a=%ZZ; a=good").get("a")).toBe("good");
  });
});

describe("writing a Set-Cookie header", () => {
  it("sets the path, and SameSite=Lax unless told otherwise", () => {
    expect(serializeCookie(LOCALE_COOKIE, "en")).toBe("tavolo_locale=en; Path=/; SameSite=Lax");
  });

  it("writes every option", () => {
    expect(
      serializeCookie(SESSION_COOKIE, "tvs_abc", {
        maxAgeSeconds: 3600.9,
        expires: new Date("2026-12-01T17:00:00Z"),
        httpOnly: true,
        secure: true,
        sameSite: "Strict",
      }),
    ).toBe(
      "tavolo_session=tvs_abc; Path=/; Max-Age=3600; Expires=Tue, 01 Dec 2026 17:00:00 GMT; HttpOnly; Secure; SameSite=Strict",
    );
  });

  it("writes Max-Age=0 to delete a cookie", () => {
    expect(serializeCookie(SESSION_COOKIE, "", { maxAgeSeconds: 0 })).toBe(
      "tavolo_session=; Path=/; Max-Age=0; SameSite=Lax",
    );
  });

  it.each(["a b", "a;b", "x=1; Domain=evil.example", "é", "Giulia Ferrero; HttpOnly"])(
    "encodes the value %j so it cannot add attributes, and reads it back",
    (value) => {
      const header = serializeCookie("c", value);
      const pair = header.split("; ")[0]!;
      expect(pair).not.toMatch(/[\s;,"]/);
      expect(parseCookies(pair).get("c")).toBe(value);
    },
  );

  it.each(["", "a b", "a;b", "a=b", "tavolo\nsession", 'a"b', "a,b"])(
    "refuses the cookie name %j",
    (name) => {
      expect(() => serializeCookie(name, "v")).toThrow(TypeError);
    },
  );
});
