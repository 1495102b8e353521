import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { clearSessionCookie } from "../lib/auth.server";

export async function loader() {
  return redirect("/");
}

export async function action({ context }: ActionFunctionArgs) {
  if (context.sessionToken) await context.services.accounts.logOut(context.sessionToken);
  return redirect("/", { headers: { "Set-Cookie": clearSessionCookie(context.secureCookies) } });
}
