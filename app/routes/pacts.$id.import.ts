// POST /pacts/:id/import: the editor page's Word or LibreOffice file, sent by fetch as the raw body
// (`?name=` the file's name, whose extension gives the format, or `?format=docx|odt`; `&section=`
// the one section that takes the whole file). Answers JSON: { placements } or { error: { message } }.
import type { ActionFunctionArgs } from "@remix-run/node";
import { AppError, isAppError } from "../../core/errors";
import { translate } from "../../core/i18n";
import { MAX_PACT_FILE_BYTES } from "../../core/pact/office-import";
import { pactImportQuery, parseInput } from "../../core/schemas";
import { requireActor } from "../lib/auth.server";

/** The largest file the page takes, as the API's import (server/create-server.ts lets it through). */

/** The format a file's name says: "Patto.DOCX" → "docx"; undefined for anything else. */
function formatOfName(name: string | null): string | undefined {
  const extension = /\.(docx|odt)$/i.exec(name ?? "")?.[1];
  return extension?.toLowerCase();
}

/** The body, refused past the limit even when no Content-Length announced its size. */
async function readBody(request: Request): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_PACT_FILE_BYTES) {
      await reader.cancel();
      throw new AppError("too_large", "error.too_large");
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  try {
    if (request.method !== "POST") throw new AppError("invalid", "error.invalid");
    const search = new URL(request.url).searchParams;
    const { format, section } = parseInput(pactImportQuery, {
      format: search.get("format") ?? formatOfName(search.get("name")),
      section: search.get("section") ?? undefined,
    });
    const result = await context.services.pacts.importFile(actor, params.id ?? "", {
      bytes: await readBody(request),
      kind: format,
      sectionKey: section,
    });
    return Response.json({ placements: result.placements });
  } catch (error) {
    if (!isAppError(error)) throw error;
    const field = Object.values(error.fields ?? {})[0];
    return Response.json(
      { error: { message: translate(context.locale, field ?? error.messageKey) } },
      { status: error.status },
    );
  }
}
