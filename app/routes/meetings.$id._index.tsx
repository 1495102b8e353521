import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { can } from "../../core/permissions";
import { useI18n } from "../i18n/use-i18n";
import { loaderError, requireActor } from "../lib/auth.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.meeting.title} · Tavolo` : "Tavolo" },
];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  try {
    const meeting = await context.services.meetings.get(actor, params.id ?? "");
    const roundtable = await context.services.roundtables.get(actor, meeting.roundtableId);
    return {
      meeting,
      roundtable: { id: roundtable.id, name: roundtable.name },
      mayRun: can(roundtable.role, "meeting.run"),
      mayEdit: can(roundtable.role, "meeting.edit"),
    };
  } catch (error) {
    loaderError(error);
  }
}

export default function MeetingPage() {
  const { meeting, roundtable, mayRun, mayEdit } = useLoaderData<typeof loader>();
  const { t, formatDateTime } = useI18n();
  const total = meeting.agenda.reduce((sum, item) => sum + item.durationMinutes, 0);
  return (
    <div className="page">
      <p>
        <Link to={`/roundtables/${roundtable.id}`}>← {roundtable.name}</Link>
      </p>
      <h1>{meeting.title}</h1>
      {meeting.onlineUrl && (
        <div className="notice notice--info">
          {meeting.place && <p>{t("console.hybrid")}</p>}
          <p>
            <a className="button" href={meeting.onlineUrl} rel="noopener noreferrer">
              {t("console.link_video")}
            </a>
          </p>
        </div>
      )}
      <dl className="facts card">
        <dt>{t("meeting.kind")}</dt>
        <dd>{t(`meeting.kind_${meeting.kind}`)}</dd>
        <dt>{t("meeting.when")}</dt>
        <dd>{formatDateTime(meeting.startsAt)}</dd>
        {meeting.place && (
          <>
            <dt>{t("meeting.where")}</dt>
            <dd>{meeting.place}</dd>
          </>
        )}
        {meeting.onlineUrl && (
          <>
            <dt>{t("meeting.online")}</dt>
            <dd>
              <a href={meeting.onlineUrl} rel="noopener noreferrer">
                {meeting.onlineUrl}
              </a>
            </dd>
          </>
        )}
        <dt>{t("meeting.phase")}</dt>
        <dd>{t(`phase.${meeting.phase}`)}</dd>
      </dl>
      <section className="card" aria-labelledby="agenda-title">
        <h2 id="agenda-title">{t("meeting.agenda")}</h2>
        {meeting.agenda.length === 0 ? (
          <p className="empty">{t("meeting.agenda_empty")}</p>
        ) : (
          <>
            <ol>
              {meeting.agenda.map((item) => (
                <li key={item.id}>
                  {item.title} — {t("common.minutes", { count: item.durationMinutes })}
                </li>
              ))}
            </ol>
            <p>{t("meeting.agenda_total", { minutes: total })}</p>
          </>
        )}
      </section>
      <section className="card" aria-labelledby="board-title">
        <h2 id="board-title">{t("meeting.board")}</h2>
        <ul className="list">
          <li>
            <Link to={`/meetings/${meeting.id}/board`}>{t("console.link_board")}</Link>
          </li>
          {mayRun && (
            <li>
              <Link to={`/meetings/${meeting.id}/console`}>{t("console.link_console")}</Link>
            </li>
          )}
          <li>
            <Link to={`/meetings/${meeting.id}/objectives`}>{t("objectives.link_objectives")}</Link>
          </li>
          <li>
            <Link to={`/roundtables/${roundtable.id}/unheard`}>{t("objectives.link_unheard")}</Link>
          </li>
          <li>
            <Link to={`/meetings/${meeting.id}/minutes`}>{t("meeting.link_minutes")}</Link>
          </li>
          {mayEdit && (
            <li>
              <Link to={`/meetings/${meeting.id}/edit`}>{t("meeting.edit")}</Link>
            </li>
          )}
          <li>
            {/* A file download, not a page: a plain link, so Remix does not try to render it. */}
            <a href={`/meetings/${meeting.id}/calendar.ics`} download>
              {t("console.link_calendar")}
            </a>
          </li>
        </ul>
      </section>
    </div>
  );
}
