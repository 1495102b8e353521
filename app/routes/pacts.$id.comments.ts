// POST /pacts/:id/comments: the editor page's comments, sent by fetch as JSON
// `{ intent, ... }` (add, reply, resolve, reopen, delete, guest-comments). Answers JSON: the thread,
// `{ ok: true }`, or `{ error: { message, fields } }` with the error's status. The threads themselves
// reach the page through the pact's document, where the service writes them.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { parseInput } from "../../core/schemas";
import { requireActor } from "../lib/auth.server";
import { jsonRefusal, readJsonBody } from "../lib/json-action.server";

const request = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add"), comment: z.unknown() }),
  z.object({ intent: z.literal("reply"), threadId: z.string(), reply: z.unknown() }),
  z.object({ intent: z.enum(["resolve", "reopen", "delete"]), threadId: z.string() }),
  z.object({ intent: z.literal("guest-comments"), allowed: z.boolean() }),
]);

export async function action({ request: req, context, params }: ActionFunctionArgs) {
  const actor = requireActor(context, req);
  const comments = context.services.pactComments;
  const pactId = params.id ?? "";
  try {
    const input = parseInput(request, await readJsonBody(req));
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
    return jsonRefusal(error, context.locale);
  }
}
