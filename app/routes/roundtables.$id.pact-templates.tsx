// A tavolo's pact templates (issue 6): the ones it can use, and for its facilitators two ways to
// make its own: copy the sections of one of its pacts, or write them out from scratch.
import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { AppError } from "../../core/errors";
import { translate } from "../../core/i18n";
import { randomId } from "../../core/ids";
import { can } from "../../core/permissions";
import {
  Field,
  fieldAria,
  FieldShell,
  FormErrors,
  isFailure,
  Notice,
  SelectField,
  TextAreaField,
  type FailureData,
} from "../components/ui/form";
import { useI18n } from "../i18n/use-i18n";
import { loaderError, requireActor } from "../lib/auth.server";
import { runForm } from "../lib/forms.server";
import pactStyles from "../components/pact/pact.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: pactStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} · ${data.roundtable.name} · Tavolo` : "Tavolo" },
];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const id = params.id ?? "";
  try {
    const roundtable = await context.services.roundtables.get(actor, id);
    const mayCreate = can(roundtable.role, "template.create");
    const [templates, pacts] = await Promise.all([
      context.services.pacts.listTemplates(actor, id),
      mayCreate ? context.services.pacts.list(actor, id) : Promise.resolve([]),
    ]);
    // Set by the redirect after a template is made, so the page can say so.
    const createdKey = new URL(request.url).searchParams.get("created");
    const created = templates.find((t) => t.scope === "roundtable" && t.key === createdKey);
    return {
      roundtable: { id: roundtable.id, name: roundtable.name },
      pageTitle: translate(context.locale, "pact_templates.title"),
      templates: templates.map((t) => ({
        key: t.key,
        title: t.title,
        scope: t.scope,
        sections: t.sections.length,
      })),
      pacts: pacts.map((p) => ({ id: p.id, title: p.title })),
      created: created ? { key: created.key, title: created.title } : null,
      mayCreate,
    };
  } catch (error) {
    loaderError(error);
  }
}

const text = (formData: FormData, name: string) => String(formData.get(name) ?? "");

/**
 * The section rows of the "from scratch" form, in order. Fields are named `sections.<i>.<field>`
 * (the paths the service's errors use), and every row is sent, even an empty one, so that an error
 * at `sections.2.title` is beside the third row on the page.
 */
function sectionsFrom(formData: FormData) {
  const sections = [];
  for (let i = 0; formData.has(`sections.${i}.key`); i += 1) {
    const unit = text(formData, `sections.${i}.limit.unit`);
    const value = text(formData, `sections.${i}.limit.value`).trim();
    sections.push({
      key: text(formData, `sections.${i}.key`),
      title: text(formData, `sections.${i}.title`),
      guidance: text(formData, `sections.${i}.guidance`),
      // An empty or non-numeric value becomes NaN, which the service refuses as a number.
      limit: unit === "" ? null : { unit, value: /^\d+$/.test(value) ? Number(value) : NaN },
    });
  }
  return sections;
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const formData = await request.formData();
  const id = params.id ?? "";
  return runForm(formData, async () => {
    const common = {
      key: text(formData, "key"),
      title: text(formData, "title"),
      description: text(formData, "description"),
    };
    let input: Record<string, unknown>;
    switch (formData.get("intent")) {
      case "from_pact":
        input = { ...common, fromPactId: text(formData, "fromPactId") };
        break;
      case "from_scratch":
        input = { ...common, sections: sectionsFrom(formData) };
        break;
      default:
        throw new AppError("invalid", "error.invalid");
    }
    const template = await context.services.pacts.createTemplate(actor, id, input);
    return redirect(
      `/roundtables/${encodeURIComponent(id)}/pact-templates?created=${encodeURIComponent(template.key)}`,
    );
  });
}

type LimitUnit = "" | "characters" | "pages";

interface Row {
  /** Only for React and focus: rows are added, removed and moved. */
  rowId: string;
  key: string;
  title: string;
  guidance: string;
  unit: LimitUnit;
  value: string;
}

