// POST /pacts/:id/comments: the editor page's comments, sent by fetch as JSON
// `{ intent, ... }` (add, reply, resolve, reopen, delete, guest-comments). Answers JSON: the thread,
// `{ ok: true }`, or `{ error: { message, fields } }` with the error's status. The threads themselves
// reach the page through the pact's document, where the service writes them.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { AppError, isAppError } from "../../core/errors";
import { translate } from "../../core/i18n";
import { parseInput } from "../../core/schemas";
import { requireActor } from "../lib/auth.server";

const request = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add"), comment: z.unknown() }),
  z.object({ intent: z.literal("reply"), threadId: z.string(), reply: z.unknown() }),
  z.object({ intent: z.enum(["resolve", "reopen", "delete"]), threadId: z.string() }),
  z.object({ intent: z.literal("guest-comments"), allowed: z.boolean() }),
]);

/** At most this much JSON: a comment is 2,000 characters, its anchors a few hundred bytes. */
const MAX_BODY = 64 * 1024;

async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.length > MAX_BODY) throw new AppError("too_large", "error.too_large");
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid", "error.invalid");
  }
}

export async function action({ request: req, context, params }: ActionFunctionArgs) {
  const actor = requireActor(context, req);
  const comments = context.services.pactComments;
  const pactId = params.id ?? "";
  try {
    if (req.method !== "POST") throw new AppError("invalid", "error.invalid");
    const input = parseInput(request, await readJson(req));
    switch (input.intent) {
      case "add":
        return Response.json({ thread: await comments.add(actor, pactId, input.comment) });
      case "reply":
        return Response.json({
          thread: await comments.reply(actor, pactId, input.threadId, input.reply),
        });
      case "resolve":
      case "reopen":
        return Response.json({
          thread: await comments.setResolved(
            actor,
            pactId,
            input.threadId,
            input.intent === "resolve",
          ),
        });
      case "delete":
        await comments.remove(actor, pactId, input.threadId);
        return Response.json({ ok: true });
      case "guest-comments":
        await comments.setGuestComments(actor, pactId, input.allowed);
        return Response.json({ ok: true });
    }
  } catch (error) {
    if (!isAppError(error)) throw error;
    const fields = Object.fromEntries(
      Object.entries(error.fields ?? {}).map(([field, key]) => [
        field,
        translate(context.locale, key),
      ]),
    );
    return Response.json(
      { error: { message: translate(context.locale, error.messageKey), fields } },
      { status: error.status },
    );
  }
}
