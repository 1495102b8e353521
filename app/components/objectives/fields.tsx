// The fields of the objectives page. Each edits one value of the board document through a
// core/sensemaking.ts function: text is saved as one types (after a short pause, and on leaving
// the field), merged with what others type meanwhile; a value the document would refuse gets an
// inline error and stays in the field as typed, so nothing is lost.
import {
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ChangeEvent,
  type ComponentProps,
  type ReactNode,
} from "react";
import { BoardOpError } from "../../../core/board-ops";
import type { PolicyArea } from "../../../core/policy-areas";
import { useI18n } from "../../i18n/use-i18n";
import { FieldShell, OptionList, fieldAria } from "../ui/form";
import { amountForInput, parseAmount, textProblem, type FieldProblem } from "./field-values";
import { mapIndex, rebaseDraft, storedForm } from "./text-merge";

/** A pause in typing this long saves what was typed. */
export const SAVE_DELAY_MS = 400;

export interface Problem {
  kind: FieldProblem | "gone";
  max?: number;
}

/** What a refused board operation means to the person who typed. */
export function problemOf(error: unknown, max?: number): Problem {
  if (!(error instanceof BoardOpError)) throw error;
  switch (error.reason) {
    case "too_long":
      return { kind: "too_long", max };
    case "empty":
      return { kind: "required" };
    case "invalid":
      return { kind: "invalid" };
    default:
      return { kind: "gone" };
  }
}

/** What a problem says to the reader, in their language. */
export function useProblemText() {
  const { t, formatNumber } = useI18n();
  return (problem: Problem | null): string | undefined =>
    problem
      ? problem.kind === "too_long"
        ? t("objectives.problem.too_long", { max: formatNumber(problem.max ?? 0) })
        : t(`objectives.problem.${problem.kind}`)
      : undefined;
}

/** The house field shell (components/ui/form.tsx) with a Problem for its error. */
export function ProblemShell({
  problem,
  ...shell
}: Omit<ComponentProps<typeof FieldShell>, "error"> & { problem: Problem | null }) {
  const say = useProblemText();
  return <FieldShell {...shell} error={say(problem)} />;
}

/** A field one may only read: the value as text. */
function ReadOnlyField(props: { id: string; label: ReactNode; text: string }) {
  return (
    <FieldShell id={props.id} label={props.label}>
      <input id={props.id} type="text" readOnly value={props.text} />
    </FieldShell>
  );
}

export interface TextFieldProps {
  label: ReactNode;
  /** The text as the document holds it now. */
  value: string;
  /** Reads the text from the document at the moment of saving (fresher than `value`). */
  read?: () => string;
  /** Writes through core/sensemaking.ts; throws BoardOpError when it refuses. */
  save: (text: string) => void;
  editable: boolean;
  max: number;
  required?: boolean;
  multiline?: boolean;
  hint?: string;
  className?: string;
}

/**
 * A text field bound to a Y.Text (or a plain string) of the board. While it has the focus it keeps
 * what one types as a draft: others' changes are replayed under it (the caret stays put), and the
 * draft is saved after a pause and on leaving the field. The draft is kept as typed (a trailing
 * space included), since the document stores it trimmed.
 */
