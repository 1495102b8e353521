import { describe, expect, it } from "vitest";
import {
  amountForInput,
  isDay,
  parseAmount,
  textProblem,
  timelineProblem,
} from "../../app/components/objectives/field-values";

describe("parseAmount", () => {
  it.each([
    ["", null],
    ["   ", null],
    ["0", 0],
    ["120", 120],
    ["12,5", 12.5],
    ["2.5", 2.5],
    ["1.500", 1500],
    ["1.500,50", 1500.5],
    ["1.250.000", 1250000],
    ["€ 3.000", 3000],
    ["1 500", 1500],
  ])("reads %j in Italian as %j", (text, value) => {
    expect(parseAmount(text, "it")).toEqual({ ok: true, value });
  });

  it.each([
    ["12.5", 12.5],
    ["1,500", 1500],
    ["1,500.50", 1500.5],
    ["2,5", 2.5],
  ])("reads %j in English as %j", (text, value) => {
    expect(parseAmount(text, "en")).toEqual({ ok: true, value });
  });

  it.each([
    ["-5", "negative"],
    ["−1.000", "negative"],
    ["dodici", "not_a_number"],
    ["12a", "not_a_number"],
    ["1.2.3", "not_a_number"],
    ["1,500.5,2", "not_a_number"],
    [".", "not_a_number"],
    ["2000000000000", "too_large"],
  ])("refuses %j (%s)", (text, problem) => {
    expect(parseAmount(text, "it")).toEqual({ ok: false, problem });
  });

  it("reads back what it shows for editing", () => {
    for (const locale of ["it", "en"] as const) {
      for (const value of [0, 7, 12.5, 1500, 1234567.25]) {
        expect(parseAmount(amountForInput(value, locale), locale)).toEqual({ ok: true, value });
      }
      expect(amountForInput(null, locale)).toBe("");
    }
    expect(amountForInput(1500.5, "it")).toBe("1500,5");
    expect(amountForInput(1500.5, "en")).toBe("1500.5");
  });
});

describe("textProblem", () => {
  it("judges the text as it will be stored: trimmed", () => {
    expect(textProblem("  ", { max: 10, required: true })).toBe("required");
    expect(textProblem("  ", { max: 10 })).toBeNull();
    expect(textProblem(" abc ", { max: 3, required: true })).toBeNull();
    expect(textProblem("abcd", { max: 3 })).toBe("too_long");
  });
});

describe("timelineProblem", () => {
  it.each([
    [null, null, null],
    ["2027-01-10", null, null],
    [null, "2027-01-10", null],
    ["2027-01-10", "2027-01-10", null],
    ["2027-01-10", "2027-03-01", null],
    ["2027-03-01", "2027-01-10", "end_before_start"],
    ["2027-02-30", null, "invalid"],
    ["10/01/2027", null, "invalid"],
  ])("start %s, end %s: %s", (start, end, problem) => {
    expect(timelineProblem(start, end)).toBe(problem);
  });

  it("knows a day from what is not one", () => {
    expect(isDay("2028-02-29")).toBe(true);
    expect(isDay("2027-13-01")).toBe(false);
    expect(isDay("")).toBe(false);
  });
});
