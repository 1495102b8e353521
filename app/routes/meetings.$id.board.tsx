// The live board of a meeting (issue 4): facilitators put it on the projector, members use it on
// their laptops; the list view serves phones and screen readers.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { groupOfOrganizationKind } from "../../core/board-ops";
import { translate } from "../../core/i18n";
import { can } from "../../core/permissions";
import { BoardScreen } from "../components/board/board-screen";
import boardStyles from "../components/board/board.css?url";
import liveStyles from "../components/live/live.css?url";
import { useI18n } from "../i18n/use-i18n";
import { loaderError, requireActor } from "../lib/auth.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: liveStyles },
  { rel: "stylesheet", href: boardStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? data.pageTitle : "Tavolo" },
];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  try {
    const meeting = await context.services.meetings.get(actor, params.id ?? "");
    const view = await context.services.live.view(actor, meeting.id);
    // A member's cards carry the group their organisation speaks for (never who they are).
    let group: string | null = null;
    if (view.presence.group.kind === "organization") {
      const name = view.presence.group.name;
      const organizations = await context.services.roundtables.listOrganizations(
        actor,
        meeting.roundtableId,
      );
      const organization = organizations.find((o) => o.name === name);
      if (organization) group = groupOfOrganizationKind(organization.kind);
    }
    const canWrite = can(view.standing, "board.write");
    // Who may write may promote clusters to objectives, filed under these areas.
    const policyAreas = canWrite
      ? (await context.services.objectives.policyAreas(actor, meeting.roundtableId, context.locale))
          .areas
      : [];
    return {
      meeting: { id: meeting.id, title: meeting.title },
      pageTitle: translate(context.locale, "board.page_title", { meeting: meeting.title }),
      facilitator: can(view.standing, "meeting.run"),
      canWrite,
      me: { name: view.presence.name, group },
      policyAreas,
    };
  } catch (error) {
    loaderError(error);
  }
}

export default function MeetingBoardPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div className="board-page">
      <div className="board-page__head">
        <p>
          <Link to={`/meetings/${data.meeting.id}`}>← {t("board.back")}</Link>
        </p>
        <h1>{t("board.heading", { meeting: data.meeting.title })}</h1>
      </div>
      <BoardScreen
        meetingId={data.meeting.id}
        facilitator={data.facilitator}
        canWrite={data.canWrite}
        me={data.me}
        policyAreas={data.policyAreas}
      />
    </div>
  );
}
