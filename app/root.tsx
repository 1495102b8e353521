import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, useRef } from "react";
import { LOCALES, type Locale } from "../core/domain";
import { translate } from "../core/i18n";
import { useI18n } from "./i18n/use-i18n";
import { useNonce } from "./lib/nonce";
import stylesHref from "./styles.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Tavolo" }];

export async function loader({ context }: LoaderFunctionArgs) {
  return {
    locale: context.locale,
    user: context.actor ? { name: context.actor.name, isAdmin: context.actor.isAdmin } : null,
  };
}

type RootData = Awaited<ReturnType<typeof loader>>;

function LanguageSwitcher() {
  const { t, locale } = useI18n();
  const location = useLocation();
  return (
    <Form
      method="post"
      action="/locale"
      className="language-switcher"
      aria-label={t("locale.switch")}
    >
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      {LOCALES.map((code) => (
        <button
          key={code}
          type="submit"
          name="locale"
          value={code}
          lang={code}
          aria-pressed={code === locale}
          className="link-button"
        >
          {t(`locale.${code}`)}
        </button>
      ))}
    </Form>
  );
}

function Header() {
  const data = useRouteLoaderData<RootData>("root");
  const { t } = useI18n();
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <div className="site-header__inner">
        <Link to="/" className="brand">
          {t("app.name")}
        </Link>
        <nav aria-label={t("nav.main")}>
          <ul className="nav-list">
            {data?.user ? (
              <>
                <li>
                  <Link to="/">{t("nav.roundtables")}</Link>
                </li>
                <li>
                  <Link to="/account">{t("nav.account")}</Link>
                </li>
                <li>
                  <Form method="post" action="/logout">
                    <button type="submit" className="link-button">
                      {t("nav.logout")}
                    </button>
                  </Form>
                </li>
              </>
            ) : (
              <>
                <li>
                  <Link to="/login">{t("nav.login")}</Link>
                </li>
                <li>
                  <Link to="/signup">{t("nav.signup")}</Link>
                </li>
              </>
            )}
          </ul>
        </nav>
        <LanguageSwitcher />
      </div>
    </header>
  );
}

/**
 * After a client-side navigation to another page, moves the focus to the main content, as a full
 * page load would; otherwise keyboard and screen-reader users stay on the link they followed.
 */
function useFocusMainOnNewPage() {
  const { pathname } = useLocation();
  const previous = useRef(pathname);
  useEffect(() => {
    if (previous.current === pathname) return;
    previous.current = pathname;
    document.getElementById("main")?.focus({ preventScroll: true });
  }, [pathname]);
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<RootData>("root");
  const nonce = useNonce();
  useFocusMainOnNewPage();
  const locale: Locale = data?.locale ?? "it";
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <Header />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<RootData>("root");
  const locale: Locale = data?.locale ?? "it";
  const t = (key: Parameters<typeof translate>[1]) => translate(locale, key);
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message =
    status === 404
      ? t("error.page_not_found")
      : isRouteErrorResponse(error) &&
          typeof error.data === "string" &&
          error.data.startsWith("error.")
        ? t(error.data)
        : t("error.page_generic");
  return (
    <div className="page page--narrow">
      <h1>{t("error.page_title")}</h1>
      <p>{message}</p>
      <p>
        <Link to="/">{t("error.go_home")}</Link>
      </p>
    </div>
  );
}
