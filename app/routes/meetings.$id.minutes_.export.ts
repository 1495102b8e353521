// /meetings/:id/minutes/export?format=…: the minutes (verbale) as a document, in any export format.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "../lib/auth.server";
import { download } from "../lib/file-response.server";

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const query = Object.fromEntries(new URL(request.url).searchParams);
  return download(context.locale, () =>
    context.services.exports.exportMinutes(actor, params.id ?? "", query, context.locale),
  );
}
