// A pact's signatures: the agreed version and its hash, each organisation with who signs for it and
// whether it has signed, signing (sottoscrivere or aderire) after a confirmation that shows the hash,
// and, for facilitators and the secretary, naming signers and keeping the digitally signed files.
// Every step is a plain form: the confirmation is a page state (?sign=&organization=) that script
// turns into a modal dialog, and the upload is multipart.
import {
  data,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useLocation,
  useNavigate,
  useNavigation,
} from "@remix-run/react";
import { useEffect, useId, useRef } from "react";
import { AppError, isAppError } from "../../core/errors";
import { translate } from "../../core/i18n";
import { MAX_SIGNED_FILE_BYTES } from "../../core/pact/signed-file";
import { SIGNATURE_ROLES, type SignatureRole } from "../../core/signatures";
import styles from "../components/signatures/signatures.css?url";
import { fieldAria, FieldShell, Notice, OptionList } from "../components/ui/form";
import { useI18n } from "../i18n/use-i18n";
import { loaderError, requireActor } from "../lib/auth.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? data.pageTitle : "Tavolo" },
];

const isRole = (value: unknown): value is SignatureRole =>
  (SIGNATURE_ROLES as readonly unknown[]).includes(value);

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const { pacts, signatures } = context.services;
  const url = new URL(request.url);
  const versionParam = url.searchParams.get("version");
  try {
    const pact = await pacts.get(actor, params.id ?? "");
    const [shown, signers, files, versions] = await Promise.all([
      signatures.listSignatures(actor, pact.id, versionParam ? { version: versionParam } : {}),
      signatures.listSigners(actor, pact.id),
      signatures.listSignedFiles(actor, pact.id),
      pacts.listVersions(actor, pact.id),
    ]);
    const agreed = shown.version?.agreedAt ? shown.version : null;
    const organizations = signers.organizations.map((organization) => {
      const signature = shown.signatures.find((s) => s.organizationId === organization.id);
      const named = organization.signers?.some((s) => s.userId === actor.userId) ?? false;
      return {
        id: organization.id,
        name: organization.name,
        signers: organization.signers,
        candidates:
          organization.members?.filter(
            (m) => !organization.signers?.some((s) => s.userId === m.userId),
          ) ?? null,
        signature: signature
          ? { person: signature.person, role: signature.role, signedAt: signature.signedAt }
          : null,
        maySign: Boolean(agreed) && named && !signature,
      };
    });
    // The confirmation step, when asked for one the reader may take.
    const askedRole = url.searchParams.get("sign");
    const asked = organizations.find((o) => o.id === url.searchParams.get("organization"));
    const confirm =
      agreed && asked?.maySign && isRole(askedRole)
        ? { organizationId: asked.id, organization: asked.name, role: askedRole }
        : null;
    return {
      pact: { id: pact.id, title: pact.title },
      pageTitle: translate(context.locale, "signatures.title", { title: pact.title }),
      version: shown.version,
      newerVersion:
        shown.version && shown.newestVersionNumber !== null
          ? shown.newestVersionNumber > shown.version.number
            ? shown.newestVersionNumber
            : null
          : null,
      otherAgreed: versions
        .filter((v) => v.agreedAt && v.id !== shown.version?.id)
        .map((v) => ({ id: v.id, number: v.number })),
      versionParam: shown.version && versionParam ? shown.version.id : null,
      organizations,
      mayManage: signers.mayManage,
      files,
      confirm,
    };
  } catch (error) {
    loaderError(error);
  }
}

/** A text field's most bytes in the upload form (ids and an intent). */
const FIELD_LIMIT = 4096;

/**
 * The upload form's fields, the file held in memory up to the limit: past it, refused as the
 * file's error before anything is kept.
 */
async function readUpload(request: Request): Promise<FormData> {
  return unstable_parseMultipartFormData(request, async ({ filename, contentType, data }) => {
    const limit = filename === undefined ? FIELD_LIMIT : MAX_SIGNED_FILE_BYTES;
    const chunks: Uint8Array<ArrayBuffer>[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size > limit) {
        throw new AppError("too_large", "error.too_large", {
          file: "signatures.error.file_too_large",
        });
      }
      chunks.push(chunk as Uint8Array<ArrayBuffer>);
    }
    if (filename === undefined)
      return new TextDecoder().decode(await new Blob(chunks).arrayBuffer());
    return new File(chunks, filename, { type: contentType });
  });
}

type Done =
  | { ok: true; done: "signed"; organization: string; number: number }
  | { ok: true; done: "signers"; organization: string }
  | { ok: true; done: "uploaded"; organization: string; fileName: string; sha256: string };

