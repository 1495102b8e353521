// The objectives and actions of a meeting (issue 5), co-edited live on its board document, each
// traced back to its clusters, cards and voices by group; and the cards no objective heard.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { translate } from "../../core/i18n";
import { can } from "../../core/permissions";
import { ObjectivesScreen } from "../components/objectives/objectives-screen";
import objectivesStyles from "../components/objectives/objectives.css?url";
import { useI18n } from "../i18n/use-i18n";
import { loaderError, requireActor } from "../lib/auth.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: objectivesStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? data.pageTitle : "Tavolo" },
];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const { services, locale } = context;
  try {
    const meeting = await services.meetings.get(actor, params.id ?? "");
    const [view, roundtable, organizations, taxonomy, objectives] = await Promise.all([
      services.live.view(actor, meeting.id),
      services.roundtables.get(actor, meeting.roundtableId),
      services.roundtables.listOrganizations(actor, meeting.roundtableId),
      services.objectives.policyAreas(actor, meeting.roundtableId, locale),
      services.objectives.list(actor, meeting.id, locale),
    ]);
    return {
      meeting: { id: meeting.id, title: meeting.title },
      roundtable: { id: roundtable.id, name: roundtable.name },
      pageTitle: translate(locale, "objectives.page_title", { meeting: meeting.title }),
      // The board's own rule: who may write on it, and who runs the meeting.
      facilitator: can(view.standing, "meeting.run"),
      canWrite: can(view.standing, "board.write"),
      policyAreas: taxonomy.areas,
      organizations: organizations.map((o) => ({ id: o.id, name: o.name })),
      priorities: Object.fromEntries(objectives.objectives.map((o) => [o.id, o.priority])),
    };
  } catch (error) {
    loaderError(error);
  }
}

export default function MeetingObjectivesPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const revalidator = useRevalidator();
  return (
    <div className="page objectives-page">
      <p className="objectives-page__back">
        <Link to={`/meetings/${data.meeting.id}`}>← {data.meeting.title}</Link>
        {" · "}
        <Link to={`/meetings/${data.meeting.id}/board`}>{t("objectives.to_board")}</Link>
      </p>
      <h1>{t("objectives.heading", { meeting: data.meeting.title })}</h1>
      <p className="lead">{t("objectives.lead")}</p>
      <ObjectivesScreen
        meetingId={data.meeting.id}
        roundtableId={data.roundtable.id}
        facilitator={data.facilitator}
        canWrite={data.canWrite}
        policyAreas={data.policyAreas}
        organizations={data.organizations}
        priorities={data.priorities}
        onMotionClosed={() => revalidator.revalidate()}
      />
    </div>
  );
}
