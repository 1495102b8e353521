// Small controls of the objectives page: a delete that asks once more, a one-line "add" form, a
// remove button, checkboxes choosing ids, and a card as the trace and the unheard lists show it.
import {
  useEffect,
  useId,
  useRef,
  useState,
  type FormEvent,
  type ReactNode,
  type RefObject,
} from "react";
import type { BoardCard } from "../../../core/board";
import { useI18n } from "../../i18n/use-i18n";
import { Checkbox, fieldAria } from "../ui/form";
import { ProblemShell, problemOf, type Problem } from "./fields";
import { textProblem } from "./field-values";
import { groupLabelKey, isConcealed, type CardViewer } from "./trace";

/** A delete button that asks for confirmation in place; the focus follows the question. */
export function ConfirmDelete(props: {
  /** "Elimina l'azione «…»": what the first button says (to screen readers in full). */
  label: string;
  question: string;
  onConfirm: () => void;
}) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const confirm = useRef<HTMLButtonElement>(null);
  const start = useRef<HTMLButtonElement>(null);
  const opened = useRef(false);
  useEffect(() => {
    if (asking) confirm.current?.focus();
    else if (opened.current) start.current?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <button
        type="button"
        ref={start}
        className="button button--danger button--small"
        onClick={() => {
          opened.current = true;
          setAsking(true);
        }}
      >
        {props.label}
      </button>
    );
  }
  return (
    <div className="confirm" role="group" aria-label={props.question}>
      <p>{props.question}</p>
      <button
        type="button"
        ref={confirm}
        className="button button--danger button--small"
        onClick={props.onConfirm}
      >
        {t("objectives.confirm_delete")}
      </button>{" "}
      <button
        type="button"
        className="button button--secondary button--small"
        onClick={() => setAsking(false)}
        onKeyDown={(event) => {
          if (event.key === "Escape") setAsking(false);
        }}
      >
        {t("common.cancel")}
      </button>
    </div>
  );
}

/**
 * A one-line form that adds something ("Aggiungi azione"): the text is checked as the document
 * would check it, kept on refusal, cleared (and the focus kept) on success for the next one.
 */
export function AddForm(props: {
  label: string;
  submit: string;
  max: number;
  /** Adds it; throws BoardOpError when the document refuses. */
  onAdd: (text: string) => void;
  /** More fields of the same form, before the text (a kind, a date), kept by the owner. */
  extra?: ReactNode;
  className?: string;
  /** The text field, for the owner to move the focus to (after a delete). */
  inputRef?: RefObject<HTMLInputElement>;
}) {
  const id = useId();
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  const ownInput = useRef<HTMLInputElement>(null);
  const input = props.inputRef ?? ownInput;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found = textProblem(text, { max: props.max, required: true });
    if (found) {
      setProblem({ kind: found, max: props.max });
      input.current?.focus();
      return;
    }
    try {
      props.onAdd(text);
    } catch (error) {
      setProblem(problemOf(error, props.max));
      return;
    }
    setText("");
    setProblem(null);
    input.current?.focus();
  };
  return (
    <form
      className={["add-form", props.className ?? ""].join(" ").trim()}
      onSubmit={onSubmit}
      noValidate
    >
      {props.extra}
      <ProblemShell id={id} label={props.label} problem={problem}>
        <input
          id={id}
          ref={input}
          type="text"
          value={text}
          {...fieldAria(id, { error: problem })}
          onChange={(event) => {
            setText(event.target.value);
            if (problem) setProblem(null);
          }}
        />
      </ProblemShell>
      <button type="submit" className="button button--secondary button--small">
        {props.submit}
      </button>
    </form>
  );
}

/** A small button that removes one of a list; screen readers hear which ("Rimuovi Luogo 2"). */
export function RemoveButton(props: { what: string; onRemove: () => void }) {
  const { t } = useI18n();
  return (
    <button
      type="button"
      className="button button--secondary button--small"
      onClick={props.onRemove}
    >
      {t("objectives.remove")}
      <span className="visually-hidden"> {props.what}</span>
    </button>
  );
}

/** A checkbox for each of a list (clusters, organisations): which of their ids are chosen. */
export function IdChecks(props: {
  items: readonly { id: string; label: string }[];
  chosen: readonly string[];
  onChange: (chosen: string[]) => void;
}) {
  const { chosen } = props;
  return (
    <>
      {props.items.map((item) => (
        <Checkbox
          key={item.id}
          className="check"
          checked={chosen.includes(item.id)}
          onChange={(on) =>
            props.onChange(on ? [...chosen, item.id] : chosen.filter((id) => id !== item.id))
          }
        >
          {item.label}
        </Checkbox>
      ))}
    </>
  );
}

/** A card as a line of a list: its words (unless kept from this viewer), who and from where. */
export function CardLine(props: {
  card: Pick<BoardCard, "id" | "text" | "authorLabel" | "group" | "inPerson">;
  viewer?: CardViewer;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const { card } = props;
  const concealed = props.viewer ? isConcealed(card.id, props.viewer) : false;
  return (
    <li className="trace-card">
      <span className={concealed ? "trace-card__text muted" : "trace-card__text"}>
        {concealed ? t("objectives.card_concealed") : card.text}
      </span>
      <span className="trace-card__meta">
        {!concealed && (
          <>
            {card.authorLabel ? card.authorLabel : t("objectives.anonymous")}
            {" · "}
          </>
        )}
        {t(groupLabelKey(card.group))}
        {card.inPerson && (
          <>
            {" · "}
            <span className="badge">{t("objectives.in_person")}</span>
          </>
        )}
        {props.children}
      </span>
    </li>
  );
}
