// /public/pacts/:id: a published pact, read by anyone without logging in. The agreed text, who
// signed it, the downloads, and where each objective comes from, counted by group: never a name,
// an email or a card of a remote contributor.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { blocksFromMarkdown } from "../../core/export/from-markdown";
import { exportLabels } from "../../core/export/labels";
import { EXPORT_FORMATS } from "../../core/export/model";
import { translate } from "../../core/i18n";
import { DocumentBlocks } from "../components/publishing/document-blocks";
import publicStyles from "../components/publishing/public.css?url";
import { useI18n } from "../i18n/use-i18n";
import { loaderError } from "../lib/auth.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: publicStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: data.pageTitle },
        { name: "description", content: data.description },
        { property: "og:title", content: data.pageTitle },
      ]
    : [{ title: "Tavolo" }];

export async function loader({ context, params }: LoaderFunctionArgs) {
  try {
    const view = await context.services.exports.publicPact(params.id ?? "");
    const { groups, footnotes } = exportLabels(context.locale, "pact");
    return {
      pageTitle: translate(context.locale, "publishing.public_title", {
        title: view.title,
        roundtable: view.roundtable,
      }),
      description: translate(context.locale, "publishing.public_lead", {
        roundtable: view.roundtable,
        territory: view.territory,
      }),
      footnotesLabel: footnotes,
      pactId: view.pactId,
      title: view.title,
      roundtable: view.roundtable,
      territory: view.territory,
      version: view.version,
      publishedAt: view.publishedAt,
      sections: view.sections.map((s, i) => ({
        id: `sezione-${i + 1}`,
        title: s.title,
        blocks: blocksFromMarkdown(s.markdown),
      })),
      signatories: view.signatories,
      objectives: view.objectives.map((o) => ({
        id: o.id,
        title: o.title,
        area: o.area,
        voices: Object.entries(o.voices)
          .filter(([, count]) => count > 0)
          .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
          .map(([group, count]) => ({ group: groups[group] ?? group, count })),
      })),
    };
  } catch (error) {
    loaderError(error);
  }
}

export default function PublicPactPage() {
  const data = useLoaderData<typeof loader>();
  const { t, formatDateTime } = useI18n();
  return (
    <article className="page public-pact" aria-labelledby="public-title">
      <header>
        <p className="muted">
          {data.roundtable} · {data.territory}
        </p>
        <h1 id="public-title">{data.title}</h1>
        <p>
          {t("publishing.public_lead", { roundtable: data.roundtable, territory: data.territory })}
        </p>
        <p>
          <strong>
            {t("publishing.public_version", {
              number: data.version.number,
              label: data.version.label,
            })}
          </strong>
          {data.version.agreedAt &&
            ` · ${t("publishing.public_agreed", {
              when: formatDateTime(data.version.agreedAt),
              published: formatDateTime(data.publishedAt),
            })}`}
        </p>
        <p className="muted">
          {t("publishing.public_hash")}: <code className="hash">{data.version.hash}</code>
        </p>
      </header>

      <nav aria-labelledby="public-downloads" className="card">
        <h2 id="public-downloads">{t("publishing.public_downloads")}</h2>
        <ul className="public-downloads">
          {EXPORT_FORMATS.map((format) => (
            <li key={format}>
              <a href={`/public/pacts/${data.pactId}/export?format=${format}`} download>
                {t(`publishing.format_${format}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>

      <nav aria-labelledby="public-contents">
        <h2 id="public-contents">{t("publishing.public_contents")}</h2>
        <ol>
          {data.sections.map((s) => (
            <li key={s.id}>
              <a href={`#${s.id}`}>{s.title}</a>
            </li>
          ))}
          <li>
            <a href="#tracciabilita">{t("publishing.public_traceability")}</a>
          </li>
          <li>
            <a href="#firme">{t("publishing.public_signatories")}</a>
          </li>
        </ol>
      </nav>

      {data.sections.map((s) => (
        <section key={s.id} aria-labelledby={s.id} className="public-section">
          <h2 id={s.id}>{s.title}</h2>
          <DocumentBlocks idPrefix={s.id} blocks={s.blocks} footnotesLabel={data.footnotesLabel} />
        </section>
      ))}

      <section aria-labelledby="tracciabilita" className="public-section">
        <h2 id="tracciabilita">{t("publishing.public_traceability")}</h2>
        <p>{t("publishing.public_traceability_lead")}</p>
        {data.objectives.length === 0 ? (
          <p className="empty">{t("publishing.public_no_objectives")}</p>
        ) : (
          <div className="public-table">
            <table>
              <caption className="visually-hidden">{t("publishing.public_traceability")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("publishing.public_objective")}</th>
                  <th scope="col">{t("publishing.public_count")}</th>
                  <th scope="col">{t("publishing.public_group")}</th>
                </tr>
              </thead>
              <tbody>
                {data.objectives.map((o) => (
                  <tr key={o.id}>
                    <th scope="row">
                      {o.title}
                      {o.area && <span className="muted"> · {o.area}</span>}
                    </th>
                    <td>
                      {t("publishing.public_voices_total", {
                        count: o.voices.reduce((sum, v) => sum + v.count, 0),
                      })}
                    </td>
                    <td>
                      {o.voices.length === 0 ? (
                        t("publishing.public_no_voices")
                      ) : (
                        <ul className="public-voices">
                          {o.voices.map((v) => (
                            <li key={v.group}>
                              {v.group}: {v.count}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="firme" className="public-section">
        <h2 id="firme">{t("publishing.public_signatories")}</h2>
        {data.signatories.length === 0 ? (
          <p className="empty">{t("publishing.public_no_signatories")}</p>
        ) : (
          <div className="public-table">
            <table>
              <caption className="visually-hidden">{t("publishing.public_signatories")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("publishing.public_organization")}</th>
                  <th scope="col">{t("publishing.public_role")}</th>
                  <th scope="col">{t("publishing.public_person")}</th>
                  <th scope="col">{t("publishing.public_signed_at")}</th>
                </tr>
              </thead>
              <tbody>
                {data.signatories.map((s) => (
                  <tr key={`${s.organization}-${s.role}`}>
                    <th scope="row">{s.organization}</th>
                    <td>
                      {s.role === "signatory"
                        ? t("publishing.public_signatory")
                        : t("publishing.public_adherent")}
                    </td>
                    <td>{s.person}</td>
                    <td>{formatDateTime(s.signedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </article>
  );
}
