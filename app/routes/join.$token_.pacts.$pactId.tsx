// A remote contributor reads a pact its facilitator opened to remote comments, and comments on
// its passages: no account, the meeting invite and the device's key (from the join page) only.
// POST: their comment or reply as JSON `{ intent: "add" | "reply", deviceKey, name, ... }`.
import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { z } from "zod";
import { AppError, isAppError } from "../../core/errors";
import { translate } from "../../core/i18n";
import { parseInput } from "../../core/schemas";
import { jsonRefusal, readJsonBody } from "../lib/json-action.server";
import { editorSection, PactEditorScreen } from "../components/pact/pact-editor-screen";
import pactStyles from "../components/pact/pact.css?url";
import { loadProfile, type GuestProfile } from "../components/phone/guest-storage";
import { useI18n } from "../i18n/use-i18n";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: pactStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? data.pageTitle : "Tavolo" },
  // The link holds the invite: keep it out of search engines and other sites' referrers.
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "no-referrer" },
];

export async function loader({ context, params }: LoaderFunctionArgs) {
  try {
    const pact = await context.services.pactComments.guestView(
      params.token ?? "",
      params.pactId ?? "",
    );
    return {
      token: params.token ?? "",
      pact: {
        id: pact.id,
        title: pact.title,
        // Counted by the editors once the document has synced.
        sections: pact.sections.map(editorSection),
      },
      pageTitle: translate(context.locale, "pact.comments.guest_page_title", {
        title: pact.title,
      }),
    };
  } catch (error) {
    if (isAppError(error)) throw new Response(error.messageKey, { status: error.status });
    throw error;
  }
}

const guestRequest = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("add"),
    deviceKey: z.string().max(64),
    name: z.string().max(200).default(""),
    comment: z.unknown(),
  }),
  z.object({
    intent: z.literal("reply"),
    deviceKey: z.string().max(64),
    name: z.string().max(200).default(""),
    threadId: z.string(),
    reply: z.unknown(),
  }),
]);

const GUEST_KEY = /^[A-Za-z0-9_-]{16,64}$/;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const comments = context.services.pactComments;
  try {
    const input = parseInput(guestRequest, await readJsonBody(request));
    if (!GUEST_KEY.test(input.deviceKey)) throw new AppError("invalid", "error.invalid");
    const guest = {
      guest: { token: params.token ?? "", deviceKey: input.deviceKey, name: input.name },
    };
    const pactId = params.pactId ?? "";
    const thread =
      input.intent === "add"
        ? await comments.add(guest, pactId, input.comment)
        : await comments.reply(guest, pactId, input.threadId, input.reply);
    return Response.json({ thread });
  } catch (error) {
    return jsonRefusal(error, context.locale);
  }
}

export default function GuestPactPage() {
  const { token, pact } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  // What this device said when it joined: read after hydration, the server cannot know it.
  const [profile, setProfile] = useState<GuestProfile | null | undefined>(undefined);
  useEffect(() => setProfile(loadProfile(token)), [token]);

  return (
    <div className="page page--wide">
      <p className="pact-breadcrumbs">
        <Link to={`/join/${token}`}>← {t("pact.comments.guest_back")}</Link>
      </p>
      <h1>{pact.title}</h1>
      {profile === undefined ? (
        <p className="muted">{t("live_bar.connecting")}</p>
      ) : profile === null ? (
        <p className="notice notice--info">
          {t("pact.comments.guest_join_first")}{" "}
          <Link to={`/join/${token}`}>{t("pact.comments.guest_back")}</Link>
        </p>
      ) : (
        <>
          <p className="muted">{t("pact.comments.guest_intro")}</p>
          <PactEditorScreen
            key={pact.id}
            pactId={pact.id}
            sections={pact.sections}
            me={{ id: "", name: profile.name }}
            canEdit={false}
            canReview={false}
            canComment
            meetings={[]}
            members={[]}
            guest={{ token, guestKey: profile.guestKey }}
          />
        </>
      )}
    </div>
  );
}
