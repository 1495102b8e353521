// /pacts/:id/export?format=…[&version=…]: the pact as a document, for whoever may read it (the
// same as GET /api/v1/pacts/:id/export, with the session instead of a token).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "../lib/auth.server";
import { download } from "../lib/file-response.server";

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const query = Object.fromEntries(new URL(request.url).searchParams);
  return download(context.locale, () =>
    context.services.exports.exportPact(actor, params.id ?? "", query, context.locale),
  );
}
