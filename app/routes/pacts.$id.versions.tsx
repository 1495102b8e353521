// A pact's versions: make a named version, list them with their hashes, compare two word by word
// section by section (a GET form, so a comparison has its own address), restore an old one.
import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AppError } from "../../core/errors";
import { translate } from "../../core/i18n";
import { can } from "../../core/permissions";
import pactStyles from "../components/pact/pact.css?url";
import { VersionDiff } from "../components/pact/version-diff";
import { DownloadLinks } from "../components/publishing/download-links";
import { Field, FormErrors, isFailure, Notice, SelectField } from "../components/ui/form";
import { useI18n } from "../i18n/use-i18n";
import { loaderError, requireActor } from "../lib/auth.server";
import { runForm } from "../lib/forms.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: pactStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? data.pageTitle : "Tavolo" },
];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const { pacts, roundtables } = context.services;
  const url = new URL(request.url);
  const from = url.searchParams.get("from");
  const to = url.searchParams.get("to");
  try {
    const pact = await pacts.get(actor, params.id ?? "");
    const [roundtable, versions, publication] = await Promise.all([
      roundtables.get(actor, pact.roundtableId),
      pacts.listVersions(actor, pact.id),
      context.services.exports.publication(actor, pact.id),
    ]);
    const diff = from && to ? await pacts.diff(actor, pact.id, from, to) : null;
    return {
      pact: { id: pact.id, title: pact.title },
      pageTitle: translate(context.locale, "pact.versions.title", { title: pact.title }),
      versions: versions.map((v) => ({
        id: v.id,
        number: v.number,
        label: v.label,
        hash: v.hash,
        createdAt: v.createdAt,
        author: v.createdBy?.name ?? null,
        restoredFrom: v.restoredFrom?.number ?? null,
        agreedAt: v.agreedAt,
        published: publication?.versionId === v.id,
      })),
      compare: { from, to },
      diff: diff && {
        from: diff.from.number,
        to: diff.to.number,
        sections: diff.sections,
      },
      mayVersion: can(roundtable.role, "pact.version"),
      mayPublish: can(roundtable.role, "pact.publish"),
      mayExport: can(roundtable.role, "pact.export"),
    };
  } catch (error) {
    loaderError(error);
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const formData = await request.formData();
  const pactId = params.id ?? "";
  return runForm(formData, async () => {
    const intent = formData.get("intent");
    if (intent === "create") {
      const version = await context.services.pacts.createVersion(actor, pactId, {
        label: formData.get("label"),
      });
      return { ok: true as const, done: "made" as const, number: version.number, restored: 0 };
    }
    if (intent === "restore") {
      const versionId = String(formData.get("versionId") ?? "");
      const version = await context.services.pacts.restoreVersion(actor, pactId, versionId);
      return {
        ok: true as const,
        done: "restored" as const,
        number: version.number,
        restored: version.restoredFrom?.number ?? 0,
      };
    }
    if (intent === "publish") {
      const versionId = String(formData.get("versionId") ?? "");
      const published = await context.services.exports.publish(actor, pactId, { versionId });
      const number = Number(formData.get("number") ?? 0);
      return {
        ok: true as const,
        done: "published" as const,
        number,
        restored: 0,
        url: published.url,
      };
    }
    if (intent === "unpublish") {
      await context.services.exports.unpublish(actor, pactId);
      return { ok: true as const, done: "unpublished" as const, number: 0, restored: 0 };
    }
    throw new AppError("invalid", "error.invalid");
  });
}

