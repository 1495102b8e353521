import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { translate } from "../../core/i18n";
import { FormErrors, isFailure } from "../components/ui/form";
import { useI18n } from "../i18n/use-i18n";
import { checkRate, requireActor } from "../lib/auth.server";
import { runForm } from "../lib/forms.server";

export const meta: MetaFunction = ({ matches }) => {
  const locale = (matches[0]?.data as { locale?: "it" | "en" } | undefined)?.locale ?? "it";
  return [
    { title: `${translate(locale, "invite.accept_title")} · Tavolo` },
    { name: "referrer", content: "no-referrer" },
  ];
};

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const invite = await context.services.roundtables.describeInvite(params.token ?? "");
  const here = new URL(request.url).pathname;
  if (!invite) return { invite: null, signedIn: Boolean(context.actor), here };
  return {
    invite: {
      status: invite.status,
      role: invite.role,
      roundtableName: invite.roundtableName,
      territory: invite.territory,
      organizationName: invite.organizationName,
    },
    signedIn: Boolean(context.actor),
    here,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const formData = await request.formData();
  return runForm(formData, async () => {
    checkRate(context.rateLimits.inviteAccept.hit(context.clientIp));
    const { roundtableId } = await context.services.roundtables.acceptInvite(
      actor,
      params.token ?? "",
    );
    throw redirect(`/roundtables/${roundtableId}`);
  });
}

export default function InvitePage() {
  const { invite, signedIn, here } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <div className="page page--narrow">
      <h1>{t("invite.accept_title")}</h1>
      <FormErrors failure={isFailure(result) ? result : null} />
      {!invite ? (
        <p>{t("invite.not_found")}</p>
      ) : invite.status !== "valid" ? (
        <p>{t(`invite.status_${invite.status}`)}</p>
      ) : (
        <div className="card">
          <p>
            {t("invite.accept_lead", {
              name: invite.roundtableName,
              territory: invite.territory,
              role: t(`role.${invite.role}`),
            })}
          </p>
          {invite.organizationName && (
            <p>{t("invite.accept_organization", { organization: invite.organizationName })}</p>
          )}
          {signedIn ? (
            <Form method="post">
              <button type="submit" className="button">
                {t("invite.accept")}
              </button>
            </Form>
          ) : (
            <>
              <p>{t("invite.sign_in_first")}</p>
              <div className="actions">
                <Link className="button" to={`/login?redirectTo=${encodeURIComponent(here)}`}>
                  {t("nav.login")}
                </Link>
                <Link
                  className="button button--secondary"
                  to={`/signup?redirectTo=${encodeURIComponent(here)}`}
                >
                  {t("nav.signup")}
                </Link>
              </div>
            </>
          )}
        </div>
      )}
    </div>
  );
}
