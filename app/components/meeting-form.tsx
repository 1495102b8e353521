// The meeting form, for a new meeting and to edit one: details, then the agenda's steps, each with
// what it opens (writing, voting, editing). Rows live in the browser; the action reads them back
// with meetingFromForm.
import { Form } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { MEETING_KINDS, type MeetingKind } from "../../core/domain";
import { DEFAULT_AGENDA } from "../../core/live";
import { useI18n } from "../i18n/use-i18n";
import { Field, SelectField, type FailureData } from "./ui/form";

const OPENS = ["writing", "voting", "editing"] as const;
const OPENS_FIELD = { writing: "agendaWriting", voting: "agendaVoting", editing: "agendaEditing" };

/**
 * Agenda rows arrive as parallel lists (what a step opens as "1"/"0", since an unticked checkbox
 * sends nothing; an empty id for a new row); blank rows are dropped, half-filled ones reported.
 */
export function meetingFromForm(formData: FormData) {
  const list = (name: string) => formData.getAll(name).map(String);
  const titles = list("agendaTitle");
  const minutes = list("agendaMinutes");
  const ids = list("agendaId");
  const flag = (name: string, i: number, fallback: boolean) => {
    const value = list(name)[i];
    return value === undefined ? fallback : value === "1";
  };
  const agenda = titles
    .map((title, i) => ({
      ...(ids[i] ? { id: ids[i] } : {}),
      title,
      durationMinutes: minutes[i] ?? "",
      writing: flag("agendaWriting", i, true),
      voting: flag("agendaVoting", i, false),
      editing: flag("agendaEditing", i, true),
    }))
    .filter((item) => item.title.trim() !== "" || item.durationMinutes.trim() !== "");
  return {
    title: formData.get("title"),
    kind: formData.get("kind"),
    startsAt: formData.get("startsAt"),
    place: formData.get("place") ?? undefined,
    onlineUrl: formData.get("onlineUrl") ?? undefined,
    agenda,
  };
}

export interface MeetingFormInitial {
  title: string;
  kind: MeetingKind;
  /** As a datetime-local value, in Italian time. */
  startsAt: string;
  place: string | null;
  onlineUrl: string | null;
  agenda: {
    id: string;
    title: string;
    durationMinutes: number;
    writing: boolean;
    voting: boolean;
    editing: boolean;
  }[];
}

interface Row {
  key: number;
  /** Empty for a row not saved yet. */
  id: string;
  title: string;
  minutes: string;
  writing: boolean;
  voting: boolean;
  editing: boolean;
}

