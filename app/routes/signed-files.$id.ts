// GET /signed-files/:id: a digitally signed file as it was attached, with its SHA-256 in
// X-Content-SHA256; refused (as text) to whoever may not read the pact, or if its bytes changed.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "../lib/auth.server";
import { download } from "../lib/file-response.server";

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  return download(context.locale, () =>
    context.services.signatures.downloadSignedFile(actor, params.id ?? ""),
  );
}
