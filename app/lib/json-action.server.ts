// Page routes that the browser calls with fetch and JSON (the pact's comments, a guest's comment):
// the body read with a size limit, and a refusal answered as JSON in the page's language.
import { AppError, isAppError } from "../../core/errors";
import type { Locale } from "../../core/domain";
import { translate } from "../../core/i18n";

/** At most this much JSON: a comment is 2,000 characters, its anchors a few hundred bytes. */
const MAX_JSON_BODY = 64 * 1024;

/** The request's JSON body; a 413 past the limit, a 400 for what is not JSON. */
export async function readJsonBody(request: Request): Promise<unknown> {
  if (request.method !== "POST") throw new AppError("invalid", "error.invalid");
  const text = await request.text();
  if (text.length > MAX_JSON_BODY) throw new AppError("too_large", "error.too_large");
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid", "error.invalid");
  }
}

/**
 * A service's refusal as `{ error: { message, fields } }` with its status, every message in the
 * page's language; anything else is rethrown (a real failure, the 500 page).
 */
export function jsonRefusal(error: unknown, locale: Locale): Response {
  if (!isAppError(error)) throw error;
  const fields = Object.fromEntries(
    Object.entries(error.fields ?? {}).map(([field, key]) => [field, translate(locale, key)]),
  );
  return Response.json(
    { error: { message: translate(locale, error.messageKey), fields } },
    { status: error.status },
  );
}
