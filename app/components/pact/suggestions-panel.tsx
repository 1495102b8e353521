// The pact's pending suggestions, section by section: who proposed what and when, a way to reach
// each in the text, and for reviewers (secretary, facilitators) accept and reject, one or all.
// It reads the section editors' documents, so it follows others' proposals as they arrive.
import type { Editor } from "@tiptap/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { listSuggestions, type SuggestionSummary } from "../../../core/pact/suggestions";
import { useI18n } from "../../i18n/use-i18n";

/**
 * Whether this writer suggests on this pact's page: their own choice, for every section at once,
 * kept in the browser across reloads.
 */
export function useSuggestionMode(pactId: string, userId: string) {
  const key = `tavolo:pact-suggesting:${pactId}:${userId}`;
  const [on, setOn] = useState(false);
  useEffect(() => {
    try {
      setOn(window.localStorage.getItem(key) === "on");
    } catch {
      // Storage refused (private mode): the mode starts off each time.
    }
  }, [key]);
  const toggle = useCallback(() => {
    setOn((previous) => {
      try {
        window.localStorage.setItem(key, previous ? "off" : "on");
      } catch {
        // As above: the choice lasts for this page only.
      }
      return !previous;
    });
  }, [key]);
  return { on, toggle };
}

interface Props {
  sections: { key: string; title: string }[];
  /** Each section's editor, once made. */
  editors: Record<string, Editor>;
  canReview: boolean;
}

const sameList = (a: SuggestionSummary[] | undefined, b: SuggestionSummary[]) =>
  a !== undefined &&
  a.length === b.length &&
  a.every(
    (x, i) =>
      x.id === b[i]!.id &&
      x.kind === b[i]!.kind &&
      x.text === b[i]!.text &&
      x.from === b[i]!.from &&
      x.to === b[i]!.to,
  );

/** Each section's pending suggestions, read again (once a frame at most) after every change. */
function useSuggestionLists(editors: Record<string, Editor>): Record<string, SuggestionSummary[]> {
  const [lists, setLists] = useState<Record<string, SuggestionSummary[]>>({});
  useEffect(() => {
    const frames = new Map<string, number>();
    const read = (key: string, editor: Editor) => {
      if (editor.isDestroyed) return;
      const list = listSuggestions(editor.state.doc);
      setLists((previous) =>
        sameList(previous[key], list) ? previous : { ...previous, [key]: list },
      );
    };
    const stops = Object.entries(editors).map(([key, editor]) => {
      const onUpdate = () => {
        if (frames.has(key)) return;
        frames.set(
          key,
          requestAnimationFrame(() => {
            frames.delete(key);
            read(key, editor);
          }),
        );
      };
      read(key, editor);
      editor.on("update", onUpdate);
      return () => editor.off("update", onUpdate);
    });
    return () => {
      stops.forEach((stop) => stop());
      frames.forEach((frame) => cancelAnimationFrame(frame));
    };
  }, [editors]);
  return lists;
}

/** A polite message, said again even when it repeats the last one. */
function useAnnouncement() {
  const [message, setMessage] = useState("");
  const count = useRef(0);
  const announce = (text: string) => {
    count.current += 1;
    setMessage(text + (count.current % 2 === 0 ? "\u200b" : ""));
  };
  return [message, announce] as const;
}

