// Switches the interface language from any page and remembers it (cookie, and the account when signed in).
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { LOCALE_COOKIE, serializeCookie } from "../../core/cookies";
import { isLocale } from "../../core/domain";
import { safeRedirect } from "../lib/auth.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const locale = formData.get("locale");
  const target = safeRedirect(formData.get("redirectTo"));
  if (!isLocale(locale)) throw new Response("error.invalid", { status: 400 });
  if (context.actor) await context.services.accounts.setLocale(context.actor, locale);
  return redirect(target, {
    headers: {
      "Set-Cookie": serializeCookie(LOCALE_COOKIE, locale, {
        maxAgeSeconds: 365 * 24 * 3600,
        secure: context.secureCookies,
        sameSite: "Lax",
      }),
    },
  });
}
