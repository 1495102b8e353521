import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { translate } from "../../core/i18n";
import { Field, FormErrors, isFailure, TextAreaField } from "../components/ui/form";
import { useI18n } from "../i18n/use-i18n";
import { requireActor } from "../lib/auth.server";
import { formObject, runForm } from "../lib/forms.server";

export const meta: MetaFunction = ({ matches }) => {
  const locale = (matches[0]?.data as { locale?: "it" | "en" } | undefined)?.locale ?? "it";
  return [{ title: `${translate(locale, "roundtable.new_title")} · Tavolo` }];
};

export async function loader({ context, request }: LoaderFunctionArgs) {
  requireActor(context, request);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const formData = await request.formData();
  return runForm(formData, async () => {
    const roundtable = await context.services.roundtables.create(actor, formObject(formData));
    throw redirect(`/roundtables/${roundtable.id}`);
  });
}

export default function NewRoundtable() {
  const failure = useActionData<typeof action>();
  const { t } = useI18n();
  const f = isFailure(failure) ? failure : null;
  return (
    <div className="page page--narrow">
      <h1>{t("roundtable.new_title")}</h1>
      <FormErrors failure={f} />
      <Form method="post" className="card" noValidate>
        <Field name="name" label={t("roundtable.name")} required failure={f} maxLength={160} />
        <Field
          name="territory"
          label={t("roundtable.territory")}
          hint={t("roundtable.territory_hint")}
          required
          failure={f}
          maxLength={160}
        />
        <TextAreaField
          name="description"
          label={t("roundtable.description")}
          failure={f}
          maxLength={4000}
        />
        <button type="submit" className="button">
          {t("roundtable.create")}
        </button>
      </Form>
    </div>
  );
}
