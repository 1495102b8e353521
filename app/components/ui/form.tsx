// Accessible form pieces: labelled fields with hints and errors tied by aria-describedby.
import { useEffect, useRef, type ReactNode } from "react";
import { useI18n } from "../../i18n/use-i18n";

export interface FailureData {
  ok: false;
  formError: string;
  formVars?: Record<string, string | number>;
  fields: Record<string, string>;
  values?: Record<string, string>;
}

export function isFailure(value: unknown): value is FailureData {
  return typeof value === "object" && value !== null && (value as { ok?: unknown }).ok === false;
}

interface FieldProps {
  name: string;
  label: string;
  type?: string;
  hint?: string;
  required?: boolean;
  autoComplete?: string;
  defaultValue?: string;
  failure?: FailureData | null;
  idPrefix?: string;
  maxLength?: number;
}

function describedBy(id: string, hint: boolean, error: boolean) {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

/** The aria attributes that tie a field's control to the hint and error its FieldShell shows. */
export function fieldAria(id: string, { hint, error }: { hint?: unknown; error?: unknown }) {
  return {
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy(id, Boolean(hint), Boolean(error)),
  } as const;
}

/** A field's label (marked when optional), hint and error around its control, whose id is `id`. */
export function FieldShell(props: {
  id: string;
  label: ReactNode;
  hint?: string;
  error?: string;
  optional?: boolean;
  className?: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <div
      className={["field", props.error && "field--error", props.className]
        .filter(Boolean)
        .join(" ")}
    >
      <label htmlFor={props.id}>
        {props.label}
        {props.optional && <span className="field__optional"> ({t("common.optional")})</span>}
      </label>
      {props.hint && (
        <p className="field__hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.children}
      {props.error && (
        <p className="field__error" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  );
}

/** The options of a select, each with its label. */
export function OptionList({ options }: { options: readonly { value: string; label: string }[] }) {
  return (
    <>
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </>
  );
}

/** A checkbox inside its label. */
export function Checkbox(props: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  className?: string;
  children: ReactNode;
}) {
  return (
    <label className={props.className}>
      <input
        type="checkbox"
        checked={props.checked}
        onChange={(event) => props.onChange(event.target.checked)}
      />{" "}
      {props.children}
    </label>
  );
}

/** A small form's submit button with "Annulla" beside it. */
export function SubmitOrCancel(props: {
  submit: string;
  onCancel: () => void;
  className?: string;
}) {
  const { t } = useI18n();
  return (
    <div className={props.className ?? "actions"}>
      <button type="submit" className="button button--small">
        {props.submit}
      </button>
      <button
        type="button"
        className="button button--secondary button--small"
        onClick={props.onCancel}
      >
        {t("common.cancel")}
      </button>
    </div>
  );
}

export function Field(props: FieldProps) {
  const { tKey } = useI18n();
  const id = `${props.idPrefix ?? "f"}-${props.name}`;
  const errorKey = props.failure?.fields[props.name];
  const error = errorKey ? tKey(errorKey) : undefined;
  const value = props.failure?.values?.[props.name] ?? props.defaultValue;
  return (
    <FieldShell
      id={id}
      label={props.label}
      hint={props.hint}
      error={error}
      optional={!props.required}
    >
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        required={props.required}
        autoComplete={props.autoComplete}
        defaultValue={value}
        maxLength={props.maxLength}
        {...fieldAria(id, { hint: props.hint, error })}
      />
    </FieldShell>
  );
}

export function TextAreaField(props: FieldProps & { rows?: number }) {
  const { tKey } = useI18n();
  const id = `${props.idPrefix ?? "f"}-${props.name}`;
  const errorKey = props.failure?.fields[props.name];
  const error = errorKey ? tKey(errorKey) : undefined;
  return (
    <FieldShell
      id={id}
      label={props.label}
      hint={props.hint}
      error={error}
      optional={!props.required}
    >
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 4}
        required={props.required}
        defaultValue={props.failure?.values?.[props.name] ?? props.defaultValue}
        maxLength={props.maxLength}
        {...fieldAria(id, { hint: props.hint, error })}
      />
    </FieldShell>
  );
}

export function SelectField(props: FieldProps & { options: { value: string; label: string }[] }) {
  const { tKey } = useI18n();
  const id = `${props.idPrefix ?? "f"}-${props.name}`;
  const errorKey = props.failure?.fields[props.name];
  const error = errorKey ? tKey(errorKey) : undefined;
  return (
    <FieldShell
      id={id}
      label={props.label}
      hint={props.hint}
      error={error}
      optional={!props.required}
    >
      <select
        id={id}
        name={props.name}
        required={props.required}
        defaultValue={props.failure?.values?.[props.name] ?? props.defaultValue}
        {...fieldAria(id, { hint: props.hint, error })}
      >
        <OptionList options={props.options} />
      </select>
    </FieldShell>
  );
}

/** The error summary at the top of a form; focused when it appears so screen readers announce it. */
export function FormErrors({ failure }: { failure?: FailureData | null }) {
  const { t, tKey } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (failure) ref.current?.focus();
  }, [failure]);
  if (!failure) return null;
  const hasFields = Object.keys(failure.fields).length > 0;
  return (
    <div className="notice notice--error" role="alert" tabIndex={-1} ref={ref}>
      <p>
        <strong>
          {hasFields && failure.formError === "error.invalid"
            ? t("form.errors_title")
            : tKey(failure.formError, failure.formVars)}
        </strong>
      </p>
    </div>
  );
}

/**
 * A ref for a form that empties itself after each successful submission: Remix keeps the page, so
 * without it the typed values (a new password included) would stay in the fields.
 */
export function useResetOnSuccess(result: unknown) {
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (result && !isFailure(result)) ref.current?.reset();
  }, [result]);
  return ref;
}

export function Notice({
  children,
  tone = "success",
}: {
  children: ReactNode;
  tone?: "success" | "info";
}) {
  return (
    <div className={`notice notice--${tone}`} role="status">
      {children}
    </div>
  );
}
