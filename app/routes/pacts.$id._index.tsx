// The pact editor (issue 6): every section of the pact, written together in real time.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { translate } from "../../core/i18n";
import { can } from "../../core/permissions";
import { PactEditorScreen } from "../components/pact/pact-editor-screen";
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
    return {
      pact: {
        id: pact.id,
        title: pact.title,
        sections: pact.sections.map((s) => ({
          key: s.key,
          title: s.title,
          guidance: s.guidance,
          limit: s.limit,
          characters: s.characters,
        })),
      },
      roundtable: { id: roundtable.id, name: roundtable.name },
      pageTitle: translate(context.locale, "pact.editor.page_title", { title: pact.title }),
      canEdit: can(roundtable.role, "pact.edit"),
      // Shown to the other writers beside their caret and in the outline: a name, never an email.
      me: { name: actor.name },
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
      </p>
      <h1>{data.pact.title}</h1>
      <PactEditorScreen
        // A new pact is a new document: nothing of the previous one's editors may survive.
        key={data.pact.id}
        pactId={data.pact.id}
        sections={data.pact.sections}
        me={data.me}
        canEdit={data.canEdit}
      />
    </div>
  );
}
