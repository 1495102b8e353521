// Comments on a pact (issue 6): threads anchored to a range of a section, replies, mentions of
// members, resolve and reopen. The server writes them into the pact's document (core/pact/
// comments.ts says why there); this module decides who may, and checks what a client sends.
import { randomUUID } from "node:crypto";
import type * as Y from "yjs";
import type { Db } from "../../db/create-db";
import { AppError } from "../../core/errors";
import { can, type Standing } from "../../core/permissions";
import { parseInput } from "../../core/schemas";
import { pactDocName } from "../../core/pact/extensions";
import {
  anchorsInSection,
  commentInput,
  deleteThread,
  MAX_REPLIES,
  MAX_THREADS,
  readThread,
  readThreads,
  replyInput,
  shortQuote,
  writeThread,
  type CommentAuthor,
  type CommentThread,
} from "../../core/pact/comments";
import { z } from "zod";
import type { Actor } from "./accounts";
import { assertId, standingIn } from "./access";
import { guestPresenceId, type MeetingInvites } from "./meeting-invites";
import { tooLargeAsAppError, type PactDocuments } from "./pacts";

/**
 * A remote contributor, known by the meeting invite they joined with and the key their device
 * keeps (as on /live and /yjs). They comment under the name they give, or anonymously.
 */
export interface GuestCommenter {
  guest: { token: string; deviceKey: string; name: string };
}

export type Commenter = Actor | GuestCommenter;

const isGuest = (c: Commenter): c is GuestCommenter => "guest" in c;

export interface CommentsView {
  threads: CommentThread[];
  /** Whether remote contributors may comment on this pact. */
  guestComments: boolean;
  /** What the one asking may do. */
  can: { comment: boolean; moderate: boolean };
}

/** The guest's own display name: trimmed, at most 60 characters; "" for anonymous. */
const guestName = z.string().trim().max(60, { error: "validation.too_long" }).default("");

const notFound = () => new AppError("not_found", "error.not_found");

interface Deps {
  documents: () => PactDocuments;
  invites: MeetingInvites;
  /** The guests removed from a meeting by its facilitator (their presence ids). */
  removedGuests: (meetingId: string) => Promise<string[]>;
}

