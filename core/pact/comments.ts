// Comments on a pact (issue 6): threads anchored to a range of a section's text, with replies,
// mentions of members, and resolve/reopen. They live in the pact's Yjs document, in the map
// `comments` (thread id → thread), so that every open editor sees them at once and their anchors
// (Yjs relative positions into the section's fragment) follow the text through every edit. Only the
// server writes them, after checking who may comment; the anchors are made by the browser.
import * as Y from "yjs";
import { z } from "zod";
import { sectionFragmentName } from "./extensions";

export const COMMENTS_MAP = "comments";

export const MAX_COMMENT_BODY = 2000;
export const MAX_COMMENT_QUOTE = 300;
export const MAX_MENTIONS = 20;
/** Replies one thread may hold: a discussion longer than this belongs in a meeting. */
export const MAX_REPLIES = 200;
/** Threads one pact may hold. */
export const MAX_THREADS = 2000;

/** Who wrote: a member (by id and name) or a remote contributor (a name, or anonymous, no id). */
export interface CommentAuthor {
  /** The member's user id; null for a remote contributor. */
  id: string | null;
  /** A display name, never an email; "" for an anonymous remote contributor. */
  name: string;
  guest: boolean;
}

export interface CommentReply {
  id: string;
  author: CommentAuthor;
  body: string;
  /** User ids of the members it mentions. */
  mentions: string[];
  /** Epoch milliseconds. */
  at: number;
}

export interface CommentThread extends CommentReply {
  section: string;
  /** Where the range starts and ends: encoded Yjs relative positions, base64. */
  anchor: { start: string; end: string };
  /** The text the range held when the thread was opened (shown if the text is gone). */
  quote: string;
  resolved: { by: CommentAuthor; at: number } | null;
  replies: CommentReply[];
}

const required = "validation.required";

const body = z
  .string({ error: required })
  .trim()
  .min(1, { error: required })
  .max(MAX_COMMENT_BODY, { error: "validation.too_long" })
  .describe("The comment's text (plain text, at most 2,000 characters)");

const mentions = z
  .array(z.uuid({ error: "validation.invalid" }))
  .max(MAX_MENTIONS, { error: "validation.too_many" })
  .default([])
  .describe("User ids of members of the tavolo the comment mentions");

const anchorPosition = z
  .string({ error: required })
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, { error: "validation.invalid" })
  .max(200, { error: "validation.invalid" });

export const commentInput = z
  .object({
    section: z.string({ error: required }).min(1, { error: required }).max(64),
    anchor: z
      .object({ start: anchorPosition, end: anchorPosition })
      .strict()
      .describe(
        "The range: Yjs relative positions (Y.encodeRelativePosition, base64) into the section's fragment",
      ),
    quote: z
      .string()
      .max(MAX_COMMENT_QUOTE * 4, { error: "validation.too_long" })
      .default("")
      .describe("The text of the range as the writer saw it (shortened to 300 characters)"),
    body,
    mentions,
  })
  .strict();
export type CommentInput = z.infer<typeof commentInput>;

export const replyInput = z.object({ body, mentions }).strict();
export type ReplyInput = z.infer<typeof replyInput>;

/** What an anchor's position decodes to, or null when it is not a position at all. */
export function decodeAnchorPosition(encoded: string): Y.RelativePosition | null {
  try {
    const bytes = Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0));
    return Y.decodeRelativePosition(bytes);
  } catch {
    return null;
  }
}

export function encodeAnchorPosition(position: Y.RelativePosition): string {
  let binary = "";
  for (const byte of Y.encodeRelativePosition(position)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * Whether a relative position points into the section's fragment of this document. A position
 * whose text was deleted since still counts (it resolves to where the text was).
 */
export function anchorsInSection(doc: Y.Doc, section: string, encoded: string): boolean {
  const position = decodeAnchorPosition(encoded);
  if (!position) return false;
  const fragment = doc.getXmlFragment(sectionFragmentName(section));
  const absolute = Y.createAbsolutePositionFromRelativePosition(position, doc);
  if (!absolute) return false;
  if (absolute.type === fragment) return true;
  const item = absolute.type._item;
  return item !== null && Y.isParentOf(fragment, item);
}

/** The quote as stored: one line, at most 300 characters. */
export function shortQuote(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= MAX_COMMENT_QUOTE ? flat : `${flat.slice(0, MAX_COMMENT_QUOTE - 1)}…`;
}

const authorShape = z.object({
  id: z.string().nullable(),
  name: z.string(),
  guest: z.boolean(),
});
const replyShape = z.object({
  id: z.string(),
  author: authorShape,
  body: z.string(),
  mentions: z.array(z.string()),
  at: z.number(),
});
const threadShape = replyShape.extend({
  section: z.string(),
  anchor: z.object({ start: z.string(), end: z.string() }),
  quote: z.string(),
  resolved: z.object({ by: authorShape, at: z.number() }).nullable(),
  replies: z.array(replyShape),
});

/** A thread as the API answers it. */
export const threadOutput = threadShape;
export const commentsOutput = z.object({
  threads: z.array(threadShape),
  guestComments: z.boolean(),
  can: z.object({ comment: z.boolean(), moderate: z.boolean() }),
});
export const guestCommentsInput = z
  .object({ allowed: z.boolean({ error: required }) })
  .strict()
  .describe("Whether remote contributors (meeting guests of this tavolo) may comment");

/**
 * The threads of a pact, oldest first. Anyone who may edit the document could write into the map
 * with a client of their own: what does not read as a thread is left out, never trusted.
 */
export function readThreads(doc: Y.Doc): CommentThread[] {
  const threads: CommentThread[] = [];
  doc.getMap(COMMENTS_MAP).forEach((value, key) => {
    const parsed = threadShape.safeParse(value);
    if (parsed.success && parsed.data.id === key) threads.push(parsed.data);
  });
  return threads.sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
}

export function readThread(doc: Y.Doc, id: string): CommentThread | null {
  const parsed = threadShape.safeParse(doc.getMap(COMMENTS_MAP).get(id));
  return parsed.success && parsed.data.id === id ? parsed.data : null;
}

export function writeThread(doc: Y.Doc, thread: CommentThread): void {
  doc.getMap(COMMENTS_MAP).set(thread.id, thread);
}

export function deleteThread(doc: Y.Doc, id: string): void {
  doc.getMap(COMMENTS_MAP).delete(id);
}

/** Whether a thread or one of its replies mentions the user. */
export function mentionsUser(thread: CommentThread, userId: string): boolean {
  return (
    thread.mentions.includes(userId) || thread.replies.some((r) => r.mentions.includes(userId))
  );
}
