// The pact's comments beside its sections: every thread with its quoted text, replies and
// mentions, resolve and reopen, and the dialog that opens a thread on the selected text. Threads
// come live from the pact's document; changes go to the page's own route, which checks them.
import { useEffect, useId, useState, type FormEvent } from "react";
import type * as Y from "yjs";
import {
  COMMENTS_MAP,
  MAX_COMMENT_BODY,
  mentionsUser,
  readThreads,
  type CommentAuthor,
  type CommentThread,
} from "../../../core/pact/comments";
import { useI18n } from "../../i18n/use-i18n";
import { FieldShell, fieldAria } from "../ui/form";
import { ModalForm } from "../ui/modal-form";

export interface CommentMember {
  id: string;
  name: string;
}

/** The threads in a pact's document, kept current as anyone changes them. */
export function useCommentThreads(doc: Y.Doc | null): CommentThread[] {
  const [threads, setThreads] = useState<CommentThread[]>([]);
  useEffect(() => {
    if (!doc) return;
    const map = doc.getMap(COMMENTS_MAP);
    const update = () => setThreads(readThreads(doc));
    update();
    map.observe(update);
    return () => map.unobserve(update);
  }, [doc]);
  return threads;
}

interface ErrorAnswer {
  error?: { message: string; fields?: Record<string, string> };
}

/**
 * Where the page sends its comments: its own route for members; the guest's pact page, with who
 * they are (their device's key and the name they gave), for a remote contributor.
 */
export interface CommentEndpoint {
  url: string;
  extra?: Record<string, unknown>;
}

/** Sends one change; resolves to an error message, "network", or null when it went. */
export async function sendComment(
  endpoint: CommentEndpoint,
  body: Record<string, unknown>,
): Promise<string | null> {
  try {
    const response = await fetch(endpoint.url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ ...body, ...endpoint.extra }),
    });
    if (response.ok) return null;
    const answer = (await response.json().catch(() => ({}))) as ErrorAnswer;
    const field = Object.values(answer.error?.fields ?? {})[0];
    return field ?? answer.error?.message ?? `HTTP ${response.status}`;
  } catch {
    return "network";
  }
}

