// A remote contributor's way in (no account): checks the meeting invite, asks for a name and a
// group once, then shows the meeting on the phone.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, Link, useLoaderData, useRouteError } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useI18n } from "../i18n/use-i18n";
import { JoinForm } from "../components/phone/join-form";
import { loadProfile, saveProfile, type GuestProfile } from "../components/phone/guest-storage";
import { PhoneView } from "../components/phone/phone-view";
import liveStyles from "../components/live/live.css?url";
import phoneStyles from "../components/phone/phone.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: liveStyles },
  { rel: "stylesheet", href: phoneStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ? `${data.title} · Tavolo` : "Tavolo" },
  // The link is a credential: keep it out of search engines and other sites' referrers.
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "no-referrer" },
];

export async function loader({ context, params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const guest = await context.services.meetingInvites.guestForToken(token);
  if (!guest) throw new Response("join.not_found", { status: 404 });
  // The meeting's title, and nothing else of the meeting or its tavolo but the pacts its
  // facilitator opened to remote comments.
  const pacts = await context.services.pactComments.openForInvite(token);
  return { token, meetingId: guest.meetingId, title: guest.meetingTitle, pacts };
}

export default function JoinPage() {
  const { token, meetingId, title, pacts } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  // Read after hydration: the server cannot know what this device remembers.
  const [profile, setProfile] = useState<GuestProfile | null | undefined>(undefined);
  useEffect(() => setProfile(loadProfile(token)), [token]);

  return (
    <div className="page page--narrow phone-page">
      <h1>{title ?? t("join.title")}</h1>
      {title && <p className="muted">{t("join.title")}</p>}
      {profile === undefined ? (
        <p className="muted">{t("live_bar.connecting")}</p>
      ) : profile === null ? (
        <JoinForm
          onJoin={(next) => {
            saveProfile(token, next);
            setProfile(next);
          }}
        />
      ) : (
        <>
          <p className="muted">
            {profile.name ? t("join.as", { name: profile.name }) : t("join.as_anonymous")}
            {profile.group ? ` · ${t(`contributor_group.${profile.group}`)}` : ""}
          </p>
          <PhoneView meetingId={meetingId} token={token} profile={profile} />
          {pacts.length > 0 && (
            <section className="card" aria-labelledby="guest-pacts-title">
              <h2 id="guest-pacts-title">{t("pact.comments.guest_pacts")}</h2>
              <p className="muted">{t("pact.comments.guest_pacts_hint")}</p>
              <ul>
                {pacts.map((pact) => (
                  <li key={pact.id}>
                    <Link to={`/join/${token}/pacts/${pact.id}`}>{pact.title}</Link>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useI18n();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <div className="page page--narrow">
      <h1>{t("join.not_found_title")}</h1>
      <p>{notFound ? t("join.not_found") : t("error.page_generic")}</p>
    </div>
  );
}
