// How the objectives page reads what people type into its fields: amounts written the way each
// language writes them ("1.500,50" in Italian, "1,500.50" in English), lengths, and timelines.
import type { Locale } from "../../../core/domain";
import { storedForm } from "./text-merge";

/** Why a value cannot be stored; each has a message in the objectives catalogue area. */
export type FieldProblem =
  | "required"
  | "too_long"
  | "not_a_number"
  | "negative"
  | "too_large"
  | "end_before_start"
  | "invalid";

/** The largest amount the board document takes (core/sensemaking.ts). */
export const MAX_AMOUNT = 1e12;

export type AmountReading =
  { ok: true; value: number | null } | { ok: false; problem: FieldProblem };

function separators(locale: Locale): { decimal: string; group: string } {
  const parts = new Intl.NumberFormat(locale).formatToParts(1234567.5);
  return {
    decimal: parts.find((p) => p.type === "decimal")?.value ?? ".",
    group: parts.find((p) => p.type === "group")?.value ?? ",",
  };
}

/**
 * Reads an amount (hours, euros) as typed: empty is no amount; "1.500" is fifteen hundred in
 * Italian and "1,500" in English; a lone separator followed by other than three digits is a
 * decimal point whichever it is, so "2.5" and "2,5" both read as two and a half.
 */
export function parseAmount(text: string, locale: Locale): AmountReading {
  let s = text.replace(/[\s\u00a0\u202f'€]/g, "");
  if (s === "") return { ok: true, value: null };
  const negative = /^[-−]/.test(s);
  if (negative) s = s.slice(1);
  if (!/^[0-9.,]+$/.test(s) || !/[0-9]/.test(s)) return { ok: false, problem: "not_a_number" };
  const lastDot = s.lastIndexOf(".");
  const lastComma = s.lastIndexOf(",");
  let plain: string;
  if (lastDot >= 0 && lastComma >= 0) {
    const decimal = lastDot > lastComma ? "." : ",";
    const group = decimal === "." ? "," : ".";
    const [whole = "", ...rest] = s.split(decimal);
    if (rest.length !== 1 || rest[0]!.includes(group))
      return { ok: false, problem: "not_a_number" };
    if (!new RegExp(`^\\d{1,3}(\\${group}\\d{3})*$`).test(whole)) {
      return { ok: false, problem: "not_a_number" };
    }
    plain = `${whole.split(group).join("")}.${rest[0]}`;
  } else if (lastDot >= 0 || lastComma >= 0) {
    const separator = lastDot >= 0 ? "." : ",";
    const count = s.split(separator).length - 1;
    const grouped = new RegExp(`^\\d{1,3}(\\${separator}\\d{3})+$`).test(s);
    const { decimal } = separators(locale);
    if (count > 1 || (separator !== decimal && grouped)) {
      if (!grouped) return { ok: false, problem: "not_a_number" };
      plain = s.split(separator).join("");
    } else {
      plain = s.replace(separator, ".");
    }
  } else {
    plain = s;
  }
  if (!/^\d*\.?\d+$|^\d+\.$/.test(plain)) return { ok: false, problem: "not_a_number" };
  const value = Number(plain);
  if (!Number.isFinite(value)) return { ok: false, problem: "not_a_number" };
  if (negative && value !== 0) return { ok: false, problem: "negative" };
  if (value > MAX_AMOUNT) return { ok: false, problem: "too_large" };
  return { ok: true, value };
}

/** An amount as the field shows it for editing: no grouping, the language's decimal sign. */
export function amountForInput(value: number | null, locale: Locale): string {
  if (value === null) return "";
  return new Intl.NumberFormat(locale, { useGrouping: false, maximumFractionDigits: 2 }).format(
    value,
  );
}

/** A text field's problem, if any, by the rules the document will apply to it. */
export function textProblem(
  text: string,
  rules: { max: number; required?: boolean },
): FieldProblem | null {
  const stored = storedForm(text);
  if (rules.required && stored === "") return "required";
  if (stored.length > rules.max) return "too_long";
  return null;
}

/** A calendar day as <input type="date"> gives it, or null for none. */
export function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  // Date.parse rolls 30 February over into March: a real day reads back as itself.
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** What is wrong with a timeline's two ends, if anything: days compare as their ISO text. */
export function timelineProblem(start: string | null, end: string | null): FieldProblem | null {
  if (start !== null && !isDay(start)) return "invalid";
  if (end !== null && !isDay(end)) return "invalid";
  if (start !== null && end !== null && end < start) return "end_before_start";
  return null;
}