interface Failure {
  ok: false;
  /** The message, in the page's language, with its details (who already signed). */
  message: string;
  /** Field name → message. */
  fields: Record<string, string>;
  intent: string;
  organizationId: string;
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const { signatures } = context.services;
  const pactId = params.id ?? "";
  const multipart = (request.headers.get("content-type") ?? "").startsWith("multipart/form-data");
  let formData: FormData | null = null;
  const field = (name: string) => {
    const value = formData?.get(name);
    return typeof value === "string" ? value : "";
  };
  try {
    formData = multipart ? await readUpload(request) : await request.formData();
    const intent = field("intent");
    const organizationId = field("organizationId");
    const organizationName = async () =>
      (await signatures.listSigners(actor, pactId)).organizations.find(
        (o) => o.id === organizationId.toLowerCase(),
      )?.name ?? "";
    if (intent === "sign") {
      const signature = await signatures.sign(actor, pactId, field("versionId"), {
        organizationId,
        role: field("role"),
      });
      return {
        ok: true,
        done: "signed",
        organization: signature.organization,
        number: signature.versionNumber,
      } satisfies Done;
    }
    if (intent === "add_signer" || intent === "remove_signer") {
      const change = intent === "add_signer" ? signatures.nameSigner : signatures.removeSigner;
      await change(actor, organizationId, field("userId"));
      return { ok: true, done: "signers", organization: await organizationName() } satisfies Done;
    }
    if (intent === "upload") {
      const file = formData.get("file");
      const bytes =
        file instanceof Blob ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
      const kept = await signatures.attachSignedFile(actor, pactId, field("versionId"), {
        organizationId,
        name: file instanceof File ? file.name : "",
        bytes,
      });
      return {
        ok: true,
        done: "uploaded",
        organization: kept.organization,
        fileName: kept.fileName,
        sha256: kept.sha256,
      } satisfies Done;
    }
    throw new AppError("invalid", "error.invalid");
  } catch (error) {
    if (!isAppError(error)) throw error;
    const fields = Object.fromEntries(
      Object.entries(error.fields ?? {}).map(([name, key]) => [
        name,
        translate(context.locale, key),
      ]),
    );
    return data<Failure>(
      {
        ok: false,
        message: translate(context.locale, error.messageKey, error.vars),
        fields,
        intent: field("intent"),
        organizationId: field("organizationId"),
      },
      { status: error.status },
    );
  }
}

type LoaderData = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>>;
type OrganizationRow = LoaderData["organizations"][number];

/** The page's address with only the version shown (no confirmation step). */
function pageHref(pactId: string, versionId: string | null) {
  const base = `/pacts/${pactId}/signatures`;
  return versionId ? `${base}?version=${versionId}` : base;
}

