// The pact editor: the outline (sections in order, their counters, who is writing where) beside
// one collaborative editor per section, all on the pact's one Y.Doc. Editors exist only in the
// browser: the server renders the titles, guidance and stored counts, then the editors join.
import { useCallback, useEffect, useRef, useState } from "react";
import { Link } from "@remix-run/react";
import type { SectionLimit } from "../../../core/pact/templates";
import { CHARACTERS_PER_PAGE, limitInCharacters } from "../../../core/pact/templates";
import { usePactDoc } from "../../collab/use-pact-doc";
import { useI18n } from "../../i18n/use-i18n";
import { colorOf } from "../board/board-presence";
import { PactImport } from "./pact-import";
import { useSectionWriters, type SectionWriter } from "./pact-presence";
import type { LimitState } from "../../../core/pact/counting";
import { SectionCounter, stateOfSection, useCounterText } from "./section-counter";
import { SectionEditor } from "./section-editor";
import { SuggestionsPanel, useSuggestionMode } from "./suggestions-panel";
import { useSectionEditors } from "./use-section-editors";
import { useLiveBlocks } from "./live-blocks";
import {
  CommentsPanel,
  NewCommentDialog,
  type CommentEndpoint,
  type CommentMember,
} from "./comments-panel";
import { usePactComments } from "./use-pact-comments";

export interface EditorSection {
  key: string;
  title: string;
  guidance: string;
  limit: SectionLimit | null;
  /** The count the server made when the page loaded; the editor's own count replaces it. */
  characters: number;
}

/** What the editor needs of a section: `characters` the stored count (0 when not known). */
export function editorSection(
  section: Omit<EditorSection, "characters"> & { characters?: number },
): EditorSection {
  const { key, title, guidance, limit, characters = 0 } = section;
  return { key, title, guidance, limit, characters };
}

interface Props {
  pactId: string;
  sections: EditorSection[];
  me: { id: string; name: string };
  canEdit: boolean;
  /** May accept or reject suggestions (secretary, facilitator). */
  canReview: boolean;
  canComment: boolean;
  /** May open a motion (facilitator, secretary): «Invia al voto» leads there. */
  canCallVote?: boolean;
  /** The tavolo's meetings, whose objectives a live block may show. */
  meetings: { id: string; title: string }[];
  /** The tavolo's members, whom a comment may mention (names only). */
  members: CommentMember[];
  /** Whether remote contributors may comment, and whether the reader may change it. */
  guestComments?: { allowed: boolean; canChange: boolean };
  /** A remote contributor reading to comment: their invite and device key (`me.id` is then ""). */
  guest?: { token: string; guestKey: string };
}

const anchorOf = (key: string) => `section-${key}`;

/**
 * The count of each section: the server's until the document has synced (an editor that has not
 * received its text yet would count 0 and flag nothing), then the editors' own.
 */
function useCounts(sections: EditorSection[], synced: boolean) {
  const [stored] = useState<Record<string, number>>(() =>
    Object.fromEntries(sections.map((s) => [s.key, s.characters])),
  );
  const [live, setLive] = useState<Record<string, number>>(stored);
  const onCount = useCallback((key: string, count: number) => {
    setLive((previous) => (previous[key] === count ? previous : { ...previous, [key]: count }));
  }, []);
  return [synced ? live : stored, onCount] as const;
}

/** A polite announcement each time a section crosses into or out of a limit state. */
function useLimitAnnouncement(sections: EditorSection[], counts: Record<string, number>) {
  const { t, formatNumber } = useI18n();
  const previous = useRef<Record<string, LimitState> | null>(null);
  const [message, setMessage] = useState("");
  useEffect(() => {
    const states = Object.fromEntries(
      sections.map((s) => [s.key, stateOfSection(counts[s.key] ?? 0, s.limit)]),
    );
    const before = previous.current;
    previous.current = states;
    if (!before) return;
    const changed = sections.find((s) => s.limit && before[s.key] !== states[s.key]);
    if (!changed || !changed.limit) return;
    setMessage(
      t(`pact.counter.announce_${states[changed.key]!}`, {
        title: changed.title,
        count: formatNumber(counts[changed.key] ?? 0),
        limit: formatNumber(limitInCharacters(changed.limit)),
      }),
    );
  }, [sections, counts, t, formatNumber]);
  return message;
}

