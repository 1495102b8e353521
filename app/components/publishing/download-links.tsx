// The links to download a document in every export format (core/export/model.ts EXPORT_FORMATS).
import { EXPORT_FORMATS } from "../../../core/export/model";
import { useI18n } from "../../i18n/use-i18n";

/** One link per export format; `version` picks a version, else the text as it stands. */
export function DownloadLinks(props: { href: string; version?: string }) {
  const { t } = useI18n();
  return (
    <ul className="pact-downloads">
      {EXPORT_FORMATS.map((format) => {
        const query = new URLSearchParams({
          format,
          ...(props.version ? { version: props.version } : {}),
        });
        return (
          <li key={format}>
            <a href={`${props.href}?${query}`} download>
              {t(`publishing.format_${format}`)}
            </a>
          </li>
        );
      })}
    </ul>
  );
}