type RowField = "key" | "title" | "guidance" | "unit" | "value";

const emptyRow = (): Row => ({
  rowId: randomId(),
  key: "",
  title: "",
  guidance: "",
  unit: "",
  value: "",
});

/** The failure of this form only: the page has two forms with the same field names. */
function failureOf(result: unknown, intent: string): FailureData | null {
  return isFailure(result) && result.values?.intent === intent ? result : null;
}

/** A polite message, said again even when it repeats the last one. */
function useAnnouncement() {
  const [announcement, setAnnouncement] = useState({ text: "", n: 0 });
  const announce = (text: string) => setAnnouncement((current) => ({ text, n: current.n + 1 }));
  return [announcement, announce] as const;
}

function SectionRows({ failure }: { failure: FailureData | null }) {
  const { t, tKey } = useI18n();
  const [rows, setRows] = useState<Row[]>(() => [emptyRow()]);
  const [announcement, announce] = useAnnouncement();
  // After a change of the list, which control gets the focus (by id: rows re-render in between;
  // counted, because moving a row twice asks for the same control twice and React may have
  // moved its node, which drops the focus).
  const [focus, setFocus] = useState({ id: "", n: 0 });
  const setFocusId = (id: string) => setFocus((current) => ({ id, n: current.n + 1 }));
  useEffect(() => {
    if (focus.id) document.getElementById(focus.id)?.focus();
  }, [focus]);

  const update = (rowId: string, field: RowField, value: string) =>
    setRows((current) => current.map((r) => (r.rowId === rowId ? { ...r, [field]: value } : r)));
  const add = () => {
    const row = emptyRow();
    setRows((current) => [...current, row]);
    setFocusId(`section-key-${row.rowId}`);
    announce(t("pact_templates.announce.added", { n: rows.length + 1 }));
  };
  const remove = (index: number) => {
    const next = rows.filter((_, i) => i !== index);
    setRows(next);
    setFocusId("sections-add");
    announce(t("pact_templates.announce.removed", { n: index + 1, count: next.length }));
  };
  const move = (index: number, by: -1 | 1) => {
    const target = index + by;
    if (target < 0 || target >= rows.length) return;
    const next = [...rows];
    const [row] = next.splice(index, 1);
    next.splice(target, 0, row!);
    setRows(next);
    // Keep the focus on the button pressed, unless the row reached the end it was moving to.
    const atEnd = target === 0 || target === next.length - 1;
    const direction = atEnd ? (by < 0 ? "down" : "up") : by < 0 ? "up" : "down";
    setFocusId(`section-${direction}-${row!.rowId}`);
    announce(t("pact_templates.announce.moved", { n: target + 1, count: next.length }));
  };

  // The service names the list ("sections") when two rows share a key: mark the rows that do.
  const duplicateKeys =
    failure?.fields.sections === "validation.section_key_duplicate"
      ? new Set(
          rows
            .map((r) => r.key.trim())
            .filter((key, i, all) => key !== "" && all.indexOf(key) !== i),
        )
      : new Set<string>();
  const errorOf = (index: number, path: string) => {
    const key = failure?.fields[`sections.${index}.${path}`];
    if (key) return tKey(key);
    if (path === "key" && duplicateKeys.has(rows[index]?.key.trim() ?? "")) {
      return tKey("validation.section_key_duplicate");
    }
    return undefined;
  };
  const listError = failure?.fields.sections;

  return (
    <fieldset>
      <legend>{t("pact_templates.scratch.sections")}</legend>
      <div className="visually-hidden" role="status" aria-live="polite">
        <span key={announcement.n}>{announcement.text}</span>
      </div>
      {listError && (
        <p className="field__error" id="sections-error">
          {tKey(listError)}
        </p>
      )}
      <ol className="pact-template-rows">
        {rows.map((row, index) => {
          const id = (field: string) => `section-${field}-${row.rowId}`;
          const keyError = errorOf(index, "key");
          const titleError = errorOf(index, "title");
          const guidanceError = errorOf(index, "guidance");
          const unitError = errorOf(index, "limit.unit") ?? errorOf(index, "limit");
          const valueError = errorOf(index, "limit.value");
          const n = index + 1;
          return (
            <li key={row.rowId}>
              <fieldset>
                <legend>{t("pact_templates.section.row", { n })}</legend>
                <div className="pact-template-row__fields">
                  <FieldShell
                    id={id("key")}
                    label={t("pact_templates.section.key")}
                    hint={t("pact_templates.section.key_hint")}
                    error={keyError}
                  >
                    <input
                      id={id("key")}
                      name={`sections.${index}.key`}
                      value={row.key}
                      maxLength={48}
                      autoComplete="off"
                      spellCheck={false}
                      onChange={(event) => update(row.rowId, "key", event.target.value)}
                      {...fieldAria(id("key"), { hint: true, error: keyError })}
                    />
                  </FieldShell>
                  <FieldShell
                    id={id("title")}
                    label={t("pact_templates.section.title")}
                    error={titleError}
                  >
                    <input
                      id={id("title")}
                      name={`sections.${index}.title`}
                      value={row.title}
                      maxLength={300}
                      onChange={(event) => update(row.rowId, "title", event.target.value)}
                      {...fieldAria(id("title"), { error: titleError })}
                    />
                  </FieldShell>
                </div>
                <FieldShell
                  id={id("guidance")}
                  label={t("pact_templates.section.guidance")}
                  error={guidanceError}
                  optional
                >
                  <textarea
                    id={id("guidance")}
                    name={`sections.${index}.guidance`}
                    value={row.guidance}
                    rows={2}
                    maxLength={2000}
                    onChange={(event) => update(row.rowId, "guidance", event.target.value)}
                    {...fieldAria(id("guidance"), { error: guidanceError })}
                  />
                </FieldShell>
                <div className="pact-template-row__fields">
                  <FieldShell
                    id={id("unit")}
                    label={t("pact_templates.section.limit_unit")}
                    error={unitError}
                  >
                    <select
                      id={id("unit")}
                      name={`sections.${index}.limit.unit`}
                      value={row.unit}
                      onChange={(event) => update(row.rowId, "unit", event.target.value)}
                      {...fieldAria(id("unit"), { error: unitError })}
                    >
                      <option value="">{t("pact_templates.section.limit_none")}</option>
                      <option value="characters">
                        {t("pact_templates.section.limit_characters")}
                      </option>
                      <option value="pages">{t("pact_templates.section.limit_pages")}</option>
                    </select>
                  </FieldShell>
                  {row.unit !== "" && (
                    <FieldShell
                      id={id("value")}
                      label={t("pact_templates.section.limit_value")}
                      error={valueError}
                    >
                      <input
                        id={id("value")}
                        name={`sections.${index}.limit.value`}
                        value={row.value}
                        inputMode="numeric"
                        autoComplete="off"
                        maxLength={7}
                        onChange={(event) => update(row.rowId, "value", event.target.value)}
                        {...fieldAria(id("value"), { error: valueError })}
                      />
                    </FieldShell>
                  )}
                </div>
                <div className="actions">
                  {index > 0 && (
                    <button
                      id={id("up")}
                      type="button"
                      className="button button--secondary button--small"
                      onClick={() => move(index, -1)}
                    >
                      {t("pact_templates.section.up", { n })}
                    </button>
                  )}
                  {index < rows.length - 1 && (
                    <button
                      id={id("down")}
                      type="button"
                      className="button button--secondary button--small"
                      onClick={() => move(index, 1)}
                    >
                      {t("pact_templates.section.down", { n })}
                    </button>
                  )}
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    onClick={() => remove(index)}
                  >
                    {t("pact_templates.section.remove", { n })}
                  </button>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <button id="sections-add" type="button" className="button button--secondary" onClick={add}>
        {t("pact_templates.section.add")}
      </button>
    </fieldset>
  );
}

/** The code, title and description both forms ask for. */
function TemplateFields({ failure, idPrefix }: { failure: FailureData | null; idPrefix: string }) {
  const { t } = useI18n();
  return (
    <>
      <Field
        name="title"
        label={t("pact_templates.template_title")}
        required
        failure={failure}
        idPrefix={idPrefix}
        maxLength={200}
      />
      <Field
        name="key"
        label={t("pact_templates.key")}
        hint={t("pact_templates.key_hint")}
        required
        failure={failure}
        idPrefix={idPrefix}
        maxLength={48}
        autoComplete="off"
      />
      <TextAreaField
        name="description"
        label={t("pact_templates.description")}
        failure={failure}
        idPrefix={idPrefix}
        maxLength={2000}
        rows={2}
      />
    </>
  );
}

export default function PactTemplatesPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  const fromPactFailure = failureOf(result, "from_pact");
  const scratchFailure = failureOf(result, "from_scratch");
  const busy = navigation.state !== "idle";
  // A fresh pair of forms after each template made: the redirect keeps the page mounted.
  const formsKey = data.created?.key ?? "";

  return (
    <div className="page">
      <p>
        <Link to={`/roundtables/${data.roundtable.id}/pacts`}>← {t("pact_templates.back")}</Link>
      </p>
      <h1>{t("pact_templates.title")}</h1>
      <p className="muted">{t("pact_templates.lead")}</p>
      {data.created && (
        <Notice>
          <p>{t("pact_templates.created", { title: data.created.title })}</p>
        </Notice>
      )}

      <section className="card" aria-labelledby="templates-list-title">
        <h2 id="templates-list-title">{t("pact_templates.list_heading")}</h2>
        <table>
          <caption className="visually-hidden">{t("pact_templates.list_caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("pact_templates.col_title")}</th>
              <th scope="col">{t("pact_templates.col_key")}</th>
              <th scope="col">{t("pact_templates.col_scope")}</th>
              <th scope="col">{t("pact_templates.col_sections")}</th>
            </tr>
          </thead>
          <tbody>
            {data.templates.map((template) => (
              <tr key={`${template.scope}:${template.key}`}>
                <td>{template.title}</td>
                <td>
                  <code>{template.key}</code>
                </td>
                <td>{t(`pact_templates.scope.${template.scope}`)}</td>
                <td>{template.sections}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {data.mayCreate ? (
        <div key={formsKey}>
          <section className="card" aria-labelledby="template-from-pact-title">
            <h2 id="template-from-pact-title">{t("pact_templates.from_pact.heading")}</h2>
            <p className="muted">{t("pact_templates.from_pact.lead")}</p>
            {data.pacts.length === 0 ? (
              <p className="empty">{t("pact_templates.from_pact.none")}</p>
            ) : (
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="from_pact" />
                <FormErrors failure={fromPactFailure} />
                <SelectField
                  name="fromPactId"
                  label={t("pact_templates.from_pact.pact")}
                  required
                  failure={fromPactFailure}
                  idPrefix="from-pact"
                  options={data.pacts.map((pact) => ({ value: pact.id, label: pact.title }))}
                />
                <TemplateFields failure={fromPactFailure} idPrefix="from-pact" />
                <button type="submit" className="button" disabled={busy}>
                  {t("pact_templates.from_pact.submit")}
                </button>
              </Form>
            )}
          </section>

          <section className="card" aria-labelledby="template-scratch-title">
            <h2 id="template-scratch-title">{t("pact_templates.scratch.heading")}</h2>
            <p className="muted">{t("pact_templates.scratch.lead")}</p>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="from_scratch" />
              <FormErrors failure={scratchFailure} />
              <TemplateFields failure={scratchFailure} idPrefix="scratch" />
              <SectionRows failure={scratchFailure} />
              <div className="actions">
                <button type="submit" className="button" disabled={busy}>
                  {t("pact_templates.scratch.submit")}
                </button>
              </div>
            </Form>
          </section>
        </div>
      ) : (
        <p className="muted">{t("pact_templates.read_only")}</p>
      )}
    </div>
  );
}
