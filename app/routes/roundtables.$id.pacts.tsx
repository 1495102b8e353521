// A tavolo's pacts: the list, and "Nuovo patto" (a title and a template) for who may create one.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { translate } from "../../core/i18n";
import { can } from "../../core/permissions";
import { Field, FormErrors, isFailure, SelectField } from "../components/ui/form";
import { useI18n } from "../i18n/use-i18n";
import { loaderError, requireActor } from "../lib/auth.server";
import { formObject, runForm } from "../lib/forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? data.pageTitle : "Tavolo" },
];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const id = params.id ?? "";
  try {
    const roundtable = await context.services.roundtables.get(actor, id);
    const [pacts, templates] = await Promise.all([
      context.services.pacts.list(actor, id),
      context.services.pacts.listTemplates(actor, id),
    ]);
    return {
      roundtable: { id: roundtable.id, name: roundtable.name },
      pageTitle: translate(context.locale, "pact.list.title", { roundtable: roundtable.name }),
      pacts: pacts.map((p) => ({ id: p.id, title: p.title, updatedAt: p.updatedAt })),
      templates: templates.map((t) => ({ key: t.key, title: t.title, description: t.description })),
      mayCreate: can(roundtable.role, "pact.create"),
      mayCreateTemplates: can(roundtable.role, "template.create"),
    };
  } catch (error) {
    loaderError(error);
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const formData = await request.formData();
  return runForm(formData, async () => {
    const pact = await context.services.pacts.create(actor, params.id ?? "", formObject(formData));
    return redirect(`/pacts/${pact.id}`);
  });
}

export default function RoundtablePactsPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, formatDateTime } = useI18n();
  const failure = isFailure(result) ? result : null;
  return (
    <div className="page">
      <p>
        <Link to={`/roundtables/${data.roundtable.id}`}>← {data.roundtable.name}</Link>
      </p>
      <h1>{t("pact.list.heading")}</h1>

      <section className="card" aria-labelledby="pacts-list-title">
        <h2 id="pacts-list-title">{t("pact.list.existing")}</h2>
        {data.pacts.length === 0 ? (
          <p className="empty">{t("pact.list.empty")}</p>
        ) : (
          <ul className="list">
            {data.pacts.map((pact) => (
              <li key={pact.id}>
                <Link to={`/pacts/${pact.id}`}>{pact.title}</Link>
                <div className="muted">
                  {t("pact.list.updated", { when: formatDateTime(pact.updatedAt) })} ·{" "}
                  <Link to={`/pacts/${pact.id}/versions`}>
                    {t("pact.list.versions", { title: pact.title })}
                  </Link>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      {data.mayCreate && (
        <section className="card" aria-labelledby="pact-new-title">
          <h2 id="pact-new-title">{t("pact.new.heading")}</h2>
          <Form method="post" noValidate>
            <FormErrors failure={failure} />
            <Field
              name="title"
              label={t("pact.new.title")}
              required
              failure={failure}
              idPrefix="pact"
              maxLength={200}
            />
            <SelectField
              name="template"
              label={t("pact.new.template")}
              hint={t("pact.new.template_hint")}
              required
              failure={failure}
              idPrefix="pact"
              options={data.templates.map((template) => ({
                value: template.key,
                label: template.title,
              }))}
            />
            <button type="submit" className="button" disabled={navigation.state !== "idle"}>
              {t("pact.new.submit")}
            </button>
          </Form>
          {data.mayCreateTemplates && (
            <p>
              <Link to={`/roundtables/${data.roundtable.id}/pact-templates`}>
                {t("pact_templates.link")}
              </Link>
            </p>
          )}
        </section>
      )}
    </div>
  );
}
