import {
  Form,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useMemo } from "react";
import { I18nextProvider } from "react-i18next";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { getI18n, DEFAULT_LOCALE, type Locale } from "#app/i18n/i18n.ts";
import { getLocale } from "#app/i18n/locale.server.ts";
import { listPublicContests, publicContestsAlong } from "#app/server/journalist/contests.server.ts";
import { getDb } from "#app/server/shared/db.server.ts";
import { getSessionUserAlong } from "#app/server/shared/session.server.ts";
import stylesHref from "#app/styles/app.css?url";
import { useNonce } from "#app/components/nonce.tsx";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = getLocale(request);
  // Signed in: the session and the header's contests in one statement. Before any await, so
  // the route loaders (which start when this one waits) find the session lookup under way.
  const userPending = getSessionUserAlong(request, publicContestsAlong);
  // The header names the contest entrants are most likely here for: the newest public one.
  const [current] = await listPublicContests(await getDb(), locale);
  const user = await userPending;
  return {
    locale,
    currentContest: current
      ? { slug: current.slug, name: current.name, published: current.phase === "PUBLISHED" }
      : null,
    user: user ? { name: user.name } : null,
  };
}

function useLocale(): Locale {
  const data = useRouteLoaderData<typeof loader>("root");
  return data?.locale ?? DEFAULT_LOCALE;
}

export function Layout({ children }: { children: React.ReactNode }) {
  const locale = useLocale();
  const i18n = useMemo(() => getI18n(locale), [locale]);
  // Routes that failed render no <Meta/> title of their own; pages still need one (axe, tabs).
  const error = useRouteError();
  const nonce = useNonce();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* One string: several text nodes inside <title> server-render as literal "<!-- -->" and
            break hydration (React #418). */}
        {error ? <title>{`${i18n.t(errorTitleKey(error))} · ${i18n.t("appName")}`}</title> : null}
        <Meta />
        <Links />
      </head>
      <body>
        <I18nextProvider i18n={i18n}>
          <Shell>{children}</Shell>
        </I18nextProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function Shell({ children }: { children: React.ReactNode }) {
  const { t, i18n } = useTranslation();
  const data = useRouteLoaderData<typeof loader>("root");
  const currentContest = data?.currentContest;
  const user = data?.user;
  const location = useLocation();
  const current = i18n.language as Locale;
  const other: Locale = current === "vi" ? "en" : "vi";
  return (
    <>
      <a className="skip-link" href="#main">
        {t("skipToContent")}
      </a>
      <header className="site-header">
        <div className="container site-header__inner">
          <Link to="/" className="brand">
            <span className="brand__mark" aria-hidden="true">
              ★
            </span>
            <span>{t("appName")}</span>
          </Link>
          {currentContest ? (
            <Link to={`/contests/${currentContest.slug}`} className="header-contest">
              {currentContest.name}
            </Link>
          ) : null}
          <nav aria-label={t("mainNav")} className="site-nav">
            <Link to="/">{t("home")}</Link>
            {currentContest?.published ? (
              <Link to={`/contests/${currentContest.slug}/results`}>{t("contest:results")}</Link>
            ) : null}
            {user ? <Link to="/account">{t("auth:account")}</Link> : null}
          </nav>
          {user ? (
            <Form method="post" action="/logout" className="user-menu">
              <span className="user-menu__name">{user.name}</span>
              <button type="submit">{t("auth:logout")}</button>
            </Form>
          ) : (
            <Link to="/login" className="header-login">
              {t("auth:login")}
            </Link>
          )}
          {/* A whole new document: the browser holds only the current language's messages. */}
          <Form method="post" action="/set-language" className="lang-switch" reloadDocument>
            <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
            <button
              type="submit"
              name="locale"
              value={other}
              lang={other}
              aria-label={`${t("switchLanguage")}: ${t(`languages.${other}`)}`}
            >
              {t(`languages.${other}`)}
            </button>
          </Form>
        </div>
      </header>
      <main id="main" className="container" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <div className="container">{t("footer")}</div>
      </footer>
    </>
  );
}

export default function App() {
  return <Outlet />;
}

/** Page title and sentence per status of a refused request (the kinds of app/domain/errors.ts). */
const ERROR_WORDS: Record<number, { title: string; message: string }> = {
  403: { title: "errors.forbiddenTitle", message: "errors.forbidden" },
  404: { title: "errors.notFoundTitle", message: "errors.notFound" },
  409: { title: "errors.conflictTitle", message: "errors.conflict" },
  413: { title: "errors.title", message: "errors.tooLarge" },
  422: { title: "errors.invalidTitle", message: "errors.invalid" },
};

function errorTitleKey(error: unknown): string {
  return isRouteErrorResponse(error) ? (ERROR_WORDS[error.status]?.title ?? "errors.title") : "errors.title";
}

/** The refusal's own sentence, already in the reader's language (thrown by `attempt(…, "page")`). */
function refusalMessage(data: unknown): string | null {
  const message = typeof data === "object" && data !== null ? (data as { message?: unknown }).message : undefined;
  return typeof message === "string" && message ? message : null;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  let message = t("errors.unexpected");
  if (isRouteErrorResponse(error)) {
    const words = ERROR_WORDS[error.status];
    message =
      refusalMessage(error.data) ??
      (words ? t(words.message) : error.status >= 400 && error.status < 500 ? t("errors.badRequest") : message);
  } else {
    console.error(error);
  }
  return (
    <section className="card" role="alert">
      <h1>{t(errorTitleKey(error))}</h1>
      <p>{message}</p>
      <p>
        <Link to="/">{t("errors.backHome")}</Link>
      </p>
    </section>
  );
}