export function createPactComments(db: Db, clock: () => Date, deps: Deps) {
  async function findPact(pactId: string) {
    const pact = await db
      .selectFrom("pacts")
      .select(["id", "roundtable_id", "sections", "guest_comments"])
      .where("id", "=", assertId(pactId))
      .executeTakeFirst();
    if (!pact) throw notFound();
    return pact;
  }
  type PactRow = Awaited<ReturnType<typeof findPact>>;

  /**
   * Who is asking, as a comment shows them, and their standing on the pact. A guest stands only
   * where the pact lets remote contributors comment and their invite opens a meeting of its tavolo;
   * anywhere else the pact is as if it did not exist.
   */
  async function standingOn(
    commenter: Commenter,
    pact: PactRow,
  ): Promise<{ author: CommentAuthor; standing: Standing }> {
    if (!isGuest(commenter)) {
      const standing = await standingIn(db, commenter, pact.roundtable_id);
      if (!can(standing, "pact.view")) throw notFound();
      return { author: { id: commenter.userId, name: commenter.name, guest: false }, standing };
    }
    const { token, deviceKey, name } = commenter.guest;
    const invite = await deps.invites.guestForToken(token);
    if (!invite || invite.roundtableId !== pact.roundtable_id || !pact.guest_comments) {
      throw notFound();
    }
    const removed = await deps.removedGuests(invite.meetingId);
    if (removed.includes(guestPresenceId(invite.inviteId, deviceKey))) {
      throw new AppError("forbidden", "live.error.removed");
    }
    return {
      author: { id: null, name: parseInput(guestName, name), guest: true },
      standing: "remote_contributor",
    };
  }

  const mayComment = (standing: Standing) =>
    standing === "remote_contributor" || can(standing, "pact.comment");
  const mayModerate = (standing: Standing) => can(standing, "pact.review");

  async function commenting(commenter: Commenter, pactId: string) {
    const pact = await findPact(pactId);
    const who = await standingOn(commenter, pact);
    if (!mayComment(who.standing)) throw new AppError("forbidden", "error.forbidden");
    return { pact, ...who };
  }

  /** Mentions must name members of the tavolo: anyone else is refused, not silently dropped. */
  async function checkMentions(roundtableId: string, ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
    if (unique.length === 0) return [];
    const found = await db
      .selectFrom("roundtable_members")
      .select("user_id")
      .where("roundtable_id", "=", roundtableId)
      .where("user_id", "in", unique)
      .execute();
    if (found.length !== unique.length) {
      throw new AppError("invalid", "error.invalid", { mentions: "pact.comments.error.mention" });
    }
    return unique;
  }

  /** Changes one thread in the document, or fails with not_found when it is not there. */
  async function changeThread(
    pactId: string,
    threadId: string,
    change: (thread: CommentThread, doc: Y.Doc) => CommentThread | null,
  ): Promise<CommentThread | null> {
    let result: CommentThread | null = null;
    await deps
      .documents()
      .change(pactDocName(pactId), (doc) => {
        const thread = readThread(doc, threadId);
        if (!thread) throw notFound();
        result = change(thread, doc);
        if (result) writeThread(doc, result);
        else deleteThread(doc, threadId);
      })
      .catch(tooLargeAsAppError);
    return result;
  }

  return {
    /** Whether remote contributors may read and comment on the pact (the /yjs gate asks). */
    async openToGuests(pactId: string): Promise<boolean> {
      const row = await db
        .selectFrom("pacts")
        .select("guest_comments")
        .where("id", "=", assertId(pactId))
        .executeTakeFirst();
      return row?.guest_comments ?? false;
    },

    /**
     * What a remote contributor's page shows: the pact's title and sections (the text comes from
     * its document), if their invite opens a meeting of its tavolo and the pact is open to them.
     */
    async guestView(token: string, pactId: string) {
      const pact = await findPact(pactId);
      const invite = await deps.invites.guestForToken(token);
      if (!invite || invite.roundtableId !== pact.roundtable_id || !pact.guest_comments) {
        throw notFound();
      }
      const row = await db
        .selectFrom("pacts")
        .select(["title"])
        .where("id", "=", pact.id)
        .executeTakeFirstOrThrow();
      return {
        id: pact.id,
        title: row.title,
        sections: pact.sections,
        meetingId: invite.meetingId,
      };
    },

    /** The pacts of the invite's tavolo open to remote comments (for the phone view). */
    async openForInvite(token: string): Promise<{ id: string; title: string }[]> {
      const invite = await deps.invites.guestForToken(token);
      if (!invite) return [];
      return db
        .selectFrom("pacts")
        .select(["id", "title"])
        .where("roundtable_id", "=", invite.roundtableId)
        .where("guest_comments", "=", true)
        .orderBy("created_at", "desc")
        .execute();
    },

    /** The pact's threads, oldest first, and what the one asking may do with them. */
    async list(commenter: Commenter, pactId: string): Promise<CommentsView> {
      const pact = await findPact(pactId);
      const { standing } = await standingOn(commenter, pact);
      const threads = await deps.documents().read(pactDocName(pact.id), readThreads);
      return {
        threads,
        guestComments: pact.guest_comments,
        can: { comment: mayComment(standing), moderate: mayModerate(standing) },
      };
    },

    /** Opens a thread on a range of a section. */
    async add(commenter: Commenter, pactId: string, input: unknown): Promise<CommentThread> {
      const data = parseInput(commentInput, input);
      const { pact, author } = await commenting(commenter, pactId);
      if (!pact.sections.some((s) => s.key === data.section)) {
        throw new AppError("invalid", "error.invalid", { section: "validation.invalid" });
      }
      const mentions = await checkMentions(pact.roundtable_id, data.mentions);
      const thread: CommentThread = {
        id: randomUUID(),
        section: data.section,
        anchor: data.anchor,
        quote: shortQuote(data.quote),
        author,
        body: data.body,
        mentions,
        at: clock().getTime(),
        resolved: null,
        replies: [],
      };
      await deps
        .documents()
        .change(pactDocName(pact.id), (doc) => {
          // Positions the client made for another section or document would anchor nowhere.
          for (const position of [data.anchor.start, data.anchor.end]) {
            if (!anchorsInSection(doc, data.section, position)) {
              throw new AppError("invalid", "error.invalid", {
                anchor: "pact.comments.error.anchor",
              });
            }
          }
          if (readThreads(doc).length >= MAX_THREADS) {
            throw new AppError("too_large", "pact.comments.error.too_many");
          }
          writeThread(doc, thread);
        })
        .catch(tooLargeAsAppError);
      return thread;
    },

    async reply(
      commenter: Commenter,
      pactId: string,
      threadId: string,
      input: unknown,
    ): Promise<CommentThread> {
      const data = parseInput(replyInput, input);
      const { pact, author } = await commenting(commenter, pactId);
      const mentions = await checkMentions(pact.roundtable_id, data.mentions);
      const reply = {
        id: randomUUID(),
        author,
        body: data.body,
        mentions,
        at: clock().getTime(),
      };
      const thread = await changeThread(pact.id, threadId, (thread) => {
        if (thread.replies.length >= MAX_REPLIES) {
          throw new AppError("too_large", "pact.comments.error.too_many");
        }
        // A reply to a resolved thread reopens it, as in every shared editor.
        return { ...thread, resolved: null, replies: [...thread.replies, reply] };
      });
      return thread!;
    },

    /** Marks a thread resolved (or, with `resolved` false, open again). */
    async setResolved(
      commenter: Commenter,
      pactId: string,
      threadId: string,
      resolved: boolean,
    ): Promise<CommentThread> {
      const { pact, author } = await commenting(commenter, pactId);
      // Whether a point is settled is for the tavolo's members, not for those asked their view.
      if (author.guest) throw new AppError("forbidden", "error.forbidden");
      const thread = await changeThread(pact.id, threadId, (thread) => ({
        ...thread,
        resolved: resolved ? (thread.resolved ?? { by: author, at: clock().getTime() }) : null,
      }));
      return thread!;
    },

    /** Deletes a thread: its author (a member) or whoever reviews the pact. */
    async remove(commenter: Commenter, pactId: string, threadId: string): Promise<void> {
      const { pact, author, standing } = await commenting(commenter, pactId);
      await changeThread(pact.id, threadId, (thread) => {
        const own = author.id !== null && thread.author.id === author.id;
        if (!own && !mayModerate(standing)) throw new AppError("forbidden", "error.forbidden");
        return null;
      });
    },

    /** Lets remote contributors comment on the pact, or stops them (facilitators). */
    async setGuestComments(actor: Actor, pactId: string, allowed: boolean): Promise<void> {
      const pact = await findPact(pactId);
      const standing = await standingIn(db, actor, pact.roundtable_id);
      if (!can(standing, "pact.view")) throw notFound();
      if (!can(standing, "roundtable.edit")) throw new AppError("forbidden", "error.forbidden");
      await db
        .updateTable("pacts")
        .set({ guest_comments: allowed, updated_at: clock() })
        .where("id", "=", pact.id)
        .execute();
    },
  };
}

export type PactComments = ReturnType<typeof createPactComments>;
