// A pact's history, who changed what: edit sessions per person and section, imports, versions
// made and restored, newest first and grouped by day; filtered by section and person (a GET form,
// so a filtered view has its own address), older entries appended by "Carica altri".
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect, useMemo, useRef, useState } from "react";
import { translate } from "../../core/i18n";
import { DEFAULT_TIME_ZONE, toLocalInputValue } from "../../core/time";
import type { PactHistoryEntry } from "../../server/services/pact-history";
import pactStyles from "../components/pact/pact.css?url";
import { SelectField } from "../components/ui/form";
import { useI18n, type Translate } from "../i18n/use-i18n";
import { loaderError, requireActor } from "../lib/auth.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: pactStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? data.pageTitle : "Tavolo" },
];

/** Entries a page shows before "Carica altri". */
const PAGE_SIZE = 50;

/** An entry as the page shows it: times as ISO strings, the person as a name or null. */
function entryView(entry: PactHistoryEntry) {
  if (entry.kind === "edit") {
    return {
      kind: entry.kind,
      source: entry.source,
      by: entry.by?.name ?? null,
      section: entry.section.title,
      from: entry.from.toISOString(),
      at: entry.to.toISOString(),
      updates: entry.updates,
    };
  }
  return {
    kind: entry.kind,
    by: entry.by?.name ?? null,
    at: entry.at.toISOString(),
    number: entry.number,
    label: entry.label,
    restoredFrom: entry.restoredFrom,
  };
}
type EntryView = ReturnType<typeof entryView>;

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const { pacts } = context.services;
  const url = new URL(request.url);
  // An empty choice in the filter form means "all".
  const filter = {
    section: url.searchParams.get("section") || undefined,
    person: url.searchParams.get("person") || undefined,
  };
  const before = url.searchParams.get("before") || undefined;
  try {
    const pact = await pacts.get(actor, params.id ?? "");
    const [page, people] = await Promise.all([
      pacts.history(actor, pact.id, { ...filter, before, limit: String(PAGE_SIZE) }),
      pacts.historyPeople(actor, pact.id),
    ]);
    return {
      pact: { id: pact.id, title: pact.title },
      pageTitle: translate(context.locale, "pact.history.title", { title: pact.title }),
      sections: pact.sections.map((s) => ({ key: s.key, title: s.title })),
      people: people.flatMap((p) => (p.id ? [{ id: p.id, name: p.name }] : [])),
      filter: { section: filter.section ?? "", person: filter.person ?? "" },
      entries: page.entries.map(entryView),
      nextBefore: page.nextBefore?.toISOString() ?? null,
    };
  } catch (error) {
    loaderError(error);
  }
}

/** Formatting of days and times in the tavolo's zone, in the page's language. */
function useHistoryFormat() {
  const { locale } = useI18n();
  return useMemo(() => {
    const day = new Intl.DateTimeFormat(locale, { dateStyle: "full", timeZone: DEFAULT_TIME_ZONE });
    const time = new Intl.DateTimeFormat(locale, {
      timeStyle: "short",
      timeZone: DEFAULT_TIME_ZONE,
    });
    const dayAndTime = new Intl.DateTimeFormat(locale, {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: DEFAULT_TIME_ZONE,
    });
    return {
      /** The calendar day in the tavolo's zone, as YYYY-MM-DD. */
      dayKey: (iso: string) => toLocalInputValue(new Date(iso)).slice(0, 10),
      day: (iso: string) => day.format(new Date(iso)),
      time: (iso: string) => time.format(new Date(iso)),
      dayAndTime: (iso: string) => dayAndTime.format(new Date(iso)),
    };
  }, [locale]);
}

/** Entries newest first, in runs of the same day. */
function byDay(entries: EntryView[], dayKey: (iso: string) => string) {
  const days: { key: string; entries: { entry: EntryView; index: number }[] }[] = [];
  entries.forEach((entry, index) => {
    const key = dayKey(entry.at);
    const last = days[days.length - 1];
    if (last && last.key === key) last.entries.push({ entry, index });
    else days.push({ key, entries: [{ entry, index }] });
  });
  return days;
}

/** What happened, as a sentence that names who did it. */
function sentenceOf(entry: EntryView, t: Translate): string {
  const name = entry.by ?? t("pact.history.someone");
  if (entry.kind === "edit") {
    const key =
      entry.source === "import"
        ? "pact.history.edit_import"
        : entry.source === "restore"
          ? "pact.history.edit_restore"
          : "pact.history.edit_editor";
    return t(key, { name, section: entry.section });
  }
  if (entry.kind === "restore") {
    return t("pact.history.restore", {
      name,
      from: entry.restoredFrom ?? "",
      number: entry.number,
    });
  }
  return t("pact.history.version", { name, number: entry.number, label: entry.label });
}

/** When: the time of a version, the span of an edit session, with the changes it gathered. */
function when(entry: EntryView, format: ReturnType<typeof useHistoryFormat>, t: Translate) {
  const to = format.time(entry.at);
  if (entry.kind !== "edit") return t("pact.history.at", { time: to });
  const updates =
    entry.updates === 1
      ? t("pact.history.updates_one")
      : t("pact.history.updates_many", { count: entry.updates });
  // A session that began on an earlier day says which.
  const from =
    format.dayKey(entry.from) === format.dayKey(entry.at)
      ? format.time(entry.from)
      : format.dayAndTime(entry.from);
  const span =
    from === to ? t("pact.history.at", { time: to }) : t("pact.history.between", { from, to });
  return `${span} · ${updates}`;
}

