import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { MEMBER_ROLES } from "../../core/domain";
import { AppError } from "../../core/errors";
import { assignableRoles, can } from "../../core/permissions";
import {
  Field,
  FormErrors,
  isFailure,
  Notice,
  SelectField,
  useResetOnSuccess,
} from "../components/ui/form";
import { useI18n } from "../i18n/use-i18n";
import { loaderError, requireActor } from "../lib/auth.server";
import { formObject, runForm } from "../lib/forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.roundtable.name} · Tavolo` : "Tavolo" },
];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const { roundtables } = context.services;
  const id = params.id ?? "";
  try {
    const roundtable = await roundtables.get(actor, id);
    const mayInvite = can(roundtable.role, "member.invite");
    const [members, organizations, invites] = await Promise.all([
      roundtables.listMembers(actor, id),
      roundtables.listOrganizations(actor, id),
      mayInvite ? roundtables.listPendingInvites(actor, id) : Promise.resolve([]),
    ]);
    return {
      roundtable: { id: roundtable.id, name: roundtable.name },
      me: actor.userId,
      members,
      organizations: organizations.map((o) => ({ id: o.id, name: o.name })),
      invites,
      assignable: assignableRoles(roundtable.role),
      may: {
        invite: mayInvite,
        changeRole: can(roundtable.role, "member.change_role"),
        remove: can(roundtable.role, "member.remove"),
      },
    };
  } catch (error) {
    loaderError(error);
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const formData = await request.formData();
  const id = params.id ?? "";
  const { roundtables } = context.services;
  return runForm(formData, async () => {
    switch (formData.get("intent")) {
      case "invite": {
        const { token } = await roundtables.createInvite(actor, id, formObject(formData));
        const link = `${new URL(request.url).origin}/invites/${token}`;
        return { ok: true as const, message: "invite.created" as const, link };
      }
      case "revoke-invite":
        await roundtables.revokeInvite(actor, id, String(formData.get("inviteId")));
        return { ok: true as const, message: "invite.revoked" as const };
      case "change-role":
        await roundtables.changeRole(
          actor,
          id,
          String(formData.get("userId")),
          formData.get("role"),
        );
        return { ok: true as const, message: "members.role_changed" as const };
      case "remove": {
        const userId = String(formData.get("userId"));
        await roundtables.removeMember(actor, id, userId);
        if (userId === actor.userId) throw redirect("/");
        return { ok: true as const, message: "members.removed" as const };
      }
      default:
        throw new AppError("invalid", "error.invalid");
    }
  });
}

export default function MembersPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, formatShortDateTime } = useI18n();
  const failure = isFailure(result) ? result : null;
  const success = result && !isFailure(result) ? result : null;
  const inviteForm = useResetOnSuccess(success && "link" in success ? success : null);
  return (
    <div className="page">
      <p>
        <Link to={`/roundtables/${data.roundtable.id}`}>← {data.roundtable.name}</Link>
      </p>
      <h1>{t("members.title")}</h1>
      {success && (
        <Notice>
          <p>{t(success.message)}</p>
          {"link" in success && (
            <p>
              <span className="visually-hidden">{t("invite.link_label")}: </span>
              <code className="secret" data-testid="invite-link">
                {success.link}
              </code>
            </p>
          )}
        </Notice>
      )}
      <FormErrors failure={failure} />

      <section className="card" aria-labelledby="members-title">
        <h2 id="members-title">{t("roundtable.members")}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("members.name")}</th>
              <th scope="col">{t("members.organization")}</th>
              <th scope="col">{t("members.role")}</th>
              <th scope="col">{t("members.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {data.members.map((m) => {
              const mine = m.userId === data.me;
              const mayChange = data.may.changeRole && data.assignable.includes(m.role);
              return (
                <tr key={m.userId}>
                  <td>
                    {m.name} {mine && <span className="muted">{t("members.you")}</span>}
                  </td>
                  <td>{m.organizationName ?? t("roundtable.no_organization")}</td>
                  <td>
                    {mayChange ? (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="change-role" />
                        <input type="hidden" name="userId" value={m.userId} />
                        <label className="visually-hidden" htmlFor={`role-${m.userId}`}>
                          {t("members.role_for", { name: m.name })}
                        </label>
                        <select id={`role-${m.userId}`} name="role" defaultValue={m.role}>
                          {data.assignable.map((role) => (
                            <option key={role} value={role}>
                              {t(`role.${role}`)}
                            </option>
                          ))}
                        </select>
                        <button type="submit" className="button button--secondary button--small">
                          {t("members.change_role")}
                          <span className="visually-hidden"> ({m.name})</span>
                        </button>
                      </Form>
                    ) : (
                      <span className="badge">{t(`role.${m.role}`)}</span>
                    )}
                  </td>
                  <td>
                    {(data.may.remove || mine) && (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="userId" value={m.userId} />
                        <button type="submit" className="button button--danger button--small">
                          {mine ? t("members.leave") : t("members.remove_named", { name: m.name })}
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      {data.may.invite && (
        <div className="grid">
          <section className="card" aria-labelledby="invite-title">
            <h2 id="invite-title">{t("invite.title")}</h2>
            <p className="muted">{t("invite.lead")}</p>
            <Form method="post" noValidate ref={inviteForm}>
              <input type="hidden" name="intent" value="invite" />
              <SelectField
                name="role"
                label={t("invite.role")}
                required
                failure={failure}
                idPrefix="invite"
                defaultValue="member"
                options={MEMBER_ROLES.filter((r) => data.assignable.includes(r)).map((role) => ({
                  value: role,
                  label: t(`role.${role}`),
                }))}
              />
              <SelectField
                name="organizationId"
                label={t("invite.organization")}
                failure={failure}
                idPrefix="invite"
                options={[
                  { value: "", label: t("common.none") },
                  ...data.organizations.map((o) => ({ value: o.id, label: o.name })),
                ]}
              />
              <Field
                name="note"
                label={t("invite.note")}
                hint={t("invite.note_hint")}
                failure={failure}
                idPrefix="invite"
                maxLength={120}
              />
              <button type="submit" className="button">
                {t("invite.create")}
              </button>
            </Form>
          </section>
          <section className="card" aria-labelledby="pending-title">
            <h2 id="pending-title">{t("invite.pending")}</h2>
            {data.invites.length === 0 ? (
              <p className="empty">{t("invite.pending_empty")}</p>
            ) : (
              <ul className="list">
                {data.invites.map((invite) => (
                  <li key={invite.id} className="actions">
                    <span>
                      <span className="badge">{t(`role.${invite.role}`)}</span>{" "}
                      {invite.organizationName ?? t("roundtable.no_organization")}
                      {invite.note ? ` · ${invite.note}` : ""} ·{" "}
                      {t("invite.expires", { date: formatShortDateTime(invite.expires_at) })}
                    </span>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="revoke-invite" />
                      <input type="hidden" name="inviteId" value={invite.id} />
                      <button type="submit" className="button button--danger button--small">
                        {t("invite.revoke")}
                      </button>
                    </Form>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      )}
    </div>
  );
}