export function SuggestionsPanel({ sections, editors, canReview }: Props) {
  const { t, formatShortDateTime } = useI18n();
  const lists = useSuggestionLists(editors);
  const [open, setOpen] = useState(true);
  const [message, announce] = useAnnouncement();
  const shown = sections.filter((s) => editors[s.key] && (lists[s.key]?.length ?? 0) > 0);
  const total = shown.reduce((sum, s) => sum + lists[s.key]!.length, 0);

  const kindOf = (s: SuggestionSummary) => t(`pact.suggestions.kind_${s.kind}`);
  const nameOf = (s: SuggestionSummary) => s.authorName || t("pact.suggestions.someone");
  const excerptOf = (s: SuggestionSummary) => {
    const text = s.text.replace(/\s+/g, " ").trim();
    if (!text) return t("pact.suggestions.blank");
    return text.length > 140 ? `${text.slice(0, 139)}…` : text;
  };

  /** The suggestion as the document holds it now (the list may be a frame behind). */
  const current = (key: string, s: SuggestionSummary) =>
    listSuggestions(editors[key]!.state.doc).find((x) => x.id === s.id && x.kind === s.kind);

  const go = (key: string, s: SuggestionSummary) => {
    const found = current(key, s);
    if (!found) return announce(t("pact.suggestions.gone"));
    editors[key]!.chain()
      .focus()
      .setTextSelection({ from: found.from, to: found.to })
      .scrollIntoView()
      .run();
  };

  const settle = (key: string, s: SuggestionSummary, verdict: "accept" | "reject") => {
    const editor = editors[key]!;
    const done =
      current(key, s) !== undefined &&
      (verdict === "accept"
        ? editor.commands.acceptSuggestion(s.id)
        : editor.commands.rejectSuggestion(s.id));
    announce(
      done
        ? t(`pact.suggestions.done_${verdict}`, { kind: kindOf(s), name: nameOf(s) })
        : t("pact.suggestions.gone"),
    );
  };

  const settleAll = (key: string, title: string, verdict: "accept" | "reject") => {
    const editor = editors[key]!;
    const done =
      verdict === "accept"
        ? editor.commands.acceptAllSuggestions()
        : editor.commands.rejectAllSuggestions();
    announce(
      done ? t(`pact.suggestions.done_${verdict}_all`, { title }) : t("pact.suggestions.gone"),
    );
  };

  return (
    <section className="pact-suggestions" aria-labelledby="pact-suggestions-title">
      <h2 id="pact-suggestions-title" className="pact-suggestions__title">
        <button
          type="button"
          className="pact-suggestions__toggle"
          aria-expanded={open}
          aria-controls="pact-suggestions-body"
          onClick={() => setOpen(!open)}
        >
          <span aria-hidden="true" className="pact-suggestions__chevron">
            {open ? "▾" : "▸"}
          </span>
          {t("pact.suggestions.title", { count: total })}
        </button>
      </h2>
      <div id="pact-suggestions-body" hidden={!open}>
        {total === 0 ? (
          <p className="muted">{t("pact.suggestions.none")}</p>
        ) : (
          <>
            {!canReview && <p className="muted">{t("pact.suggestions.reviewers_only")}</p>}
            {shown.map((section) => (
              <section
                key={section.key}
                className="pact-suggestions__section"
                aria-labelledby={`suggestions-${section.key}-title`}
              >
                <h3 id={`suggestions-${section.key}-title`}>{section.title}</h3>
                {canReview && (
                  <p className="pact-suggestions__all">
                    <button
                      type="button"
                      className="button button--small"
                      aria-label={t("pact.suggestions.accept_all_label", { title: section.title })}
                      onClick={() => settleAll(section.key, section.title, "accept")}
                    >
                      {t("pact.suggestions.accept_all")}
                    </button>{" "}
                    <button
                      type="button"
                      className="button button--small button--secondary"
                      aria-label={t("pact.suggestions.reject_all_label", { title: section.title })}
                      onClick={() => settleAll(section.key, section.title, "reject")}
                    >
                      {t("pact.suggestions.reject_all")}
                    </button>
                  </p>
                )}
                <ul className="pact-suggestions__list">
                  {lists[section.key]!.map((s, index) => {
                    const describedBy = `suggestion-${section.key}-${index}`;
                    return (
                      <li
                        key={`${s.kind}:${s.id}`}
                        className={`pact-suggestion pact-suggestion--${s.kind}`}
                        data-suggestion={s.id}
                      >
                        <p id={describedBy} className="pact-suggestion__what">
                          <strong>
                            {t("pact.suggestions.by", { kind: kindOf(s), name: nameOf(s) })}
                          </strong>
                          {s.at !== null && (
                            <>
                              {" · "}
                              <time dateTime={new Date(s.at).toISOString()}>
                                {formatShortDateTime(new Date(s.at))}
                              </time>
                            </>
                          )}
                          <span className="pact-suggestion__excerpt">
                            {s.kind === "insertion" ? (
                              <ins>{excerptOf(s)}</ins>
                            ) : (
                              <del>{excerptOf(s)}</del>
                            )}
                          </span>
                        </p>
                        <p className="pact-suggestion__actions">
                          <button
                            type="button"
                            className="button button--small button--secondary"
                            aria-describedby={describedBy}
                            onClick={() => go(section.key, s)}
                          >
                            {t("pact.suggestions.go")}
                          </button>
                          {canReview && (
                            <>
                              {" "}
                              <button
                                type="button"
                                className="button button--small"
                                aria-describedby={describedBy}
                                onClick={() => settle(section.key, s, "accept")}
                              >
                                {t("pact.suggestions.accept")}
                              </button>{" "}
                              <button
                                type="button"
                                className="button button--small button--secondary"
                                aria-describedby={describedBy}
                                onClick={() => settle(section.key, s, "reject")}
                              >
                                {t("pact.suggestions.reject")}
                              </button>
                            </>
                          )}
                        </p>
                      </li>
                    );
                  })}
                </ul>
              </section>
            ))}
          </>
        )}
      </div>
      <div className="visually-hidden" role="status" aria-live="polite">
        {message}
      </div>
    </section>
  );
}
