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
  return [{ title: `${translate(locale, "login.title")} · Tavolo` }];
};

export async function loader({ context, request }: LoaderFunctionArgs) {
  if (context.actor)
    throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  return runForm(formData, async () => {
    const email = String(formData.get("email") ?? "")
      .trim()
      .toLowerCase();
    checkRate(context.rateLimits.login.hit(`${context.clientIp}|${email}`));
    const { token, expiresAt } = await context.services.accounts.logIn(
      formObject(formData),
      context.clientLabel,
    );
    throw redirect(safeRedirect(formData.get("redirectTo")), {
      headers: { "Set-Cookie": sessionCookie(token, expiresAt, context.secureCookies) },
    });
  });
}

export default function LogIn() {
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const { t } = useI18n();
  const redirectTo = params.get("redirectTo") ?? "/";
  const f = isFailure(failure) ? failure : null;
  return (
    <div className="page page--narrow">
      <h1>{t("login.title")}</h1>
      <FormErrors failure={f} />
      <Form method="post" className="card" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field
          name="email"
          type="email"
          label={t("login.email")}
          required
          autoComplete="username"
          failure={f}
        />
        <Field
          name="password"
          type="password"
          label={t("login.password")}
          required
          autoComplete="current-password"
          failure={f}
        />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {t("login.submit")}
        </button>
      </Form>
      <p>
        <Link to={`/signup?redirectTo=${encodeURIComponent(redirectTo)}`}>
          {t("login.no_account")}
        </Link>
      </p>
    </div>
  );
}