function Writers({ writers }: { writers: SectionWriter[] | undefined }) {
  const { t } = useI18n();
  if (!writers || writers.length === 0) return null;
  return (
    <p className="pact-outline__writers">
      {writers.map((w) => (
        <span
          key={w.clientId}
          className="pact-outline__dot"
          style={{ background: w.color }}
          aria-hidden="true"
        />
      ))}{" "}
      {t("pact.outline.editing", { names: writers.map((w) => w.name).join(", ") })}
    </p>
  );
}

/**
 * «Invia al voto»: leads whoever may open a motion to one on the text as it stands; disabled, and
 * saying why, while a section is over its limit (the server refuses such a motion too).
 */
function VoteButton({
  pactId,
  over,
  canCallVote,
}: {
  pactId: string;
  over: EditorSection[];
  canCallVote: boolean;
}) {
  const { t } = useI18n();
  const blocked = over.length > 0;
  let state = t("pact.vote.ready");
  if (blocked)
    state = t("pact.vote.blocked", { titles: over.map((s) => `«${s.title}»`).join(", ") });
  else if (!canCallVote) state = t("pact.vote.ready_member");
  return (
    <div className="pact-vote">
      {canCallVote && !blocked ? (
        <Link
          className="button"
          to={`/pacts/${pactId}/motions?target=current#motion-open-heading`}
          aria-describedby="pact-vote-state"
        >
          {t("pact.vote.submit")}
        </Link>
      ) : (
        <button type="button" className="button" disabled aria-describedby="pact-vote-state">
          {t("pact.vote.submit")}
        </button>
      )}
      <p id="pact-vote-state" className={blocked ? "pact-vote__blocked" : "muted"}>
        {state}
      </p>
    </div>
  );
}

function LimitLine({ section }: { section: EditorSection }) {
  const { t, formatNumber } = useI18n();
  if (!section.limit) return null;
  const limit = formatNumber(limitInCharacters(section.limit));
  return (
    <p className="muted pact-section__limit" id={`${anchorOf(section.key)}-limit`}>
      {section.limit.unit === "pages"
        ? t("pact.editor.limit_pages", {
            pages: formatNumber(section.limit.value),
            limit: formatNumber(section.limit.value * CHARACTERS_PER_PAGE),
          })
        : t("pact.editor.limit_characters", { limit })}
    </p>
  );
}

