// The active locale from the root loader, and translation and formatting bound to it.
import { useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { DEFAULT_LOCALE, type Locale } from "../../core/domain";
import { translate, type MessageKey } from "../../core/i18n";
import { DEFAULT_TIME_ZONE } from "../../core/time";

export function useLocale(): Locale {
  const data = useRouteLoaderData<{ locale: Locale }>("root");
  return data?.locale ?? DEFAULT_LOCALE;
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function useI18n() {
  const locale = useLocale();
  return useMemo(() => {
    const t: Translate = (key, vars) => translate(locale, key, vars);
    const dateTime = new Intl.DateTimeFormat(locale, {
      dateStyle: "full",
      timeStyle: "short",
      timeZone: DEFAULT_TIME_ZONE,
    });
    const shortDateTime = new Intl.DateTimeFormat(locale, {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: DEFAULT_TIME_ZONE,
    });
    const number = new Intl.NumberFormat(locale);
    return {
      locale,
      t,
      /** Field errors arrive as catalogue keys from the server (a form's message with its values). */
      tKey: (key: string, vars?: Record<string, string | number>) => translate(locale, key, vars),
      formatDateTime: (value: Date | string) => dateTime.format(new Date(value)),
      formatShortDateTime: (value: Date | string) => shortDateTime.format(new Date(value)),
      formatNumber: (value: number) => number.format(value),
    };
  }, [locale]);
}
