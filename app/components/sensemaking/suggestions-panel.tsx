// "Suggerisci raggruppamenti": suggested clusters beside the board, computed in a Web Worker, for
// the facilitator to rename, split, merge, accept in part or not at all, then apply as one change.
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { MAX_CLUSTER_LABEL, newBoardId } from "../../../core/board-ops";
import type { AcceptedCluster } from "../../../core/sensemaking";
import { useClustering } from "../../collab/use-clustering";
import { useI18n } from "../../i18n/use-i18n";
import { excerpt } from "../board/card-text";
import { Checkbox, SubmitOrCancel, fieldAria } from "../ui/form";
import {
  acceptedClusters,
  duplicateHints,
  keepCards,
  mergeSuggestions,
  renameSuggestion,
  setAccepted,
  setAllAccepted,
  splitSuggestion,
  suggestionsFrom,
  withoutAccepted,
  type NearDuplicate,
  type Suggestion,
} from "./suggestion-edits";

/** A card the facilitator may cluster (shown to them face up, not hidden). */
export interface CandidateCard {
  id: string;
  text: string;
  clusterId: string | null;
}

interface Props {
  id: string;
  cards: readonly CandidateCard[];
  /** Applies the accepted suggestions as one change; answers how many clusters it made. */
  onApply: (accepted: AcceptedCluster[]) => number;
  onClose: () => void;
  announce: (text: string) => void;
}

const GRANULARITIES = [
  { value: -1, key: "board.suggest.fewer" },
  { value: 0, key: "board.suggest.natural" },
  { value: 1, key: "board.suggest.more" },
] as const;

/** Most near-duplicate pairs listed at once: beyond that the list would drown the suggestions. */
const MAX_HINTS = 12;

function focusSoon(id: string) {
  // After React has drawn what the edit changed.
  setTimeout(() => document.getElementById(id)?.focus(), 0);
}

/** Escape leaves a form of a suggestion, not the whole panel. */
function cancelOnEscape(onCancel: () => void) {
  return (event: KeyboardEvent) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    event.stopPropagation();
    onCancel();
  };
}

/** The chosen ids with `id` ticked or unticked. */
function withChoice(chosen: ReadonlySet<string>, id: string, on: boolean): Set<string> {
  const next = new Set(chosen);
  if (on) next.add(id);
  else next.delete(id);
  return next;
}

