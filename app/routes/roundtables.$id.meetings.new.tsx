import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { MEETING_KINDS } from "../../core/domain";
import { AppError } from "../../core/errors";
import { can } from "../../core/permissions";
import { Field, FormErrors, isFailure, SelectField } from "../components/ui/form";
import { useI18n } from "../i18n/use-i18n";
import { loaderError, requireActor } from "../lib/auth.server";
import { runForm } from "../lib/forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.roundtable.name} · Tavolo` : "Tavolo" },
];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  try {
    const roundtable = await context.services.roundtables.get(actor, params.id ?? "");
    if (!can(roundtable.role, "meeting.create")) throw new AppError("forbidden", "error.forbidden");
    return { roundtable: { id: roundtable.id, name: roundtable.name } };
  } catch (error) {
    loaderError(error);
  }
}

/** Agenda rows arrive as parallel lists; blank rows are dropped, half-filled ones reported. */
function agendaFrom(formData: FormData) {
  const titles = formData.getAll("agendaTitle").map(String);
  const minutes = formData.getAll("agendaMinutes").map(String);
  return titles
    .map((title, i) => ({ title, durationMinutes: minutes[i] ?? "" }))
    .filter((item) => item.title.trim() !== "" || item.durationMinutes.trim() !== "");
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const formData = await request.formData();
  return runForm(formData, async () => {
    const meeting = await context.services.meetings.create(actor, params.id ?? "", {
      title: formData.get("title"),
      kind: formData.get("kind"),
      startsAt: formData.get("startsAt"),
      place: formData.get("place") ?? undefined,
      onlineUrl: formData.get("onlineUrl") ?? undefined,
      agenda: agendaFrom(formData),
    });
    throw redirect(`/meetings/${meeting.id}`);
  });
}

interface Row {
  key: number;
  title: string;
  minutes: string;
}

export default function NewMeeting() {
  const { roundtable } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, tKey } = useI18n();
  const failure = isFailure(result) ? result : null;
  const [rows, setRows] = useState<Row[]>([
    { key: 0, title: "", minutes: "" },
    { key: 1, title: "", minutes: "" },
    { key: 2, title: "", minutes: "" },
  ]);
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
    setRows([...rows, { key, title: "", minutes: "" }]);
  };
  const removeRow = (index: number) => {
    const remaining = rows.filter((_, i) => i !== index);
    const next = remaining[Math.min(index, remaining.length - 1)];
    focusNext.current = next ? `agenda-title-${next.key}` : "agenda-add";
    setRows(remaining);
  };

  return (
    <div className="page">
      <p>
        <Link to={`/roundtables/${roundtable.id}`}>← {roundtable.name}</Link>
      </p>
      <h1>{t("meeting.new_title")}</h1>
      <FormErrors failure={failure} />
      <Form method="post" className="card" noValidate>
        <Field name="title" label={t("meeting.title")} required failure={failure} maxLength={160} />
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
        <Field name="place" label={t("meeting.place")} failure={failure} maxLength={200} />
        <Field name="onlineUrl" type="url" label={t("meeting.online_url")} failure={failure} />
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
          {t("meeting.create")}
        </button>
      </Form>
    </div>
  );
}
