import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ORGANIZATION_KINDS } from "../../core/domain";
import { AppError } from "../../core/errors";
import { can } from "../../core/permissions";
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
  const { roundtables, meetings } = context.services;
  const id = params.id ?? "";
  try {
    const roundtable = await roundtables.get(actor, id);
    const [members, organizations, meetingList, pacts] = await Promise.all([
      roundtables.listMembers(actor, id),
      roundtables.listOrganizations(actor, id),
      meetings.list(actor, id),
      roundtables.listPacts(actor, id),
    ]);
    return {
      roundtable,
      members,
      organizations,
      meetings: meetingList.map((m) => ({
        id: m.id,
        title: m.title,
        kind: m.kind,
        phase: m.phase,
        startsAt: m.startsAt,
      })),
      pacts: pacts.map((p) => ({ id: p.id, title: p.title })),
      may: {
        addOrganization: can(roundtable.role, "organization.create"),
        invite: can(roundtable.role, "member.invite"),
        createMeeting: can(roundtable.role, "meeting.create"),
      },
    };
  } catch (error) {
    loaderError(error);
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const formData = await request.formData();
  return runForm(formData, async () => {
    if (formData.get("intent") !== "add-organization")
      throw new AppError("invalid", "error.invalid");
    await context.services.roundtables.createOrganization(
      actor,
      params.id ?? "",
      formObject(formData),
    );
    return { ok: true as const, message: "roundtable.organization_added" as const };
  });
}

type Member = Awaited<ReturnType<typeof loader>>["members"][number];

function groupByOrganization(members: Member[]) {
  const groups = new Map<string, { name: string | null; members: Member[] }>();
  for (const member of members) {
    const key = member.organizationId ?? "";
    const group = groups.get(key) ?? { name: member.organizationName, members: [] };
    group.members.push(member);
    groups.set(key, group);
  }
  // Members without an organisation come last.
  return [...groups.entries()]
    .sort(([a], [b]) => (a === "" ? 1 : b === "" ? -1 : 0))
    .map(([key, group]) => ({ key, ...group }));
}

export default function RoundtablePage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, formatDateTime } = useI18n();
  const failure = isFailure(result) ? result : null;
  const organizationForm = useResetOnSuccess(result);
  const { roundtable } = data;
  return (
    <div className="page">
      <h1>{roundtable.name}</h1>
      <p className="lead">{roundtable.territory}</p>
      {roundtable.description && <p>{roundtable.description}</p>}
      <p>
        {t("roundtable.your_role")}: <span className="badge">{t(`role.${roundtable.role}`)}</span>
      </p>
      {result && !isFailure(result) && <Notice>{t(result.message)}</Notice>}

      <div className="grid">
        <section className="card" aria-labelledby="meetings-title">
          <h2 id="meetings-title">{t("roundtable.meetings")}</h2>
          {data.meetings.length === 0 ? (
            <p className="empty">{t("roundtable.meetings_empty")}</p>
          ) : (
            <ul className="list">
              {data.meetings.map((m) => (
                <li key={m.id}>
                  <Link to={`/meetings/${m.id}`}>{m.title}</Link>
                  <div className="muted">
                    {formatDateTime(m.startsAt)} · {t(`meeting.kind_${m.kind}`)} ·{" "}
                    {t(`phase.${m.phase}`)}
                  </div>
                  <div>
                    <Link
                      to={`/meetings/${m.id}/objectives`}
                      aria-label={t("objectives.link_objectives_of", { meeting: m.title })}
                    >
                      {t("objectives.link_objectives")}
                    </Link>
                  </div>
                </li>
              ))}
            </ul>
          )}
          <p>
            <Link to={`/roundtables/${roundtable.id}/unheard`}>{t("objectives.link_unheard")}</Link>
            {" · "}
            <Link to={`/roundtables/${roundtable.id}/policy-areas`}>{t("policy_areas.link")}</Link>
          </p>
          {data.may.createMeeting && (
            <p>
              <Link
                className="button button--secondary"
                to={`/roundtables/${roundtable.id}/meetings/new`}
              >
                {t("roundtable.new_meeting")}
              </Link>
            </p>
          )}
        </section>

        <section className="card" aria-labelledby="pacts-title">
          <h2 id="pacts-title">{t("roundtable.pacts")}</h2>
          {data.pacts.length === 0 ? (
            <p className="empty">{t("roundtable.pacts_empty")}</p>
          ) : (
            <ul className="list">
              {data.pacts.map((p) => (
                <li key={p.id}>
                  <Link to={`/pacts/${p.id}`}>{p.title}</Link>
                </li>
              ))}
            </ul>
          )}
          <p>
            <Link to={`/roundtables/${roundtable.id}/pacts`}>{t("pact.roundtable_link")}</Link>
          </p>
        </section>
      </div>

      <section className="card" aria-labelledby="members-title">
        <h2 id="members-title">{t("roundtable.members")}</h2>
        {data.members.length === 0 ? (
          <p className="empty">{t("roundtable.members_empty")}</p>
        ) : (
          groupByOrganization(data.members).map((group) => (
            <div key={group.key}>
              <h3>{group.name ?? t("roundtable.no_organization")}</h3>
              <ul className="list">
                {group.members.map((m) => (
                  <li key={m.userId}>
                    {m.name} <span className="badge">{t(`role.${m.role}`)}</span>
                  </li>
                ))}
              </ul>
            </div>
          ))
        )}
        <p>
          <Link to={`/roundtables/${roundtable.id}/members`}>{t("roundtable.manage_members")}</Link>
        </p>
      </section>

      <section className="card" aria-labelledby="organizations-title">
        <h2 id="organizations-title">{t("roundtable.organizations")}</h2>
        {data.organizations.length === 0 ? (
          <p className="empty">{t("roundtable.organizations_empty")}</p>
        ) : (
          <ul className="list">
            {data.organizations.map((o) => (
              <li key={o.id}>
                {o.name} <span className="badge">{t(`organization_kind.${o.kind}`)}</span>
              </li>
            ))}
          </ul>
        )}
        {data.may.addOrganization && (
          <Form method="post" noValidate ref={organizationForm}>
            <h3>{t("roundtable.organization_add")}</h3>
            <FormErrors failure={failure} />
            <input type="hidden" name="intent" value="add-organization" />
            <Field
              name="name"
              label={t("roundtable.organization_name")}
              required
              failure={failure}
              idPrefix="org"
              maxLength={160}
            />
            <SelectField
              name="kind"
              label={t("roundtable.organization_kind")}
              required
              failure={failure}
              idPrefix="org"
              options={ORGANIZATION_KINDS.map((kind) => ({
                value: kind,
                label: t(`organization_kind.${kind}`),
              }))}
            />
            <button type="submit" className="button button--secondary">
              {t("roundtable.organization_add")}
            </button>
          </Form>
        )}
      </section>
    </div>
  );
}