export function SuggestionsPanel({ id, cards, onApply, onClose, announce }: Props) {
  const { t, locale, formatNumber } = useI18n();
  const prefix = useId();
  const { run, start, reset } = useClustering();
  const [granularity, setGranularity] = useState(0);
  const [includeClustered, setIncludeClustered] = useState(false);
  const [round, setRound] = useState(0);
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [nearDuplicates, setNearDuplicates] = useState<NearDuplicate[]>([]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [renaming, setRenaming] = useState<string | null>(null);
  const [splitting, setSplitting] = useState<string | null>(null);
  const [applied, setApplied] = useState<number | null>(null);
  const headingId = `${prefix}-heading`;
  const suggestionHeading = (sid: string) => `${prefix}-s-${sid}`;

  // The latest cards, read when a run starts (a run does not restart at every change of the board).
  const cardsRef = useRef(cards);
  cardsRef.current = cards;
  const textOf = useMemo(() => new Map(cards.map((c) => [c.id, c.text])), [cards]);

  useEffect(() => {
    const candidates = cardsRef.current.filter((c) => includeClustered || c.clusterId === null);
    setSuggestions([]);
    setNearDuplicates([]);
    setSelected(new Set());
    setRenaming(null);
    setSplitting(null);
    setApplied(null);
    if (candidates.length === 0) {
      reset();
      return;
    }
    start({
      cardIds: candidates.map((c) => c.id),
      texts: candidates.map((c) => c.text),
      lang: locale,
      granularity,
    });
  }, [granularity, includeClustered, round, locale, start, reset]);

  // A finished run becomes the list the facilitator edits.
  useEffect(() => {
    if (run.status === "done") {
      const made = suggestionsFrom(run.result, run.input.cardIds, {
        newId: newBoardId,
        fallbackLabel: (n) => t("board.suggest.fallback_label", { n }),
      });
      setSuggestions(made.suggestions);
      setNearDuplicates(made.nearDuplicates);
      announce(
        t("board.suggest.ready", {
          count: made.suggestions.length,
          cards: run.input.cardIds.length,
        }),
      );
    } else if (run.status === "failed") {
      announce(t("board.suggest.failed"));
    }
    // Only when a run ends.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [run]);

  useEffect(() => {
    document.getElementById(headingId)?.focus();
  }, [headingId]);

  // Cards deleted from the board meanwhile drop out of the suggestions.
  const present = useMemo(() => new Set(cards.map((c) => c.id)), [cards]);
  const list = useMemo(() => keepCards(suggestions, present), [suggestions, present]);
  const hints = useMemo(() => duplicateHints(list, nearDuplicates), [list, nearDuplicates]);
  const labelOf = (sid: string) => list.find((s) => s.id === sid)?.label ?? "";
  const duplicatesOf = (cardId: string) =>
    hints
      .filter((h) => h.suggestionA === h.suggestionB && (h.a === cardId || h.b === cardId))
      .map((h) => (h.a === cardId ? h.b : h.a));
  const across = hints.filter((h) => h.suggestionA !== h.suggestionB);
  const acceptedCount = list.filter((s) => s.accepted).length;
  const selectedIds = list.filter((s) => selected.has(s.id)).map((s) => s.id);
  const looseCount = cards.filter((c) => c.clusterId === null).length;
  const candidateCount = includeClustered ? cards.length : looseCount;

  const merge = (ids: readonly string[]) => {
    const next = mergeSuggestions(list, ids);
    const target = list.find((x) => ids.includes(x.id));
    if (!target || next.length === list.length) return;
    setSuggestions(next);
    setSelected(new Set());
    announce(t("board.suggest.merged", { label: target.label }));
    focusSoon(suggestionHeading(target.id));
  };

  const acceptAll = (accepted: boolean) => {
    setSuggestions(setAllAccepted(list, accepted));
    announce(t(accepted ? "board.suggest.all_accepted" : "board.suggest.none_accepted_now"));
  };

  const apply = () => {
    const accepted = acceptedClusters(list);
    if (accepted.length === 0) {
      announce(t("board.suggest.none_accepted"));
      return;
    }
    const made = onApply(accepted);
    if (made === 0) return;
    setSuggestions(withoutAccepted(list));
    setSelected(new Set());
    setApplied(made);
  };

  const running = run.status === "running";

  return (
    <aside
      id={id}
      className="board-side board-suggestions"
      aria-labelledby={headingId}
      aria-busy={running}
      onKeyDown={(event) => {
        if (event.key !== "Escape" || event.defaultPrevented) return;
        event.preventDefault();
        onClose();
      }}
    >
      <div className="board-suggestions__head">
        <h2 id={headingId} tabIndex={-1}>
          {t("board.suggest.title")}
        </h2>
        <button type="button" className="button button--secondary button--small" onClick={onClose}>
          {t("board.suggest.close")}
        </button>
      </div>
      <p className="muted board-suggestions__lead">{t("board.suggest.lead")}</p>

      <fieldset className="board-suggestions__knob">
        <legend>{t("board.suggest.granularity")}</legend>
        {GRANULARITIES.map((option) => (
          <label key={option.value}>
            <input
              type="radio"
              name={`${prefix}-granularity`}
              value={option.value}
              checked={granularity === option.value}
              onChange={() => setGranularity(option.value)}
            />{" "}
            {t(option.key)}
          </label>
        ))}
      </fieldset>
      <Checkbox
        className="board-suggestions__check"
        checked={includeClustered}
        onChange={setIncludeClustered}
      >
        {t("board.suggest.include_clustered")}
      </Checkbox>
      <p className="field__hint">
        {t("board.suggest.input_count", { count: formatNumber(candidateCount) })}{" "}
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => setRound((n) => n + 1)}
        >
          {t("board.suggest.rerun")}
        </button>
      </p>

      {applied !== null && (
        <p className="board-suggestions__done">
          {t("board.suggest.applied_note", { count: applied })}
        </p>
      )}
      {candidateCount === 0 ? (
        <p className="muted">{t("board.suggest.no_cards")}</p>
      ) : running ? (
        <p className="muted">{t("board.suggest.running")}</p>
      ) : run.status === "failed" ? (
        <p className="field__error">{t("board.suggest.failed")}</p>
      ) : list.length === 0 ? (
        run.status === "done" && <p className="muted">{t("board.suggest.all_done")}</p>
      ) : (
        <>
          {across.length > 0 && (
            <section className="board-suggestions__dups" aria-labelledby={`${prefix}-dups`}>
              <h3 id={`${prefix}-dups`}>{t("board.suggest.duplicates")}</h3>
              <p className="field__hint">{t("board.suggest.duplicates_hint")}</p>
              <ul>
                {across.slice(0, MAX_HINTS).map((hint) => (
                  <li key={`${hint.a}-${hint.b}`}>
                    <span className="board-suggestions__dup-badge">
                      {t("board.suggest.near_duplicate")}
                    </span>{" "}
                    {t("board.quote", { text: excerpt(textOf.get(hint.a) ?? "") })} ·{" "}
                    {t("board.quote", { text: excerpt(textOf.get(hint.b) ?? "") })}{" "}
                    <button
                      type="button"
                      className="button button--secondary button--small"
                      onClick={() => merge([hint.suggestionA, hint.suggestionB])}
                    >
                      {t("board.suggest.merge_pair", {
                        a: labelOf(hint.suggestionA),
                        b: labelOf(hint.suggestionB),
                      })}
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          )}

          <div className="board-suggestions__bulk">
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => acceptAll(true)}
            >
              {t("board.suggest.accept_all")}
            </button>
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => acceptAll(false)}
            >
              {t("board.suggest.accept_none")}
            </button>
            <button
              type="button"
              className="button button--secondary button--small"
              disabled={selectedIds.length < 2}
              aria-describedby={`${prefix}-merge-hint`}
              onClick={() => merge(selectedIds)}
            >
              {t("board.suggest.merge_selected", { count: selectedIds.length })}
            </button>
            <p id={`${prefix}-merge-hint`} className="field__hint">
              {t("board.suggest.merge_hint")}
            </p>
          </div>

          <ol className="board-suggestions__list">
            {list.map((suggestion) => (
              <SuggestionItem
                key={suggestion.id}
                suggestion={suggestion}
                headingId={suggestionHeading(suggestion.id)}
                textOf={textOf}
                duplicatesOf={duplicatesOf}
                selected={selected.has(suggestion.id)}
                renaming={renaming === suggestion.id}
                splitting={splitting === suggestion.id}
                onAccepted={(accepted) =>
                  setSuggestions(setAccepted(list, suggestion.id, accepted))
                }
                onSelected={(on) => setSelected(withChoice(selected, suggestion.id, on))}
                onRename={() => {
                  setSplitting(null);
                  setRenaming(suggestion.id);
                }}
                onRenamed={(label) => {
                  setRenaming(null);
                  if (label !== null) {
                    setSuggestions(renameSuggestion(list, suggestion.id, label));
                    announce(t("board.suggest.renamed", { label: label.trim() }));
                  }
                  focusSoon(`${suggestionHeading(suggestion.id)}-rename`);
                }}
                onSplit={() => {
                  setRenaming(null);
                  setSplitting(suggestion.id);
                }}
                onSplitDone={(result) => {
                  setSplitting(null);
                  if (!result) {
                    focusSoon(`${suggestionHeading(suggestion.id)}-split`);
                    return;
                  }
                  const next = { id: newBoardId(), label: result.label };
                  setSuggestions(splitSuggestion(list, suggestion.id, result.cardIds, next));
                  announce(
                    t("board.suggest.split_done", {
                      label: result.label.trim() || suggestion.label,
                      count: result.cardIds.length,
                    }),
                  );
                  focusSoon(suggestionHeading(next.id));
                }}
              />
            ))}
          </ol>

          <div className="board-suggestions__apply">
            <button type="button" className="button" onClick={apply}>
              {t("board.suggest.apply", { count: acceptedCount })}
            </button>
            <p className="field__hint">{t("board.suggest.apply_hint")}</p>
          </div>
        </>
      )}
    </aside>
  );
}

interface ItemProps {
  suggestion: Suggestion;
  headingId: string;
  textOf: ReadonlyMap<string, string>;
  duplicatesOf: (cardId: string) => string[];
  selected: boolean;
  renaming: boolean;
  splitting: boolean;
  onAccepted: (accepted: boolean) => void;
  onSelected: (selected: boolean) => void;
  onRename: () => void;
  onRenamed: (label: string | null) => void;
  onSplit: () => void;
  onSplitDone: (result: { cardIds: string[]; label: string } | null) => void;
}

function SuggestionItem(props: ItemProps) {
  const { t } = useI18n();
  const { suggestion, headingId, textOf } = props;
  const count = suggestion.cardIds.length;
  // Each control's name says which suggestion it is for.
  const quoted = t("board.quote", { text: suggestion.label });
  return (
    <li
      className={`board-suggestion${suggestion.accepted ? "" : " is-declined"}`}
      aria-labelledby={headingId}
      data-suggestion-id={suggestion.id}
    >
      <h3 id={headingId} tabIndex={-1}>
        {suggestion.label}{" "}
        <span className="board-suggestion__count">({t("board.cluster_cards", { count })})</span>
      </h3>
      <div className="board-suggestion__choices">
        <Checkbox checked={suggestion.accepted} onChange={props.onAccepted}>
          {t("board.suggest.accept")}
          <span className="visually-hidden"> {quoted}</span>
        </Checkbox>
        <Checkbox checked={props.selected} onChange={props.onSelected}>
          {t("board.suggest.select")}
          <span className="visually-hidden"> {quoted}</span>
        </Checkbox>
      </div>
      {props.splitting ? (
        <SplitForm
          suggestion={suggestion}
          textOf={textOf}
          idPrefix={headingId}
          onDone={props.onSplitDone}
        />
      ) : (
        <ul className="board-suggestion__cards">
          {suggestion.cardIds.map((cardId) => {
            const twins = props.duplicatesOf(cardId);
            return (
              <li key={cardId}>
                {textOf.get(cardId) ?? ""}
                {twins.length > 0 && (
                  <span className="board-suggestions__dup-badge">
                    {" "}
                    {t("board.suggest.near_duplicate_of", {
                      text: excerpt(textOf.get(twins[0]!) ?? ""),
                    })}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {props.renaming ? (
        <RenameForm
          initial={suggestion.label}
          idPrefix={headingId}
          label={t("board.suggest.rename_label", { label: suggestion.label })}
          onDone={props.onRenamed}
        />
      ) : (
        !props.splitting && (
          <div className="board-suggestion__actions">
            <button
              id={`${headingId}-rename`}
              type="button"
              className="button button--secondary button--small"
              onClick={props.onRename}
            >
              {t("board.suggest.rename")}
              <span className="visually-hidden"> {quoted}</span>
            </button>
            {count > 1 && (
              <button
                id={`${headingId}-split`}
                type="button"
                className="button button--secondary button--small"
                onClick={props.onSplit}
              >
                {t("board.suggest.split")}
                <span className="visually-hidden"> {quoted}</span>
              </button>
            )}
          </div>
        )
      )}
    </li>
  );
}

function RenameForm({
  initial,
  idPrefix,
  label,
  onDone,
}: {
  initial: string;
  idPrefix: string;
  label: string;
  onDone: (label: string | null) => void;
}) {
  const { t } = useI18n();
  const [value, setValue] = useState(initial);
  const [error, setError] = useState(false);
  const ref = useRef<HTMLInputElement>(null);
  const inputId = `${idPrefix}-name`;
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  return (
    <form
      className="board-suggestion__form"
      onSubmit={(event) => {
        event.preventDefault();
        if (value.trim() === "") {
          setError(true);
          return;
        }
        onDone(value);
      }}
      onKeyDown={cancelOnEscape(() => onDone(null))}
    >
      <label htmlFor={inputId}>{label}</label>
      <input
        ref={ref}
        id={inputId}
        value={value}
        maxLength={MAX_CLUSTER_LABEL}
        {...fieldAria(inputId, { error })}
        onChange={(event) => {
          setValue(event.target.value);
          setError(false);
        }}
      />
      {error && (
        <p id={`${inputId}-error`} className="field__error">
          {t("board.suggest.name_required")}
        </p>
      )}
      <SubmitOrCancel
        className="board-suggestion__actions"
        submit={t("common.save")}
        onCancel={() => onDone(null)}
      />
    </form>
  );
}

function SplitForm({
  suggestion,
  textOf,
  idPrefix,
  onDone,
}: {
  suggestion: Suggestion;
  textOf: ReadonlyMap<string, string>;
  idPrefix: string;
  onDone: (result: { cardIds: string[]; label: string } | null) => void;
}) {
  const { t } = useI18n();
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [label, setLabel] = useState(() =>
    t("board.suggest.split_default_label", { label: suggestion.label }).slice(0, MAX_CLUSTER_LABEL),
  );
  const [error, setError] = useState(false);
  const ref = useRef<HTMLFieldSetElement>(null);
  const errorId = `${idPrefix}-split-error`;
  useEffect(() => {
    ref.current?.querySelector("input")?.focus();
  }, []);
  const valid = chosen.size > 0 && chosen.size < suggestion.cardIds.length;
  return (
    <form
      className="board-suggestion__form"
      onSubmit={(event) => {
        event.preventDefault();
        if (!valid) {
          setError(true);
          // Back to the choice that is missing.
          ref.current?.querySelector("input")?.focus();
          return;
        }
        onDone({ cardIds: suggestion.cardIds.filter((c) => chosen.has(c)), label });
      }}
      onKeyDown={cancelOnEscape(() => onDone(null))}
    >
      <fieldset
        ref={ref}
        aria-describedby={error ? errorId : undefined}
        className="board-suggestion__split"
      >
        <legend>{t("board.suggest.split_legend", { label: suggestion.label })}</legend>
        {suggestion.cardIds.map((cardId) => (
          <Checkbox
            key={cardId}
            checked={chosen.has(cardId)}
            onChange={(on) => {
              setChosen(withChoice(chosen, cardId, on));
              setError(false);
            }}
          >
            {textOf.get(cardId) ?? ""}
          </Checkbox>
        ))}
      </fieldset>
      {error && (
        <p id={errorId} className="field__error">
          {t("board.suggest.split_invalid")}
        </p>
      )}
      <label htmlFor={`${idPrefix}-split-name`}>{t("board.suggest.split_name")}</label>
      <input
        id={`${idPrefix}-split-name`}
        value={label}
        maxLength={MAX_CLUSTER_LABEL}
        onChange={(event) => setLabel(event.target.value)}
      />
      <SubmitOrCancel
        className="board-suggestion__actions"
        submit={t("board.suggest.split_submit")}
        onCancel={() => onDone(null)}
      />
    </form>
  );
}