export default function PactHistoryPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const filtered = data.filter.section !== "" || data.filter.person !== "";
  const filterKey = `${data.filter.section}|${data.filter.person}`;
  return (
    <div className="page">
      <p className="pact-breadcrumbs">
        <Link to={`/pacts/${data.pact.id}`}>← {t("pact.history.back")}</Link>
        <Link to={`/pacts/${data.pact.id}/versions`}>{t("pact.editor.versions")}</Link>
      </p>
      <h1>{t("pact.history.heading", { title: data.pact.title })}</h1>
      <p className="muted">{t("pact.history.lead")}</p>

      <section className="card" aria-labelledby="history-filter-title">
        <h2 id="history-filter-title">{t("pact.history.filter")}</h2>
        {/* Keyed by the filters, so that "Mostra tutto" resets the choices shown. */}
        <Form method="get" className="pact-history__filter" key={filterKey}>
          <SelectField
            name="section"
            label={t("pact.history.filter_section")}
            idPrefix="history"
            defaultValue={data.filter.section}
            options={[
              { value: "", label: t("pact.history.all_sections") },
              ...data.sections.map((s) => ({ value: s.key, label: s.title })),
            ]}
          />
          <SelectField
            name="person"
            label={t("pact.history.filter_person")}
            idPrefix="history"
            defaultValue={data.filter.person}
            options={[
              { value: "", label: t("pact.history.all_people") },
              ...data.people.map((p) => ({ value: p.id, label: p.name })),
            ]}
          />
          <button type="submit" className="button button--secondary">
            {t("pact.history.filter_submit")}
          </button>
          {filtered && (
            <Link to={`/pacts/${data.pact.id}/history`}>{t("pact.history.filter_clear")}</Link>
          )}
        </Form>
      </section>

      <HistoryList
        // Other filters are another list: what was appended to this one goes.
        key={filterKey}
        pactId={data.pact.id}
        filter={data.filter}
        entries={data.entries}
        nextBefore={data.nextBefore}
        filtered={filtered}
      />
    </div>
  );
}

function HistoryList(props: {
  pactId: string;
  filter: { section: string; person: string };
  entries: EntryView[];
  nextBefore: string | null;
  filtered: boolean;
}) {
  const { t } = useI18n();
  const format = useHistoryFormat();
  const fetcher = useFetcher<typeof loader>();
  const [older, setOlder] = useState<{ entries: EntryView[]; nextBefore: string | null }>({
    entries: [],
    nextBefore: props.nextBefore,
  });
  const [announcement, setAnnouncement] = useState("");
  const firstNew = useRef<number | null>(null);
  const appended = useRef<unknown>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const entries = useMemo(
    () => [...props.entries, ...older.entries],
    [props.entries, older.entries],
  );

  const moreHref = (before: string) => {
    const query = new URLSearchParams();
    if (props.filter.section) query.set("section", props.filter.section);
    if (props.filter.person) query.set("person", props.filter.person);
    query.set("before", before);
    return `/pacts/${props.pactId}/history?${query}`;
  };

  useEffect(() => {
    const page = fetcher.data;
    // Each page is appended once, however often this runs.
    if (fetcher.state !== "idle" || !page || appended.current === page) return;
    appended.current = page;
    firstNew.current = props.entries.length + older.entries.length;
    setOlder({ entries: [...older.entries, ...page.entries], nextBefore: page.nextBefore });
    setAnnouncement(t("pact.history.loaded", { count: page.entries.length }));
  }, [fetcher.state, fetcher.data, props.entries.length, older.entries, t]);

  useEffect(() => {
    // Keyboard and screen reader users go on from the first entry that came in.
    if (firstNew.current === null) return;
    const target = listRef.current?.querySelector<HTMLElement>(
      `[data-entry="${firstNew.current}"]`,
    );
    firstNew.current = null;
    target?.focus();
  }, [older]);

  const days = byDay(entries, format.dayKey);
  const loading = fetcher.state !== "idle";

  return (
    <section aria-labelledby="history-list-title" className="pact-history" ref={listRef}>
      <h2 id="history-list-title">{t("pact.history.list")}</h2>
      {entries.length === 0 ? (
        <p className="empty">
          {props.filtered ? t("pact.history.empty_filtered") : t("pact.history.empty")}
        </p>
      ) : (
        days.map((day) => (
          <section
            key={day.key}
            className="pact-history__day"
            aria-labelledby={`history-day-${day.key}`}
          >
            <h3 id={`history-day-${day.key}`}>{format.day(day.entries[0]!.entry.at)}</h3>
            <ol className="list pact-history__entries">
              {day.entries.map(({ entry, index }) => (
                <li
                  key={index}
                  data-entry={index}
                  tabIndex={-1}
                  className={`pact-history__entry pact-history__entry--${entry.kind}`}
                >
                  <p className="pact-history__what">{sentenceOf(entry, t)}</p>
                  <p className="pact-history__when muted">
                    <time dateTime={entry.at}>{when(entry, format, t)}</time>
                  </p>
                </li>
              ))}
            </ol>
          </section>
        ))
      )}
      {older.nextBefore ? (
        <p>
          <Link
            to={moreHref(older.nextBefore)}
            className="button button--secondary"
            aria-disabled={loading || undefined}
            onClick={(event) => {
              // Without JavaScript the link opens the older page; with it, they are appended here.
              event.preventDefault();
              if (!loading) fetcher.load(moreHref(older.nextBefore!));
            }}
          >
            {loading ? t("pact.history.loading") : t("pact.history.more")}
          </Link>
        </p>
      ) : (
        entries.length > 0 && <p className="muted">{t("pact.history.end")}</p>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </section>
  );
}
