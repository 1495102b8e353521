import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { translate } from "../../core/i18n";
import { Field, FormErrors, isFailure } from "../components/ui/form";
import { useI18n } from "../i18n/use-i18n";
import { checkRate, safeRedirect, sessionCookie } from "../lib/auth.server";
import { formObject, runForm } from "../lib/forms.server";

export const meta: MetaFunction = ({ matches }) => {
  const locale = (matches[0]?.data as { locale?: "it" | "en" } | undefined)?.locale ?? "it";
  return [{ title: `${translate(locale, "signup.title")} · Tavolo` }];
};

export async function loader({ context }: LoaderFunctionArgs) {
  if (context.actor) throw redirect("/");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  return runForm(formData, async () => {
    checkRate(context.rateLimits.signUp.hit(context.clientIp));
    const { token, expiresAt } = await context.services.accounts.signUp(
      formObject(formData),
      context.clientLabel,
      context.locale,
    );
    throw redirect(safeRedirect(formData.get("redirectTo")), {
      headers: { "Set-Cookie": sessionCookie(token, expiresAt, context.secureCookies) },
    });
  });
}

export default function SignUp() {
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const { t } = useI18n();
  const redirectTo = params.get("redirectTo") ?? "/";
  const f = isFailure(failure) ? failure : null;
  return (
    <div className="page page--narrow">
      <h1>{t("signup.title")}</h1>
      <FormErrors failure={f} />
      <Form method="post" className="card" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field
          name="name"
          label={t("signup.name")}
          required
          autoComplete="name"
          failure={f}
          maxLength={80}
        />
        <Field
          name="email"
          type="email"
          label={t("signup.email")}
          hint={t("signup.email_hint")}
          required
          autoComplete="email"
          failure={f}
        />
        <Field
          name="password"
          type="password"
          label={t("signup.password")}
          hint={t("signup.password_hint")}
          required
          autoComplete="new-password"
          failure={f}
        />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {t("signup.submit")}
        </button>
      </Form>
      <p>
        <Link to={`/login?redirectTo=${encodeURIComponent(redirectTo)}`}>
          {t("signup.have_account")}
        </Link>
      </p>
    </div>
  );
}