function MentionPicker({
  members,
  me,
  chosen,
  onChange,
}: {
  members: CommentMember[];
  me: string | null;
  chosen: string[];
  onChange: (ids: string[]) => void;
}) {
  const { t } = useI18n();
  const others = members.filter((m) => m.id !== me);
  if (others.length === 0) return null;
  return (
    <fieldset className="pact-mentions">
      <legend>{t("pact.comments.mention")}</legend>
      <p className="muted">{t("pact.comments.mention_hint")}</p>
      <ul className="pact-mentions__list">
        {others.map((member) => (
          <li key={member.id}>
            <label>
              <input
                type="checkbox"
                checked={chosen.includes(member.id)}
                onChange={(event) =>
                  onChange(
                    event.target.checked
                      ? [...chosen, member.id]
                      : chosen.filter((id) => id !== member.id),
                  )
                }
              />{" "}
              {member.name}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

type Draft = ReturnType<typeof useCommentDraft>;

/** A comment or reply being written, and its sending. */
function useCommentDraft(endpoint: CommentEndpoint) {
  const { t } = useI18n();
  const [body, setBody] = useState("");
  const [mentions, setMentions] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  /** Sends what `request` makes of the draft; true once it went, else the error is shown. */
  const send = async (
    request: (draft: { body: string; mentions: string[] }) => Record<string, unknown>,
  ): Promise<boolean> => {
    if (sending) return false;
    if (body.trim().length === 0) {
      setError(t("validation.required"));
      return false;
    }
    setSending(true);
    const failure = await sendComment(endpoint, request({ body, mentions }));
    setSending(false);
    if (failure === null) return true;
    setError(failure === "network" ? t("pact.comments.error.network") : failure);
    return false;
  };

  const write = (text: string) => {
    setBody(text);
    setError(null);
  };
  return { body, write, mentions, setMentions, error, sending, send };
}

/** The draft's text and the members it mentions. */
function DraftFields(props: {
  id: string;
  label: string;
  rows: number;
  draft: Draft;
  members: CommentMember[];
  me: string | null;
  onEscape?: () => void;
}) {
  const { draft, id } = props;
  return (
    <>
      <FieldShell id={id} label={props.label} error={draft.error ?? undefined}>
        <textarea
          id={id}
          rows={props.rows}
          value={draft.body}
          maxLength={MAX_COMMENT_BODY}
          required
          {...fieldAria(id, { error: draft.error })}
          onChange={(event) => draft.write(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Escape") props.onEscape?.();
          }}
        />
      </FieldShell>
      <MentionPicker
        members={props.members}
        me={props.me}
        chosen={draft.mentions}
        onChange={draft.setMentions}
      />
    </>
  );
}

/** The dialog that opens a thread on the text chosen in a section. */
export function NewCommentDialog(props: {
  endpoint: CommentEndpoint;
  target: {
    section: string;
    sectionTitle: string;
    anchor: { start: string; end: string };
    quote: string;
  };
  members: CommentMember[];
  me: string | null;
  onClose: (created: boolean) => void;
}) {
  const { t } = useI18n();
  const bodyId = `${useId()}-body`;
  const draft = useCommentDraft(props.endpoint);
  const { target } = props;

  const submit = () => {
    void draft
      .send(({ body, mentions }) => ({
        intent: "add",
        comment: {
          section: target.section,
          anchor: target.anchor,
          quote: target.quote,
          body,
          mentions,
        },
      }))
      .then((sent) => sent && props.onClose(true));
    // The dialog stays open until the comment went (or shows why it did not).
    return false;
  };

  return (
    <ModalForm
      title={t("pact.comments.new_title")}
      submit={t("pact.comments.new_submit")}
      onSubmit={submit}
      onClose={() => props.onClose(false)}
      focusId={bodyId}
    >
      <p className="muted">{t("pact.comments.new_on", { section: target.sectionTitle })}</p>
      <blockquote className="pact-thread__quote-text">{target.quote}</blockquote>
      <DraftFields
        id={bodyId}
        label={t("pact.comments.body")}
        rows={4}
        draft={draft}
        members={props.members}
        me={props.me}
      />
    </ModalForm>
  );
}

function ReplyForm(props: {
  endpoint: CommentEndpoint;
  thread: CommentThread;
  members: CommentMember[];
  me: string | null;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const bodyId = `${useId()}-reply`;
  const draft = useCommentDraft(props.endpoint);

  useEffect(() => {
    document.getElementById(bodyId)?.focus();
  }, [bodyId]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const sent = await draft.send(({ body, mentions }) => ({
      intent: "reply",
      threadId: props.thread.id,
      reply: { body, mentions },
    }));
    if (sent) props.onDone();
  };

  return (
    <form className="pact-thread__reply-form" noValidate onSubmit={submit}>
      <DraftFields
        id={bodyId}
        label={t("pact.comments.reply_label")}
        rows={3}
        draft={draft}
        members={props.members}
        me={props.me}
        onEscape={props.onDone}
      />
      <div className="pact-thread__actions">
        <button type="submit" className="button" disabled={draft.sending}>
          {t("pact.comments.reply_submit")}
        </button>
        <button type="button" className="button button--secondary" onClick={props.onDone}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}

function AuthorName({ author }: { author: CommentAuthor }) {
  const { t } = useI18n();
  if (author.guest) {
    return (
      <>
        {author.name
          ? t("pact.comments.guest", { name: author.name })
          : t("pact.comments.anonymous")}
      </>
    );
  }
  return <>{author.name}</>;
}

function Mentions({ ids, members }: { ids: string[]; members: CommentMember[] }) {
  const { t } = useI18n();
  if (ids.length === 0) return null;
  const names = ids.map(
    (id) => members.find((m) => m.id === id)?.name ?? t("pact.comments.former_member"),
  );
  return (
    <p className="pact-thread__mentions">
      {t("pact.comments.mentions", { names: names.map((n) => `@${n}`).join(", ") })}
    </p>
  );
}

type Filter = "open" | "resolved" | "all" | "mine";

export interface CommentsPanelProps {
  endpoint: CommentEndpoint;
  threads: CommentThread[];
  sections: { key: string; title: string }[];
  members: CommentMember[];
  /** The reader's user id; null for a remote contributor. */
  me: string | null;
  canComment: boolean;
  canModerate: boolean;
  /** The thread being read (its range is marked in the text). */
  active: string | null;
  /** Whether each thread's text is still there. */
  hasRange: (thread: CommentThread) => boolean;
  onShow: (thread: CommentThread) => void;
  /** Opens the dialog for the text selected in a section (or says how to select it). */
  onNewComment: () => void;
  /** Said politely after each change (the panel's own live region shows it). */
  announce: (message: string) => void;
  /** Whether remote contributors may comment, and whether the reader may change it. */
  guests?: { allowed: boolean; canChange: boolean };
}

function GuestCommentsSwitch(props: {
  endpoint: CommentEndpoint;
  allowed: boolean;
  announce: (message: string) => void;
}) {
  const { t } = useI18n();
  const [allowed, setAllowed] = useState(props.allowed);
  const [failure, setFailure] = useState<string | null>(null);
  return (
    <div className="pact-comments__guests">
      <label>
        <input
          type="checkbox"
          checked={allowed}
          onChange={async (event) => {
            const next = event.target.checked;
            setAllowed(next);
            const result = await sendComment(props.endpoint, {
              intent: "guest-comments",
              allowed: next,
            });
            if (result === null) {
              setFailure(null);
              props.announce(t(next ? "pact.comments.guests_on" : "pact.comments.guests_off"));
            } else {
              setAllowed(!next);
              setFailure(result === "network" ? t("pact.comments.error.network") : result);
            }
          }}
        />{" "}
        {t("pact.comments.guests_allowed")}
      </label>
      {failure && (
        <p className="field__error" role="alert">
          {failure}
        </p>
      )}
    </div>
  );
}

export function CommentsPanel(props: CommentsPanelProps) {
  const { t, formatShortDateTime } = useI18n();
  const [filter, setFilter] = useState<Filter>("open");
  const [replying, setReplying] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const { threads, sections, me, active } = props;
  const order = new Map(sections.map((s, i) => [s.key, i]));
  const titleOf = (key: string) => sections.find((s) => s.key === key)?.title ?? key;
  const open = threads.filter((thread) => !thread.resolved).length;
  const shown = threads
    .filter((thread) =>
      filter === "open"
        ? !thread.resolved
        : filter === "resolved"
          ? thread.resolved
          : filter === "mine"
            ? me !== null && mentionsUser(thread, me)
            : true,
    )
    .sort((a, b) => (order.get(a.section) ?? 0) - (order.get(b.section) ?? 0) || a.at - b.at);

  const act = async (thread: CommentThread, intent: "resolve" | "reopen" | "delete") => {
    if (intent === "delete" && !window.confirm(t("pact.comments.delete_confirm"))) return;
    const result = await sendComment(props.endpoint, { intent, threadId: thread.id });
    if (result === null) {
      setFailure(null);
      props.announce(t(`pact.comments.done_${intent}`));
    } else setFailure(result === "network" ? t("pact.comments.error.network") : result);
  };

  return (
    <section className="pact-comments" aria-labelledby="pact-comments-title">
      <h2 id="pact-comments-title">{t("pact.comments.title")}</h2>
      <p className="muted">{t("pact.comments.count_open", { count: open })}</p>
      {props.guests?.canChange && (
        <GuestCommentsSwitch
          endpoint={props.endpoint}
          allowed={props.guests.allowed}
          announce={props.announce}
        />
      )}
      {props.canComment && (
        <p>
          <button type="button" className="button button--secondary" onClick={props.onNewComment}>
            {t("pact.comments.add")}
          </button>
          <span className="muted pact-comments__hint"> {t("pact.comments.add_hint")}</span>
        </p>
      )}
      <label className="pact-comments__filter">
        {t("pact.comments.filter")}{" "}
        <select value={filter} onChange={(event) => setFilter(event.target.value as Filter)}>
          <option value="open">{t("pact.comments.filter_open")}</option>
          <option value="resolved">{t("pact.comments.filter_resolved")}</option>
          <option value="all">{t("pact.comments.filter_all")}</option>
          {me !== null && <option value="mine">{t("pact.comments.filter_mentions")}</option>}
        </select>
      </label>
      {failure && (
        <p className="field__error" role="alert">
          {failure}
        </p>
      )}
      {shown.length === 0 ? (
        <p className="muted">{t("pact.comments.none")}</p>
      ) : (
        <ol className="pact-comments__list">
          {shown.map((thread) => {
            const own = me !== null && thread.author.id === me;
            return (
              <li key={thread.id}>
                <article
                  id={`thread-${thread.id}`}
                  tabIndex={-1}
                  className={`pact-thread${thread.id === active ? " pact-thread--active" : ""}${thread.resolved ? " pact-thread--resolved" : ""}`}
                  aria-labelledby={`thread-${thread.id}-by`}
                  data-thread={thread.id}
                >
                  <p className="pact-thread__section muted">{titleOf(thread.section)}</p>
                  {props.hasRange(thread) ? (
                    <button
                      type="button"
                      className="pact-thread__quote"
                      aria-label={t("pact.comments.show", { quote: thread.quote })}
                      onClick={() => props.onShow(thread)}
                    >
                      «{thread.quote}»
                    </button>
                  ) : (
                    <p className="pact-thread__quote pact-thread__quote--gone">
                      «{thread.quote}»{" "}
                      <span className="muted">{t("pact.comments.range_gone")}</span>
                    </p>
                  )}
                  <p className="pact-thread__by" id={`thread-${thread.id}-by`}>
                    <strong>
                      <AuthorName author={thread.author} />
                    </strong>{" "}
                    ·{" "}
                    <time dateTime={new Date(thread.at).toISOString()}>
                      {formatShortDateTime(new Date(thread.at))}
                    </time>
                  </p>
                  <p className="pact-thread__body">{thread.body}</p>
                  <Mentions ids={thread.mentions} members={props.members} />
                  {thread.replies.length > 0 && (
                    <ol
                      className="pact-thread__replies"
                      aria-label={t("pact.comments.replies", { count: thread.replies.length })}
                    >
                      {thread.replies.map((reply) => (
                        <li key={reply.id} className="pact-thread__reply">
                          <p className="pact-thread__by">
                            <strong>
                              <AuthorName author={reply.author} />
                            </strong>{" "}
                            ·{" "}
                            <time dateTime={new Date(reply.at).toISOString()}>
                              {formatShortDateTime(new Date(reply.at))}
                            </time>
                          </p>
                          <p className="pact-thread__body">{reply.body}</p>
                          <Mentions ids={reply.mentions} members={props.members} />
                        </li>
                      ))}
                    </ol>
                  )}
                  {thread.resolved && (
                    <p className="pact-thread__resolved">
                      {t("pact.comments.resolved_by", {
                        name: thread.resolved.by.name || t("pact.comments.anonymous"),
                        when: formatShortDateTime(new Date(thread.resolved.at)),
                      })}
                    </p>
                  )}
                  {props.canComment && replying === thread.id ? (
                    <ReplyForm
                      endpoint={props.endpoint}
                      thread={thread}
                      members={props.members}
                      me={me}
                      onDone={() => {
                        setReplying(null);
                        document.getElementById(`thread-${thread.id}`)?.focus();
                      }}
                    />
                  ) : (
                    props.canComment && (
                      <div className="pact-thread__actions">
                        <button
                          type="button"
                          className="button button--secondary"
                          onClick={() => setReplying(thread.id)}
                        >
                          {t("pact.comments.reply")}
                        </button>
                        {me !== null && (
                          <button
                            type="button"
                            className="button button--secondary"
                            onClick={() => void act(thread, thread.resolved ? "reopen" : "resolve")}
                          >
                            {thread.resolved
                              ? t("pact.comments.reopen")
                              : t("pact.comments.resolve")}
                          </button>
                        )}
                        {(own || props.canModerate) && (
                          <button
                            type="button"
                            className="button button--secondary"
                            onClick={() => void act(thread, "delete")}
                          >
                            {t("pact.comments.delete")}
                          </button>
                        )}
                      </div>
                    )
                  )}
                </article>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
