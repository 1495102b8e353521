import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useI18n } from "../i18n/use-i18n";

export const meta: MetaFunction = () => [{ title: "Tavolo" }];

export async function loader({ context }: LoaderFunctionArgs) {
  if (!context.actor) return { signedIn: false as const, roundtables: [] };
  const roundtables = await context.services.roundtables.list(context.actor);
  return {
    signedIn: true as const,
    roundtables: roundtables.map((r) => ({
      id: r.id,
      name: r.name,
      territory: r.territory,
      role: r.role,
    })),
  };
}

export default function Home() {
  const data = useLoaderData<typeof loader>();
  const { t } = useI18n();
  if (!data.signedIn) {
    return (
      <div className="page">
        <h1>{t("home.title")}</h1>
        <p className="lead">{t("app.tagline")}</p>
        <p>{t("home.lead")}</p>
        <div className="actions">
          <Link className="button" to="/signup">
            {t("home.cta_signup")}
          </Link>
          <Link className="button button--secondary" to="/login">
            {t("home.cta_login")}
          </Link>
        </div>
      </div>
    );
  }
  return (
    <div className="page">
      <h1>{t("home.your_roundtables")}</h1>
      <div className="actions">
        <Link className="button" to="/roundtables/new">
          {t("home.new_roundtable")}
        </Link>
      </div>
      {data.roundtables.length === 0 ? (
        <p className="empty">{t("home.empty")}</p>
      ) : (
        <ul className="list card">
          {data.roundtables.map((r) => (
            <li key={r.id}>
              <Link to={`/roundtables/${r.id}`}>{r.name}</Link>
              <div className="muted">
                {r.territory} · {t("home.role", { role: t(`role.${r.role}`) })}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