export function MeetingForm({
  failure,
  initial,
  submitLabel,
}: {
  failure: FailureData | null;
  /** None: a new meeting, whose agenda starts from a workshop's usual steps (DEFAULT_AGENDA). */
  initial?: MeetingFormInitial;
  submitLabel: string;
}) {
  const { t, tKey } = useI18n();
  const [rows, setRows] = useState<Row[]>(() =>
    initial
      ? initial.agenda.map((item, key) => ({
          key,
          id: item.id,
          title: item.title,
          minutes: String(item.durationMinutes),
          writing: item.writing,
          voting: item.voting,
          editing: item.editing,
        }))
      : DEFAULT_AGENDA.map((step, key) => ({
          key,
          id: "",
          title: t(`agenda.default.${step.key}`),
          minutes: String(step.minutes),
          writing: step.writing,
          voting: step.voting,
          editing: step.editing,
        })),
  );
  const total = rows.reduce((sum, row) => sum + (Number.parseInt(row.minutes, 10) || 0), 0);
  const update = (key: number, patch: Partial<Row>) =>
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...patch } : row)));

  // Adding or removing a row moves the focus (to the new row, or to the row that took the removed
  // one's place) instead of leaving it on a button that is gone or far away.
  const focusNext = useRef<string | null>(null);
  useEffect(() => {
    if (focusNext.current) document.getElementById(focusNext.current)?.focus();
    focusNext.current = null;
  }, [rows]);
  const addRow = () => {
    const key = Math.max(-1, ...rows.map((r) => r.key)) + 1;
    focusNext.current = `agenda-title-${key}`;
    setRows([
      ...rows,
      { key, id: "", title: "", minutes: "", writing: true, voting: false, editing: true },
    ]);
  };
  const removeRow = (index: number) => {
    const remaining = rows.filter((_, i) => i !== index);
    const next = remaining[Math.min(index, remaining.length - 1)];
    focusNext.current = next ? `agenda-title-${next.key}` : "agenda-add";
    setRows(remaining);
  };

  return (
    <Form method="post" className="card" noValidate>
      <Field
        name="title"
        label={t("meeting.title")}
        required
        failure={failure}
        maxLength={160}
        defaultValue={initial?.title}
      />
      <SelectField
        name="kind"
        label={t("meeting.kind")}
        required
        failure={failure}
        options={MEETING_KINDS.map((kind) => ({ value: kind, label: t(`meeting.kind_${kind}`) }))}
      />
      <Field
        name="startsAt"
        type="datetime-local"
        label={t("meeting.starts_at")}
        hint={t("meeting.starts_at_hint")}
        required
        failure={failure}
      />
      <Field
        name="place"
        label={t("meeting.place")}
        failure={failure}
        maxLength={200}
        defaultValue={initial?.place ?? undefined}
      />
      <Field
        name="onlineUrl"
        type="url"
        label={t("meeting.online_url")}
        failure={failure}
        defaultValue={initial?.onlineUrl ?? undefined}
      />
      <fieldset>
        <legend>{t("meeting.agenda")}</legend>
        {rows.map((row, index) => {
          const n = index + 1;
          const titleError = failure?.fields[`agenda.${index}.title`];
          const minutesError = failure?.fields[`agenda.${index}.durationMinutes`];
          return (
            <div className="agenda-row" key={row.key}>
              <div className={titleError ? "field field--error" : "field"}>
                <label htmlFor={`agenda-title-${row.key}`}>
                  {t("meeting.agenda_item_title", { n })}
                </label>
                <input
                  id={`agenda-title-${row.key}`}
                  name="agendaTitle"
                  value={row.title}
                  maxLength={160}
                  onChange={(e) => update(row.key, { title: e.target.value })}
                  aria-invalid={titleError ? true : undefined}
                  aria-describedby={titleError ? `agenda-title-${row.key}-error` : undefined}
                />
                {titleError && (
                  <p className="field__error" id={`agenda-title-${row.key}-error`}>
                    {tKey(titleError)}
                  </p>
                )}
              </div>
              <div className={minutesError ? "field field--error" : "field"}>
                <label htmlFor={`agenda-minutes-${row.key}`}>
                  {t("meeting.agenda_item_minutes", { n })}
                </label>
                <input
                  id={`agenda-minutes-${row.key}`}
                  name="agendaMinutes"
                  type="number"
                  min={1}
                  max={600}
                  inputMode="numeric"
                  value={row.minutes}
                  onChange={(e) => update(row.key, { minutes: e.target.value })}
                  aria-invalid={minutesError ? true : undefined}
                  aria-describedby={minutesError ? `agenda-minutes-${row.key}-error` : undefined}
                />
                {minutesError && (
                  <p className="field__error" id={`agenda-minutes-${row.key}-error`}>
                    {tKey(minutesError)}
                  </p>
                )}
              </div>
              <fieldset className="agenda-row__opens">
                <legend>{t("meeting.agenda_item_opens", { n })}</legend>
                {OPENS.map((what) => (
                  <label key={what} className="checkbox">
                    <input
                      type="checkbox"
                      checked={row[what]}
                      onChange={(e) => update(row.key, { [what]: e.target.checked })}
                    />
                    {t(`meeting.agenda_opens_${what}`)}
                    <input type="hidden" name={OPENS_FIELD[what]} value={row[what] ? "1" : "0"} />
                  </label>
                ))}
              </fieldset>
              <div className="field">
                <button
                  type="button"
                  className="button button--danger button--small"
                  onClick={() => removeRow(index)}
                >
                  {t("meeting.agenda_remove", { n })}
                </button>
              </div>
            </div>
          );
        })}
        <div className="actions">
          <button
            id="agenda-add"
            type="button"
            className="button button--secondary"
            onClick={addRow}
          >
            {t("meeting.agenda_add")}
          </button>
          <span aria-live="polite">{t("meeting.agenda_total", { minutes: total })}</span>
        </div>
      </fieldset>
      <button type="submit" className="button">
        {submitLabel}
      </button>
    </Form>
  );
}
