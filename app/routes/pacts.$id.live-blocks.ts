// GET /pacts/:id/live-blocks: what the editor's live blocks need to name their rows as the server
// does (the tavolo's organisations, and its own policy areas or null for the default list). JSON:
// { policyAreas, organizations } or { error: { message } }.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { isAppError } from "../../core/errors";
import { translate } from "../../core/i18n";
import { requireActor } from "../lib/auth.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  try {
    return Response.json(await context.services.pactLiveBlocks.labels(actor, params.id ?? ""));
  } catch (error) {
    if (!isAppError(error)) throw error;
    return Response.json(
      { error: { message: translate(context.locale, error.messageKey) } },
      { status: error.status },
    );
  }
}