export function CollabTextField(props: TextFieldProps) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const control = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  /** The stored text the draft was begun from (or last merged with). */
  const base = useRef(props.value);
  const focused = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const caret = useRef<[number, number] | null>(null);
  const latest = useRef({ props, draft, problem });
  latest.current = { props, draft, problem };

  /** Someone else changed the stored text from `base` to `remote`: type on over their change. */
  const merge = (remote: string) => {
    const current = latest.current.draft;
    if (current === null || remote === base.current) return current;
    const next = rebaseDraft(base.current, current, remote);
    const element = control.current;
    if (element && focused.current) {
      caret.current = [
        mapIndex(current, next, element.selectionStart ?? current.length),
        mapIndex(current, next, element.selectionEnd ?? current.length),
      ];
    }
    base.current = remote;
    latest.current.draft = next;
    setDraft(next);
    return next;
  };

  const save = (): boolean => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const { props: current } = latest.current;
    if (latest.current.draft === null) return true;
    // Read-only meanwhile (the board was locked): the draft stays in the field, unsaved.
    if (!current.editable) return false;
    const draftNow = merge(current.read ? current.read() : current.value) ?? "";
    const found = textProblem(draftNow, { max: current.max, required: current.required });
    if (found) {
      setProblem({ kind: found, max: current.max });
      return false;
    }
    const stored = storedForm(draftNow);
    if (stored !== base.current) {
      try {
        current.save(stored);
      } catch (error) {
        setProblem(problemOf(error, current.max));
        return false;
      }
      base.current = stored;
    }
    setProblem(null);
    return true;
  };

  // The stored text changed: follow it, or merge it into what is being typed.
  useLayoutEffect(() => {
    if (latest.current.draft === null) {
      base.current = props.value;
      return;
    }
    if (props.value !== base.current) merge(props.value);
    else if (!focused.current && !latest.current.problem) setDraft(null);
  }, [props.value]);

  // Put the caret back where it was in the words, after a merge.
  useLayoutEffect(() => {
    const element = control.current;
    if (caret.current && element && document.activeElement === element) {
      element.setSelectionRange(...caret.current);
    }
    caret.current = null;
  }, [draft]);

  // Leaving the page with a pause not yet over: save what was typed.
  useEffect(
    () => () => {
      if (!timer.current) return;
      try {
        save();
      } catch {
        // The document is gone with the page.
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );

  const onChange = (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    const text = event.target.value;
    latest.current.draft = text;
    setDraft(text);
    // Too long is said at once; a required field left empty only once one pauses.
    const found = textProblem(text, { max: props.max });
    setProblem(found ? { kind: found, max: props.max } : null);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(save, SAVE_DELAY_MS);
  };

  // A hint helps to write; one who only reads does not need it.
  const hint = props.editable ? props.hint : undefined;
  const common = {
    id,
    ref: control,
    value: draft ?? props.value,
    readOnly: !props.editable,
    ...fieldAria(id, { hint, error: problem }),
    onChange,
    onFocus: () => {
      focused.current = true;
      if (!props.editable || latest.current.draft !== null) return;
      base.current = props.value;
      latest.current.draft = props.value;
      setDraft(props.value);
    },
    onBlur: () => {
      focused.current = false;
      if (!props.editable) return;
      // Once saved, show the stored text again (when it has come back from the document).
      if (save() && (latest.current.props.value === base.current || latest.current.draft === null))
        setDraft(null);
    },
  };
  return (
    <ProblemShell
      id={id}
      label={props.label}
      hint={hint}
      problem={problem}
      optional={!props.required && props.editable}
      className={props.className}
    >
      {props.multiline ? <textarea rows={3} {...common} /> : <input type="text" {...common} />}
    </ProblemShell>
  );
}

export interface AmountFieldProps {
  label: ReactNode;
  value: number | null;
  save: (value: number | null) => void;
  editable: boolean;
  /** How to show it when it cannot be edited ("1.500,00 €"). */
  format: (value: number) => string;
}

/** An amount (hours, euros) typed the way the language writes numbers; refused ones stay as typed. */
export function AmountField(props: AmountFieldProps) {
  const { locale, t } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef({ props, draft });
  latest.current = { props, draft };
  /** The amount last saved from here, awaited back from the document before showing it. */
  const saved = useRef<number | null | undefined>(undefined);

  const save = (): boolean => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const text = latest.current.draft;
    if (text === null) return true;
    const reading = parseAmount(text, locale);
    if (!reading.ok) {
      setProblem({ kind: reading.problem });
      return false;
    }
    try {
      if (reading.value !== latest.current.props.value) latest.current.props.save(reading.value);
    } catch (error) {
      setProblem(problemOf(error));
      return false;
    }
    saved.current = reading.value;
    setProblem(null);
    return true;
  };

  useLayoutEffect(() => {
    if (saved.current !== undefined && props.value === saved.current && !problem) {
      saved.current = undefined;
      if (document.activeElement?.id !== id) setDraft(null);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.value]);

  if (!props.editable) {
    return (
      <ReadOnlyField
        id={id}
        label={props.label}
        text={props.value === null ? t("objectives.none") : props.format(props.value)}
      />
    );
  }
  return (
    <ProblemShell id={id} label={props.label} problem={problem} optional>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        value={draft ?? amountForInput(props.value, locale)}
        {...fieldAria(id, { error: problem })}
        onFocus={() => {
          if (latest.current.draft === null) setDraft(amountForInput(props.value, locale));
        }}
        onChange={(event) => {
          latest.current.draft = event.target.value;
          setDraft(event.target.value);
          if (timer.current) clearTimeout(timer.current);
          timer.current = setTimeout(save, SAVE_DELAY_MS);
        }}
        onBlur={() => {
          if (save() && parseAmountEquals(latest.current.draft, props.value, locale)) {
            setDraft(null);
          }
        }}
      />
    </ProblemShell>
  );
}

function parseAmountEquals(text: string | null, value: number | null, locale: "it" | "en") {
  if (text === null) return true;
  const reading = parseAmount(text, locale);
  return reading.ok && reading.value === value;
}

export interface DayFieldProps {
  label: ReactNode;
  /** What the field shows: "2027-03-01", or "" for none. */
  value: string;
  onChange: (value: string) => void;
  problem: Problem | null;
  editable: boolean;
}

/** A calendar day; the owner decides what to store (an end before the start stays unsaved). */
export function DayField(props: DayFieldProps) {
  const { t, formatDay } = useDayFormat();
  const id = useId();
  if (!props.editable) {
    return (
      <ReadOnlyField
        id={id}
        label={props.label}
        text={props.value ? formatDay(props.value) : t("objectives.none")}
      />
    );
  }
  return (
    <ProblemShell id={id} label={props.label} problem={props.problem} optional>
      <input
        id={id}
        type="date"
        value={props.value}
        {...fieldAria(id, { error: props.problem })}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </ProblemShell>
  );
}

/** Days of a timeline in the reader's language: "1 marzo 2027". */
export function useDayFormat() {
  const i18n = useI18n();
  const { locale } = i18n;
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" });
    return { ...i18n, formatDay: (day: string) => format.format(new Date(`${day}T00:00:00Z`)) };
  }, [i18n, locale]);
}

