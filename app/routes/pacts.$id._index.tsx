// The pact editor (issue 6): every section of the pact, written together in real time.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { translate } from "../../core/i18n";
import { can } from "../../core/permissions";
import { editorSection, PactEditorScreen } from "../components/pact/pact-editor-screen";
import pactStyles from "../components/pact/pact.css?url";
import { useI18n } from "../i18n/use-i18n";
import { loaderError, requireActor } from "../lib/auth.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: pactStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? data.pageTitle : "Tavolo" },
];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  try {
    const pact = await context.services.pacts.get(actor, params.id ?? "");
    const roundtable = await context.services.roundtables.get(actor, pact.roundtableId);
    const meetings = await context.services.meetings.list(actor, pact.roundtableId);
    const members = await context.services.roundtables.listMembers(actor, pact.roundtableId);
    return {
      pact: {
        id: pact.id,
        title: pact.title,
        sections: pact.sections.map(editorSection),
      },
      roundtable: { id: roundtable.id, name: roundtable.name },
      pageTitle: translate(context.locale, "pact.editor.page_title", { title: pact.title }),
      canEdit: can(roundtable.role, "pact.edit"),
      canReview: can(roundtable.role, "pact.review"),
      canComment: can(roundtable.role, "pact.comment"),
      canCallVote: can(roundtable.role, "motion.call"),
      guestComments: {
        allowed: await context.services.pactComments.openToGuests(pact.id),
        canChange: can(roundtable.role, "roundtable.edit"),
      },
      // The meetings whose objectives and actions a live block may show.
      meetings: meetings.map((m) => ({ id: m.id, title: m.title })),
      // Whom a comment may mention: names only, never an email.
      members: members.map((m) => ({ id: m.userId, name: m.name })),
      // Shown to the other writers beside their caret and in the outline: a name, never an email.
      me: { id: actor.userId, name: actor.name },
    };
  } catch (error) {
    loaderError(error);
  }
}

export default function PactEditorPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div className="page page--wide">
      <p className="pact-breadcrumbs">
        <Link to={`/roundtables/${data.roundtable.id}/pacts`}>← {t("pact.editor.back")}</Link>
        <Link to={`/pacts/${data.pact.id}/versions`}>{t("pact.editor.versions")}</Link>
        <Link to={`/pacts/${data.pact.id}/history`}>{t("pact.history.link")}</Link>
        <Link to={`/pacts/${data.pact.id}/motions`}>{t("motions.link")}</Link>
        <Link to={`/pacts/${data.pact.id}/signatures`}>{t("signatures.link")}</Link>
      </p>
      <h1>{data.pact.title}</h1>
      <PactEditorScreen
        // A new pact is a new document: nothing of the previous one's editors may survive.
        key={data.pact.id}
        pactId={data.pact.id}
        sections={data.pact.sections}
        me={data.me}
        canEdit={data.canEdit}
        canReview={data.canReview}
        canComment={data.canComment}
        canCallVote={data.canCallVote}
        meetings={data.meetings}
        members={data.members}
        guestComments={data.guestComments}
      />
    </div>
  );
}