export function PactEditorScreen({
  pactId,
  sections,
  me,
  canEdit,
  canReview,
  canComment,
  canCallVote = false,
  meetings,
  members,
  guestComments,
  guest,
}: Props) {
  const { t } = useI18n();
  const pactDoc = usePactDoc(pactId, guest);
  // A remote contributor is no member: nobody to mention as "me", nothing of theirs to delete.
  const reader = guest ? null : me.id;
  const commentEndpoint: CommentEndpoint = guest
    ? {
        url: `/join/${guest.token}/pacts/${pactId}`,
        extra: { deviceKey: guest.guestKey, name: me.name },
      }
    : { url: `/pacts/${pactId}/comments` };
  const ready = pactDoc !== null && pactDoc.synced;
  const [counts, onCount] = useCounts(sections, ready);
  const announcement = useLimitAnnouncement(sections, counts);
  const writers = useSectionWriters(pactDoc?.provider.awareness ?? null);
  const counterText = useCounterText();
  const over = sections.filter((s) => stateOfSection(counts[s.key] ?? 0, s.limit) === "over");
  const writer = { name: me.name, color: colorOf(me.name) };
  const liveBlocks = useLiveBlocks(pactId, meetings);
  const suggesting = useSuggestionMode(pactId, me.id);
  const [editors, onEditor] = useSectionEditors();
  const comments = usePactComments(pactDoc?.doc ?? null, sections, editors);

  return (
    <div className="pact-editor" data-ready={ready ? "true" : "false"}>
      {!canEdit && <p className="notice notice--info">{t("pact.editor.read_only")}</p>}
      {canEdit && <PactImport pactId={pactId} sections={sections} />}
      {canEdit && suggesting.on && (
        <p className="notice notice--info pact-suggesting-note">{t("pact.suggestions.mode_on")}</p>
      )}
      <p className={`pact-connection pact-connection--${pactDoc?.status ?? "connecting"}`}>
        {pactDoc?.refusedCode
          ? t("pact.editor.refused")
          : t(`pact.editor.status_${pactDoc?.status ?? "connecting"}`)}
      </p>
      <div className="pact-editor__layout">
        <nav className="pact-outline" aria-labelledby="pact-outline-title">
          <h2 id="pact-outline-title">{t("pact.outline.title")}</h2>
          <ol className="pact-outline__list">
            {sections.map((section) => {
              const count = counts[section.key] ?? 0;
              const { amount, note } = counterText(count, section.limit);
              return (
                <li
                  key={section.key}
                  className={`pact-outline__item pact-outline__item--${stateOfSection(count, section.limit)}`}
                >
                  <a href={`#${anchorOf(section.key)}`}>{section.title}</a>
                  <span className="pact-outline__count">
                    {amount}
                    {note && section.limit ? ` · ${note}` : ""}
                  </span>
                  <Writers writers={writers.get(section.key)} />
                </li>
              );
            })}
          </ol>
          {canEdit && <VoteButton pactId={pactId} over={over} canCallVote={canCallVote} />}
        </nav>

        <div className="pact-sections">
          {sections.map((section) => {
            const anchor = anchorOf(section.key);
            const describedBy = [
              section.guidance ? `${anchor}-guidance` : null,
              section.limit ? `${anchor}-limit` : null,
            ]
              .filter(Boolean)
              .join(" ");
            return (
              <section
                key={section.key}
                id={anchor}
                className="pact-section"
                aria-labelledby={`${anchor}-title`}
                data-section={section.key}
              >
                <h2 id={`${anchor}-title`}>{section.title}</h2>
                {section.guidance && (
                  <p className="pact-section__guidance" id={`${anchor}-guidance`}>
                    {section.guidance}
                  </p>
                )}
                <LimitLine section={section} />
                <SectionCounter count={counts[section.key] ?? 0} limit={section.limit} />
                {pactDoc ? (
                  <SectionEditor
                    doc={pactDoc.doc}
                    provider={pactDoc.provider}
                    sectionKey={section.key}
                    title={section.title}
                    me={writer}
                    editable={canEdit && pactDoc.refusedCode === null}
                    commentOnly={!canEdit && canComment && pactDoc.refusedCode === null}
                    onCount={onCount}
                    describedBy={describedBy || undefined}
                    liveBlocks={liveBlocks}
                    onEditor={onEditor}
                    suggestions={{ ...suggesting, author: { id: me.id, name: me.name } }}
                    comments={{
                      onActivate: comments.activate,
                      onCommentShortcut: () => canComment && comments.commentOn(section.key),
                    }}
                  />
                ) : (
                  <p className="muted">{t("pact.editor.loading")}</p>
                )}
              </section>
            );
          })}
        </div>

        <aside className="pact-side" aria-label={t("pact.side.label")}>
          <SuggestionsPanel sections={sections} editors={editors} canReview={canReview} />
          <CommentsPanel
            endpoint={commentEndpoint}
            threads={comments.threads}
            sections={sections}
            members={members}
            me={reader}
            canComment={canComment && pactDoc?.refusedCode == null}
            canModerate={canReview}
            active={comments.active}
            hasRange={comments.hasRange}
            onShow={comments.show}
            onNewComment={() => comments.commentOn(null)}
            announce={comments.announce}
            guests={guestComments}
          />
        </aside>
      </div>
      {comments.target && (
        <NewCommentDialog
          endpoint={commentEndpoint}
          target={comments.target}
          members={members}
          me={reader}
          onClose={comments.closeDialog}
        />
      )}
      <div className="visually-hidden" role="status" aria-live="polite">
        {comments.message}
      </div>
      <div className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </div>
    </div>
  );
}