export default function PactVersionsPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, formatDateTime } = useI18n();
  const failure = isFailure(result) ? result : null;
  const done = result && !isFailure(result) ? result : null;
  const busy = navigation.state !== "idle";
  const options = data.versions.map((v) => ({
    value: v.id,
    label: `${t("pact.versions.number", { number: v.number })} · ${v.label}`,
  }));
  // By default, the newest against the one before it.
  const defaultTo = data.compare.to ?? data.versions[0]?.id;
  const defaultFrom = data.compare.from ?? data.versions[1]?.id;

  return (
    <div className="page">
      <p className="pact-breadcrumbs">
        <Link to={`/pacts/${data.pact.id}`}>← {t("pact.versions.back")}</Link>
        <Link to={`/pacts/${data.pact.id}/history`}>{t("pact.history.link")}</Link>
        <Link to={`/pacts/${data.pact.id}/motions`}>{t("motions.link")}</Link>
        <Link to={`/pacts/${data.pact.id}/signatures`}>{t("signatures.link")}</Link>
      </p>
      <h1>{t("pact.versions.heading", { title: data.pact.title })}</h1>
      <FormErrors failure={failure} />
      {done?.done === "made" && <Notice>{t("pact.versions.made", { number: done.number })}</Notice>}
      {done?.done === "published" && "url" in done && (
        <Notice>
          {t("publishing.done_published", { number: done.number })}{" "}
          <Link to={done.url}>{t("publishing.public_link")}</Link>
        </Notice>
      )}
      {done?.done === "unpublished" && <Notice>{t("publishing.done_unpublished")}</Notice>}
      {data.mayExport && (
        <section className="card" aria-labelledby="draft-download-title">
          <h2 id="draft-download-title">{t("publishing.download_draft")}</h2>
          <p className="muted">{t("publishing.download_draft_hint")}</p>
          <DownloadLinks href={`/pacts/${data.pact.id}/export`} />
        </section>
      )}
      {done?.done === "restored" && (
        <Notice>{t("pact.versions.restored", { number: done.restored, new: done.number })}</Notice>
      )}

      {data.mayVersion && (
        <section className="card" aria-labelledby="version-make-title">
          <h2 id="version-make-title">{t("pact.versions.make")}</h2>
          <p className="muted">{t("pact.versions.make_hint")}</p>
          <Form method="post" noValidate key={done?.number ?? 0}>
            <input type="hidden" name="intent" value="create" />
            <Field
              name="label"
              label={t("pact.versions.label")}
              hint={t("pact.versions.label_hint")}
              required
              failure={failure}
              idPrefix="version"
              maxLength={200}
            />
            <button type="submit" className="button" disabled={busy}>
              {t("pact.versions.submit")}
            </button>
          </Form>
        </section>
      )}

      <section className="card" aria-labelledby="version-compare-title">
        <h2 id="version-compare-title">{t("pact.versions.compare")}</h2>
        {data.versions.length < 2 ? (
          <p className="empty">{t("pact.versions.need_two")}</p>
        ) : (
          <Form method="get" className="pact-compare">
            <p className="muted">{t("pact.versions.compare_hint")}</p>
            <SelectField
              name="from"
              label={t("pact.versions.from")}
              required
              idPrefix="compare"
              defaultValue={defaultFrom}
              options={options}
            />
            <SelectField
              name="to"
              label={t("pact.versions.to")}
              required
              idPrefix="compare"
              defaultValue={defaultTo}
              options={options}
            />
            <button type="submit" className="button button--secondary">
              {t("pact.versions.compare_submit")}
            </button>
          </Form>
        )}
      </section>

      {data.diff && <VersionDiff {...data.diff} />}

      <section className="card" aria-labelledby="versions-list-title">
        <h2 id="versions-list-title">{t("pact.versions.list")}</h2>
        {data.versions.length === 0 ? (
          <p className="empty">{t("pact.versions.empty")}</p>
        ) : (
          <ol className="list pact-versions" reversed>
            {data.versions.map((version) => (
              <li key={version.id}>
                <h3 className="pact-versions__title">
                  {t("pact.versions.number", { number: version.number })} · {version.label}
                </h3>
                <p className="muted">
                  {version.author
                    ? t("pact.versions.made_by", {
                        name: version.author,
                        when: formatDateTime(version.createdAt),
                      })
                    : t("pact.versions.made_at", { when: formatDateTime(version.createdAt) })}
                  {version.restoredFrom !== null &&
                    ` · ${t("pact.versions.restored_from", { number: version.restoredFrom })}`}
                </p>
                <p className="muted">
                  {t("pact.versions.hash")}: <code className="hash">{version.hash}</code>
                </p>
                {(version.agreedAt || version.published) && (
                  <p className="pact-versions__state">
                    {version.agreedAt && (
                      <span className="badge">
                        {t("publishing.agreed", { when: formatDateTime(version.agreedAt) })}
                      </span>
                    )}{" "}
                    {version.published && (
                      <Link className="badge" to={`/public/pacts/${data.pact.id}`}>
                        {t("publishing.published")} · {t("publishing.public_link")}
                      </Link>
                    )}
                  </p>
                )}
                {data.mayExport && (
                  <details className="pact-versions__downloads">
                    <summary>
                      {t("publishing.download_version", { number: version.number })}
                    </summary>
                    <DownloadLinks href={`/pacts/${data.pact.id}/export`} version={version.id} />
                  </details>
                )}
                {data.mayPublish && version.agreedAt && (
                  <Form
                    method="post"
                    onSubmit={(event) => {
                      const question = version.published
                        ? t("publishing.unpublish")
                        : t("publishing.publish_confirm", { number: version.number });
                      if (!window.confirm(question)) event.preventDefault();
                    }}
                  >
                    <input
                      type="hidden"
                      name="intent"
                      value={version.published ? "unpublish" : "publish"}
                    />
                    <input type="hidden" name="versionId" value={version.id} />
                    <input type="hidden" name="number" value={version.number} />
                    <button
                      type="submit"
                      className={`button button--small${version.published ? " button--secondary" : ""}`}
                      disabled={busy}
                    >
                      {version.published
                        ? t("publishing.unpublish")
                        : t("publishing.publish", { number: version.number })}
                    </button>
                  </Form>
                )}
                {data.mayVersion && (
                  <Form
                    method="post"
                    onSubmit={(event) => {
                      if (
                        !window.confirm(
                          t("pact.versions.restore_confirm", { number: version.number }),
                        )
                      )
                        event.preventDefault();
                    }}
                  >
                    <input type="hidden" name="intent" value="restore" />
                    <input type="hidden" name="versionId" value={version.id} />
                    <button
                      type="submit"
                      className="button button--secondary button--small"
                      disabled={busy}
                    >
                      {t("pact.versions.restore", { number: version.number })}
                    </button>
                  </Form>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