export default function PactSignaturesPage() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, formatDateTime } = useI18n();
  const failure = result && !result.ok ? (result as Failure) : null;
  const done = result && result.ok ? (result as Done) : null;
  const errorRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (failure) errorRef.current?.focus();
  }, [failure]);
  const here = pageHref(page.pact.id, page.versionParam);

  return (
    <div className="page signatures">
      <p className="signatures-breadcrumbs">
        <Link to={`/pacts/${page.pact.id}`}>← {t("signatures.back")}</Link>
        <Link to={`/pacts/${page.pact.id}/versions`}>{t("signatures.versions_link")}</Link>
        <Link to={`/pacts/${page.pact.id}/motions`}>{t("motions.link")}</Link>
      </p>
      <h1>{t("signatures.heading", { title: page.pact.title })}</h1>
      <p className="lead">{t("signatures.lead")}</p>
      {page.confirm && page.version && (
        <SignDialog confirm={page.confirm} version={page.version} closeHref={here} />
      )}
      {failure && (
        <div className="notice notice--error" role="alert" tabIndex={-1} ref={errorRef}>
          <p>
            <strong>{failure.message}</strong>
          </p>
        </div>
      )}
      {done?.done === "signed" && (
        <Notice>
          {t("signatures.done_signed", { organization: done.organization, number: done.number })}
        </Notice>
      )}
      {done?.done === "signers" && (
        <Notice>{t("signatures.done_signers", { organization: done.organization })}</Notice>
      )}
      {done?.done === "uploaded" && (
        <Notice>
          <p>
            {t("signatures.uploaded", { name: done.fileName, organization: done.organization })}
          </p>
          <p>
            {t("signatures.uploaded_hash")}: <code className="hash">{done.sha256}</code>
          </p>
        </Notice>
      )}

      <VersionCard page={page} />

      <section className="card" aria-labelledby="signatures-table-title">
        <h2 id="signatures-table-title">{t("signatures.table_heading")}</h2>
        {page.organizations.length === 0 ? (
          <p className="empty">{t("signatures.no_organizations")}</p>
        ) : (
          <div className="signatures-scroll">
            <table className="signatures-table">
              <caption>{t("signatures.table_caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("signatures.col_organization")}</th>
                  <th scope="col">{t("signatures.col_signers")}</th>
                  <th scope="col">{t("signatures.col_state")}</th>
                  <th scope="col">{t("signatures.col_time")}</th>
                </tr>
              </thead>
              <tbody>
                {page.organizations.map((organization) => (
                  <tr key={organization.id}>
                    <th scope="row">{organization.name}</th>
                    <td>
                      <Signers organization={organization} failure={failure} here={here} />
                    </td>
                    <td>
                      <SignatureState
                        organization={organization}
                        pactId={page.pact.id}
                        versionParam={page.versionParam}
                      />
                    </td>
                    <td>
                      {organization.signature
                        ? formatDateTime(organization.signature.signedAt)
                        : "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <SignedFiles page={page} failure={failure} done={done} here={here} />
    </div>
  );
}

function VersionCard({ page }: { page: LoaderData }) {
  const { t, formatDateTime } = useI18n();
  const version = page.version;
  return (
    <section className="card" aria-labelledby="signatures-version-title">
      <h2 id="signatures-version-title">{t("signatures.version_heading")}</h2>
      {!version ? (
        <p className="empty">{t("signatures.no_agreed")}</p>
      ) : (
        <>
          <p>
            <strong>
              {t("signatures.version_line", { number: version.number, label: version.label })}
            </strong>
          </p>
          <p>
            {version.agreedAt
              ? t("signatures.version_agreed", { when: formatDateTime(version.agreedAt) })
              : t("signatures.version_not_agreed")}
          </p>
          <p>
            {t("signatures.version_hash")}: <code className="hash">{version.hash}</code>
          </p>
          {version.agreedAt && !version.latest && (
            <p className="notice notice--info">
              {t("signatures.not_latest")}{" "}
              <Link to={`/pacts/${page.pact.id}/signatures`}>{t("signatures.latest_link")}</Link>
            </p>
          )}
          {page.newerVersion !== null && (
            <p className="notice notice--info">
              {t("signatures.newer_version", { number: page.newerVersion })}
            </p>
          )}
        </>
      )}
      {page.otherAgreed.length > 0 && (
        <nav aria-label={t("signatures.other_versions")}>
          <p>
            {t("signatures.other_versions")}:{" "}
            {page.otherAgreed.map((v, i) => (
              <span key={v.id}>
                {i > 0 && ", "}
                <Link to={pageHref(page.pact.id, v.id)}>
                  {t("signatures.version_link", { number: v.number })}
                </Link>
              </span>
            ))}
          </p>
        </nav>
      )}
    </section>
  );
}

/** Who signs for an organisation; facilitators and the secretary add and remove them here. */
function Signers({
  organization,
  failure,
  here,
}: {
  organization: OrganizationRow;
  failure: Failure | null;
  here: string;
}) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const selectId = `signer-${organization.id}`;
  const error =
    failure?.intent === "add_signer" && failure.organizationId === organization.id
      ? (failure.fields.userIds ?? failure.message)
      : undefined;
  if (organization.signers === null) {
    return <span className="muted">{t("signatures.signers_hidden")}</span>;
  }
  return (
    <>
      {organization.signers.length === 0 ? (
        <p className="empty">{t("signatures.no_signers")}</p>
      ) : (
        <ul className="signatures-signers">
          {organization.signers.map((signer) => (
            <li key={signer.userId}>
              <span>
                {signer.name}
                {signer.email && <span className="muted"> · {signer.email}</span>}
              </span>
              {organization.candidates !== null && (
                <Form method="post" action={here} className="inline-form" preventScrollReset>
                  <input type="hidden" name="intent" value="remove_signer" />
                  <input type="hidden" name="organizationId" value={organization.id} />
                  <input type="hidden" name="userId" value={signer.userId} />
                  <button
                    type="submit"
                    className="button button--secondary button--small"
                    disabled={busy}
                    aria-label={t("signatures.remove_signer_label", {
                      name: signer.name,
                      organization: organization.name,
                    })}
                  >
                    {t("signatures.remove_signer")}
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
      {organization.candidates !== null &&
        (organization.candidates.length === 0 ? (
          <p className="muted">{t("signatures.no_candidates")}</p>
        ) : (
          <Form method="post" action={here} className="signatures-add" preventScrollReset>
            <input type="hidden" name="intent" value="add_signer" />
            <input type="hidden" name="organizationId" value={organization.id} />
            <FieldShell
              id={selectId}
              label={t("signatures.add_signer", { organization: organization.name })}
              error={error}
            >
              <select id={selectId} name="userId" required {...fieldAria(selectId, { error })}>
                <OptionList
                  options={organization.candidates.map((m) => ({ value: m.userId, label: m.name }))}
                />
              </select>
            </FieldShell>
            <button type="submit" className="button button--small" disabled={busy}>
              {t("signatures.add_signer_submit")}
            </button>
          </Form>
        ))}
    </>
  );
}

/** Signed, adhered or pending; to a named signer of a pending organisation, the two buttons. */
function SignatureState({
  organization,
  pactId,
  versionParam,
}: {
  organization: OrganizationRow;
  pactId: string;
  versionParam: string | null;
}) {
  const { t } = useI18n();
  const signature = organization.signature;
  if (signature) {
    return (
      <strong>
        {signature.role === "signatory"
          ? t("signatures.state_signatory", { name: signature.person })
          : t("signatures.state_adherent", { name: signature.person })}
      </strong>
    );
  }
  return (
    <>
      <span>{t("signatures.state_pending")}</span>
      {organization.maySign && (
        // A GET form: the confirmation is a state of the page, so it works without script too.
        <Form
          method="get"
          action={`/pacts/${pactId}/signatures`}
          className="signatures-sign"
          preventScrollReset
        >
          {versionParam && <input type="hidden" name="version" value={versionParam} />}
          <input type="hidden" name="organization" value={organization.id} />
          <button
            type="submit"
            name="sign"
            value="signatory"
            className="button button--small"
            aria-label={t("signatures.sign_for", { organization: organization.name })}
          >
            {t("signatures.sign")}
          </button>
          <button
            type="submit"
            name="sign"
            value="adherent"
            className="button button--secondary button--small"
            aria-label={t("signatures.adhere_for", { organization: organization.name })}
          >
            {t("signatures.adhere")}
          </button>
        </Form>
      )}
    </>
  );
}

/**
 * The confirmation before signing, with the hash being signed. Rendered open in the page (without
 * script it is a plain section of it); with script it becomes a modal dialog with the focus on
 * "Annulla", and Escape or "Annulla" go back to the page without the confirmation step.
 */
function SignDialog({
  confirm,
  version,
  closeHref,
}: {
  confirm: NonNullable<LoaderData["confirm"]>;
  version: NonNullable<LoaderData["version"]>;
  closeHref: string;
}) {
  const { t } = useI18n();
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLAnchorElement>(null);
  const navigate = useNavigate();
  const location = useLocation();
  const navigation = useNavigation();
  const submitted = useRef(false);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    // Server-rendered open (not modal): reopened as a modal, which keeps the focus inside it.
    if (dialog.open) dialog.removeAttribute("open");
    dialog.showModal();
    cancelRef.current?.focus();
  }, [confirm.organizationId, confirm.role]);

  const role = confirm.role === "signatory" ? "signatory" : "adherent";
  return (
    <dialog
      ref={ref}
      open
      className="signatures-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      onClose={() => {
        if (!submitted.current && location.search.includes("sign=")) {
          navigate(closeHref, { replace: true, preventScrollReset: true });
        }
      }}
    >
      <h2 id={`${id}-title`}>
        {t(role === "signatory" ? "signatures.confirm_signatory" : "signatures.confirm_adherent", {
          organization: confirm.organization,
        })}
      </h2>
      <p id={`${id}-text`}>
        {t("signatures.confirm_text", {
          number: version.number,
          label: version.label,
          role: t(role === "signatory" ? "signatures.role_signatory" : "signatures.role_adherent"),
          organization: confirm.organization,
        })}
      </p>
      <p>
        <strong>{t("signatures.confirm_hash")}</strong>
        <code className="hash">{version.hash}</code>
      </p>
      <Form
        method="post"
        action={closeHref}
        preventScrollReset
        onSubmit={() => {
          submitted.current = true;
        }}
      >
        <input type="hidden" name="intent" value="sign" />
        <input type="hidden" name="versionId" value={version.id} />
        <input type="hidden" name="organizationId" value={confirm.organizationId} />
        <input type="hidden" name="role" value={role} />
        <div className="actions">
          <button type="submit" className="button" disabled={navigation.state !== "idle"}>
            {t(
              role === "signatory"
                ? "signatures.confirm_submit_signatory"
                : "signatures.confirm_submit_adherent",
            )}
          </button>
          <Link
            ref={cancelRef}
            to={closeHref}
            replace
            preventScrollReset
            className="button button--secondary"
          >
            {t("common.cancel")}
          </Link>
        </div>
      </Form>
    </dialog>
  );
}

/** The signed files, with their checksums and downloads; facilitators and the secretary upload. */
function SignedFiles({
  page,
  failure,
  done,
  here,
}: {
  page: LoaderData;
  failure: Failure | null;
  done: Done | null;
  here: string;
}) {
  const { t, formatShortDateTime, formatNumber } = useI18n();
  const navigation = useNavigation();
  const uploadFailure = failure?.intent === "upload" ? failure : null;
  const version = page.version?.agreedAt ? page.version : null;
  const fileError =
    uploadFailure &&
    (uploadFailure.fields.file ??
      (Object.keys(uploadFailure.fields).length === 0 ? uploadFailure.message : undefined));
  return (
    <section className="card" aria-labelledby="signatures-files-title">
      <h2 id="signatures-files-title">{t("signatures.files_heading")}</h2>
      <p className="muted">{t("signatures.files_lead")}</p>
      {page.mayManage && version && page.organizations.length > 0 && (
        <Form
          method="post"
          action={here}
          encType="multipart/form-data"
          preventScrollReset
          // A new form after each upload: the file input empties.
          key={done?.done === "uploaded" ? done.sha256 : "upload"}
        >
          <h3>{t("signatures.upload_heading")}</h3>
          <input type="hidden" name="intent" value="upload" />
          <input type="hidden" name="versionId" value={version.id} />
          <FieldShell
            id="upload-organization"
            label={t("signatures.upload_organization")}
            error={uploadFailure?.fields.organizationId}
          >
            <select
              id="upload-organization"
              name="organizationId"
              required
              defaultValue={uploadFailure?.organizationId}
              {...fieldAria("upload-organization", { error: uploadFailure?.fields.organizationId })}
            >
              <OptionList
                options={page.organizations.map((o) => ({ value: o.id, label: o.name }))}
              />
            </select>
          </FieldShell>
          <FieldShell
            id="upload-file"
            label={t("signatures.upload_file")}
            hint={t("signatures.upload_file_hint", { number: version.number })}
            error={fileError ?? undefined}
          >
            <input
              id="upload-file"
              name="file"
              type="file"
              accept=".pdf,.p7m,application/pdf,application/pkcs7-mime"
              required
              {...fieldAria("upload-file", { hint: true, error: fileError })}
            />
          </FieldShell>
          <button type="submit" className="button" disabled={navigation.state !== "idle"}>
            {t("signatures.upload_submit")}
          </button>
        </Form>
      )}
      {page.files.length === 0 ? (
        <p className="empty">{t("signatures.files_empty")}</p>
      ) : (
        <div className="signatures-scroll">
          <table className="signatures-table signatures-files">
            <caption>{t("signatures.files_caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("signatures.col_organization")}</th>
                <th scope="col">{t("signatures.col_file")}</th>
                <th scope="col">{t("signatures.col_kind")}</th>
                <th scope="col">{t("signatures.col_size")}</th>
                <th scope="col">{t("signatures.col_sha256")}</th>
                <th scope="col">{t("signatures.col_uploaded")}</th>
              </tr>
            </thead>
            <tbody>
              {page.files.map((file) => (
                <tr key={file.id}>
                  <th scope="row">{file.organization}</th>
                  <td>
                    <a
                      href={`/signed-files/${file.id}`}
                      download={file.fileName}
                      aria-label={t("signatures.download_label", { name: file.fileName })}
                    >
                      {file.fileName}
                    </a>
                  </td>
                  <td>
                    {t(file.kind === "pades" ? "signatures.kind_pades" : "signatures.kind_cades")}
                  </td>
                  <td>
                    {t("signatures.size_kb", {
                      size: formatNumber(Math.max(1, Math.round(file.size / 1024))),
                    })}
                  </td>
                  <td>
                    <code className="hash">{file.sha256}</code>
                  </td>
                  <td>
                    {file.uploadedBy
                      ? t("signatures.uploaded_by", {
                          when: formatShortDateTime(file.uploadedAt),
                          number: file.versionNumber,
                          name: file.uploadedBy,
                        })
                      : t("signatures.uploaded_at", {
                          when: formatShortDateTime(file.uploadedAt),
                          number: file.versionNumber,
                        })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
