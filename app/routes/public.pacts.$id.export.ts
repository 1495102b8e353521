// /public/pacts/:id/export?format=…: the published version of a pact as a document, to anyone.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { download } from "../lib/file-response.server";

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  return download(
    context.locale,
    () => context.services.exports.exportPublic(params.id ?? "", query, context.locale),
    "public",
  );
}
