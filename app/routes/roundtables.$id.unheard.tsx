// The tavolo-wide list of cards that ended in no objective ("unheard", issue 5), meeting by meeting,
// with how many voices by group each meeting left unheard. Anonymous cards stay anonymous.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { translate } from "../../core/i18n";
import { CardLine } from "../components/objectives/controls";
import objectivesStyles from "../components/objectives/objectives.css?url";
import { VoiceCounts } from "../components/objectives/trace-view";
import { unheardByMeeting, voicesOfCards } from "../components/objectives/trace";
import { useI18n } from "../i18n/use-i18n";
import { loaderError, requireActor } from "../lib/auth.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: objectivesStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? data.pageTitle : "Tavolo" },
];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const id = params.id ?? "";
  try {
    const roundtable = await context.services.roundtables.get(actor, id);
    const unheard = await context.services.objectives.unheard(actor, roundtable.id);
    return {
      roundtable: { id: roundtable.id, name: roundtable.name },
      pageTitle: translate(context.locale, "unheard.page_title", { roundtable: roundtable.name }),
      meetings: unheard.meetings,
      cards: unheard.cards,
    };
  } catch (error) {
    loaderError(error);
  }
}

export default function UnheardPage() {
  const data = useLoaderData<typeof loader>();
  const { t, formatNumber, formatDateTime } = useI18n();
  const meetings = unheardByMeeting(data);
  return (
    <div className="page unheard-page">
      <p>
        <Link to={`/roundtables/${data.roundtable.id}`}>← {data.roundtable.name}</Link>
      </p>
      <h1>{t("unheard.heading", { roundtable: data.roundtable.name })}</h1>
      <p className="lead">{t("unheard.lead")}</p>
      {data.cards.length === 0 ? (
        <p className="card empty">{t("unheard.none")}</p>
      ) : (
        <section className="card" aria-labelledby="unheard-total">
          <h2 id="unheard-total">
            {t("unheard.total", {
              count: formatNumber(data.cards.length),
              meetings: formatNumber(meetings.length),
            })}
          </h2>
          <VoiceCounts voices={voicesOfCards(data.cards)} label={t("unheard.voices_total")} />
        </section>
      )}
      {meetings.map(({ meeting, cards, voices }) => (
        <section key={meeting.id} className="card" aria-labelledby={`meeting-${meeting.id}`}>
          <h2 id={`meeting-${meeting.id}`}>{meeting.title}</h2>
          <p className="muted">
            {formatDateTime(meeting.startsAt)} ·{" "}
            {t("unheard.meeting_count", { count: formatNumber(cards.length) })}
          </p>
          <VoiceCounts
            voices={voices}
            label={t("unheard.voices_meeting", { meeting: meeting.title })}
          />
          <ul className="trace__cards">
            {cards.map((card) => (
              <CardLine key={card.id} card={card}>
                {" · "}
                {card.clusterId
                  ? t("objectives.in_cluster", {
                      label: card.clusterLabel || t("objectives.cluster_unnamed"),
                    })
                  : t("objectives.not_clustered")}
              </CardLine>
            ))}
          </ul>
          <p>
            <Link to={`/meetings/${meeting.id}/objectives`}>
              {t("unheard.to_objectives", { meeting: meeting.title })}
            </Link>
          </p>
        </section>
      ))}
    </div>
  );
}
