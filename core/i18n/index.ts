// Message catalogues (Italian first, English second) and the one translate function.
import type { Locale } from "../domain";
import { en } from "./en";
import { it, type MessageKey } from "./it";

export type { MessageKey };
export const catalogues: Record<Locale, Record<MessageKey, string>> = { it, en };

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(it, key);
}

/** Looks a key up and fills `{name}` placeholders; an unknown key falls back to a generic message. */
export function translate(
  locale: Locale,
  key: string,
  vars?: Record<string, string | number>,
): string {
  const template = isMessageKey(key)
    ? catalogues[locale][key]
    : catalogues[locale]["error.invalid"];
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}
