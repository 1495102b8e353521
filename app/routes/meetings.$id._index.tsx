import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
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
    return { meeting, roundtable: { id: roundtable.id, name: roundtable.name } };
  } catch (error) {
    loaderError(error);
  }
}

export default function MeetingPage() {
  const { meeting, roundtable } = useLoaderData<typeof loader>();
  const { t, formatDateTime } = useI18n();
  const total = meeting.agenda.reduce((sum, item) => sum + item.durationMinutes, 0);
  return (
    <div className="page">
      <p>
        <Link to={`/roundtables/${roundtable.id}`}>← {roundtable.name}</Link>
      </p>
      <h1>{meeting.title}</h1>
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
        <p className="muted">{t("meeting.board_later")}</p>
      </section>
    </div>
  );
}
