import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppError } from "../../core/errors";
import { translate } from "../../core/i18n";
import { Field, FormErrors, isFailure, Notice, useResetOnSuccess } from "../components/ui/form";
import { useI18n } from "../i18n/use-i18n";
import { requireActor } from "../lib/auth.server";
import { formObject, runForm } from "../lib/forms.server";

export const meta: MetaFunction = ({ matches }) => {
  const locale = (matches[0]?.data as { locale?: "it" | "en" } | undefined)?.locale ?? "it";
  return [{ title: `${translate(locale, "account.title")} · Tavolo` }];
};

export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const { accounts } = context.services;
  const [profile, sessions, tokens] = await Promise.all([
    accounts.profile(actor),
    accounts.listSessions(actor, actor.sessionId),
    accounts.listApiTokens(actor),
  ]);
  return { profile, sessions, tokens };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const formData = await request.formData();
  const intent = formData.get("intent");
  const { accounts } = context.services;
  return runForm(formData, async () => {
    switch (intent) {
      case "change-password":
        await accounts.changePassword(actor, formObject(formData), actor.sessionId);
        return { ok: true as const, intent, message: "account.password_changed" as const };
      case "revoke-session":
        await accounts.revokeSession(actor, String(formData.get("sessionId")));
        return { ok: true as const, intent, message: "account.session_revoked" as const };
      case "create-token": {
        const profile = await accounts.profile(actor);
        const token = await accounts.createApiToken(
          profile.email,
          String(formData.get("name") ?? ""),
        );
        return { ok: true as const, intent, message: "account.token_created" as const, token };
      }
      case "revoke-token":
        await accounts.revokeApiToken(actor, String(formData.get("tokenId")));
        return { ok: true as const, intent, message: "account.token_revoked" as const };
      default:
        throw new AppError("invalid", "error.invalid");
    }
  });
}

export default function Account() {
  const { profile, sessions, tokens } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, formatShortDateTime } = useI18n();
  const failure = isFailure(result) ? result : null;
  const success = result && !isFailure(result) ? result : null;
  const passwordForm = useResetOnSuccess(success?.intent === "change-password" ? success : null);
  const tokenForm = useResetOnSuccess(success?.intent === "create-token" ? success : null);
  return (
    <div className="page">
      <h1>{t("account.title")}</h1>
      {success && <Notice>{t(success.message)}</Notice>}
      <FormErrors failure={failure} />
      <div className="grid">
        <section className="card" aria-labelledby="profile-title">
          <h2 id="profile-title">{t("account.profile")}</h2>
          <dl className="facts">
            <dt>{t("account.name")}</dt>
            <dd>{profile.name}</dd>
            <dt>{t("account.email")}</dt>
            <dd>{profile.email}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="password-title">
          <h2 id="password-title">{t("account.password_title")}</h2>
          <Form method="post" noValidate ref={passwordForm}>
            <input type="hidden" name="intent" value="change-password" />
            <Field
              name="currentPassword"
              type="password"
              label={t("account.current_password")}
              required
              autoComplete="current-password"
              failure={failure}
            />
            <Field
              name="newPassword"
              type="password"
              label={t("account.new_password")}
              hint={t("signup.password_hint")}
              required
              autoComplete="new-password"
              failure={failure}
            />
            <button type="submit" className="button">
              {t("account.password_submit")}
            </button>
          </Form>
        </section>
      </div>
      <section className="card" aria-labelledby="sessions-title">
        <h2 id="sessions-title">{t("account.sessions_title")}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("account.session_client")}</th>
              <th scope="col">{t("account.session_started")}</th>
              <th scope="col">{t("account.session_last_seen")}</th>
              <th scope="col">{t("account.session_expires")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("members.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <td>{s.clientLabel ?? t("account.session_unknown_client")}</td>
                <td>{formatShortDateTime(s.createdAt)}</td>
                <td>{formatShortDateTime(s.lastSeenAt)}</td>
                <td>{formatShortDateTime(s.expiresAt)}</td>
                <td>
                  {s.current ? (
                    <span className="badge">{t("account.session_current")}</span>
                  ) : (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="revoke-session" />
                      <input type="hidden" name="sessionId" value={s.id} />
                      <button type="submit" className="button button--danger button--small">
                        {t("account.session_revoke")}
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card" aria-labelledby="tokens-title">
        <h2 id="tokens-title">{t("account.tokens_title")}</h2>
        <p className="muted">{t("account.tokens_lead")}</p>
        {success && "token" in success && (
          <div className="notice notice--info">
            <p>{t("account.token_created")}</p>
            <p>
              <span className="visually-hidden">{t("account.token_created_label")}: </span>
              <code className="secret" data-testid="new-token">
                {success.token}
              </code>
            </p>
          </div>
        )}
        {tokens.length === 0 ? (
          <p className="empty">{t("account.tokens_empty")}</p>
        ) : (
          <ul className="list">
            {tokens.map((token) => (
              <li key={token.id} className="actions">
                <span>
                  <strong>{token.name}</strong> · {formatShortDateTime(token.created_at)} ·{" "}
                  {t("account.token_last_used")}:{" "}
                  {token.last_used_at
                    ? formatShortDateTime(token.last_used_at)
                    : t("account.token_never_used")}
                </span>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="revoke-token" />
                  <input type="hidden" name="tokenId" value={token.id} />
                  <button type="submit" className="button button--danger button--small">
                    {t("account.token_revoke")}
                    <span className="visually-hidden"> {token.name}</span>
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
        <Form method="post" noValidate ref={tokenForm}>
          <input type="hidden" name="intent" value="create-token" />
          <Field
            name="name"
            label={t("account.token_name")}
            required
            failure={failure}
            idPrefix="token"
            maxLength={60}
          />
          <button type="submit" className="button button--secondary">
            {t("account.token_create")}
          </button>
        </Form>
      </section>
    </div>
  );
}