/**
 * A value as stored, or what was just written until the document's next snapshot brings it back
 * (a frame later): a checkbox or a select must not flick back to its old state meanwhile.
 */
export function useEcho<T>(stored: T): [T, (written: T) => void] {
  const [written, setWritten] = useState<{ value: T } | null>(null);
  const key = JSON.stringify(stored);
  useEffect(() => setWritten(null), [key]);
  return [written ? written.value : stored, (value) => setWritten({ value })];
}

export interface ChoiceFieldProps {
  label: ReactNode;
  value: string;
  options: { value: string; label: string }[];
  save: (value: string) => void;
  editable: boolean;
  optional?: boolean;
}

/** A tavolo's policy areas as the options of a select ("A · Politiche abitative"), after "none". */
export function policyAreaOptions(areas: readonly PolicyArea[], none: string) {
  return [
    { value: "", label: none },
    ...areas.map((area) => ({ value: area.key, label: `${area.key} · ${area.label}` })),
  ];
}

/** A choice among a few (a policy area, an organisation, a kind of indicator), saved at once. */
export function ChoiceField(props: ChoiceFieldProps) {
  const { t } = useI18n();
  const id = useId();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [value, setValue] = useEcho(props.value);
  const selected = props.options.find((o) => o.value === value);
  if (!props.editable) {
    return (
      <ReadOnlyField id={id} label={props.label} text={selected?.label ?? t("objectives.none")} />
    );
  }
  return (
    <ProblemShell id={id} label={props.label} problem={problem} optional={props.optional}>
      <select
        id={id}
        value={value}
        {...fieldAria(id, { error: problem })}
        onChange={(event) => {
          try {
            props.save(event.target.value);
            setValue(event.target.value);
            setProblem(null);
          } catch (error) {
            setProblem(problemOf(error));
          }
        }}
      >
        <OptionList options={props.options} />
      </select>
    </ProblemShell>
  );
}
