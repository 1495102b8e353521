// A tavolo's policy areas (issue 5): the taxonomy its objectives are filed under. Facilitators
// keep their own list or go back to the default macro-areas A–J.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { AppError } from "../../core/errors";
import { translate } from "../../core/i18n";
import { can } from "../../core/permissions";
import { randomId } from "../../core/ids";
import { fieldAria, FieldShell, FormErrors, isFailure, Notice } from "../components/ui/form";
import { useI18n } from "../i18n/use-i18n";
import { loaderError, requireActor } from "../lib/auth.server";
import { runForm } from "../lib/forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} · ${data.roundtable.name} · Tavolo` : "Tavolo" },
];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const id = params.id ?? "";
  try {
    const roundtable = await context.services.roundtables.get(actor, id);
    const view = await context.services.objectives.policyAreas(actor, id, context.locale);
    return {
      roundtable: { id: roundtable.id, name: roundtable.name },
      areas: view.areas,
      custom: view.custom,
      mayEdit: can(roundtable.role, "roundtable.edit"),
      pageTitle: translate(context.locale, "policy_areas.title"),
    };
  } catch (error) {
    loaderError(error);
  }
}

/** The rows of the form, in order: `key` and `label` fields repeated, one pair per area. */
function areasFrom(formData: FormData): { key: string; label: string }[] {
  const keys = formData.getAll("key").map(String);
  const labels = formData.getAll("label").map(String);
  return keys
    .map((key, i) => ({ key, label: labels[i] ?? "" }))
    .filter((area) => area.key.trim() !== "" || area.label.trim() !== "");
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const formData = await request.formData();
  const id = params.id ?? "";
  return runForm(formData, async () => {
    switch (formData.get("intent")) {
      case "save":
        await context.services.objectives.setPolicyAreas(
          actor,
          id,
          areasFrom(formData),
          context.locale,
        );
        return { ok: true as const, message: "policy_areas.saved" as const };
      case "reset":
        await context.services.objectives.setPolicyAreas(actor, id, null, context.locale);
        return { ok: true as const, message: "policy_areas.reset_done" as const };
      default:
        throw new AppError("invalid", "error.invalid");
    }
  });
}

interface Row {
  /** Only for React: rows are added and removed in the middle. */
  rowId: string;
  key: string;
  label: string;
}

const rowsOf = (areas: readonly { key: string; label: string }[]): Row[] =>
  areas.map((area) => ({ ...area, rowId: randomId() }));

export default function PolicyAreasPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, tKey } = useI18n();
  const failure = isFailure(result) ? result : null;
  const success = result && !isFailure(result) ? result : null;
  const [rows, setRows] = useState<Row[]>(() => rowsOf(data.areas));
  // After a save or reset the loader's list is the truth; after an error what was typed stays.
  useEffect(() => {
    if (success) setRows(rowsOf(data.areas));
  }, [success, data.areas]);
  const [focusRow, setFocusRow] = useState<string | null>(null);
  useEffect(() => {
    if (focusRow) document.getElementById(`area-key-${focusRow}`)?.focus();
  }, [focusRow]);

  const update = (rowId: string, field: "key" | "label", value: string) =>
    setRows((current) => current.map((r) => (r.rowId === rowId ? { ...r, [field]: value } : r)));
  const add = () => {
    const row = { rowId: randomId(), key: "", label: "" };
    setRows((current) => [...current, row]);
    setFocusRow(row.rowId);
  };
  const remove = (index: number) => {
    setRows((current) => current.filter((_, i) => i !== index));
    document.getElementById("areas-add")?.focus();
  };
  const errorOf = (index: number, field: "key" | "label") => {
    // The service checks the list itself: its fields are "0.key", and "_" for the list as a whole.
    const key = failure?.fields[`${index}.${field}`];
    return key ? tKey(key) : undefined;
  };

  return (
    <div className="page">
      <p>
        <Link to={`/roundtables/${data.roundtable.id}`}>← {data.roundtable.name}</Link>
      </p>
      <h1>{t("policy_areas.title")}</h1>
      <p className="muted">{t("policy_areas.lead")}</p>
      <p>{t(data.custom ? "policy_areas.custom_in_use" : "policy_areas.default_in_use")}</p>
      {success && (
        <Notice>
          <p>{t(success.message)}</p>
        </Notice>
      )}
      <FormErrors failure={failure} />
      {failure?.fields._ && <p className="field__error">{tKey(failure.fields._)}</p>}

      {data.mayEdit ? (
        <>
          <Form method="post" noValidate className="card">
            <input type="hidden" name="intent" value="save" />
            {rows.map((row, index) => (
              <fieldset key={row.rowId} className="policy-area-row">
                <legend>{t("policy_areas.row", { n: index + 1 })}</legend>
                <FieldShell
                  id={`area-key-${row.rowId}`}
                  label={t("policy_areas.key")}
                  hint={index === 0 ? t("policy_areas.key_hint") : undefined}
                  error={errorOf(index, "key")}
                >
                  <input
                    id={`area-key-${row.rowId}`}
                    name="key"
                    value={row.key}
                    maxLength={12}
                    autoComplete="off"
                    onChange={(event) => update(row.rowId, "key", event.target.value)}
                    {...fieldAria(`area-key-${row.rowId}`, {
                      hint: index === 0,
                      error: errorOf(index, "key"),
                    })}
                  />
                </FieldShell>
                <FieldShell
                  id={`area-label-${row.rowId}`}
                  label={t("policy_areas.label")}
                  error={errorOf(index, "label")}
                >
                  <input
                    id={`area-label-${row.rowId}`}
                    name="label"
                    value={row.label}
                    maxLength={200}
                    onChange={(event) => update(row.rowId, "label", event.target.value)}
                    {...fieldAria(`area-label-${row.rowId}`, { error: errorOf(index, "label") })}
                  />
                </FieldShell>
                <button
                  type="button"
                  className="button button--secondary button--small"
                  onClick={() => remove(index)}
                >
                  {t("policy_areas.remove", { n: index + 1 })}
                </button>
              </fieldset>
            ))}
            <div className="actions">
              <button
                id="areas-add"
                type="button"
                className="button button--secondary"
                onClick={add}
              >
                {t("policy_areas.add")}
              </button>
              <button type="submit" className="button">
                {t("policy_areas.save")}
              </button>
            </div>
          </Form>
          {data.custom && (
            <Form method="post">
              <input type="hidden" name="intent" value="reset" />
              <button type="submit" className="button button--secondary">
                {t("policy_areas.reset")}
              </button>
            </Form>
          )}
        </>
      ) : (
        <>
          <p className="muted">{t("policy_areas.read_only")}</p>
          <table>
            <caption className="visually-hidden">{t("policy_areas.list_caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("policy_areas.key")}</th>
                <th scope="col">{t("policy_areas.label")}</th>
              </tr>
            </thead>
            <tbody>
              {data.areas.map((area) => (
                <tr key={area.key}>
                  <td>{area.key}</td>
                  <td>{area.label}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
