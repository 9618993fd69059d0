import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  LiveReload,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { DemoBanner } from "~/components/demo-banner";
import { ErrorPage } from "~/components/error-page";
import { SiteFooter } from "~/components/site-footer";
import { SiteHeader } from "~/components/site-header";
import { DEFAULT_LOCALE, LOCALES, localizePath, splitLocalePath } from "~/i18n/locales";
import stylesheet from "~/styles/app.css";
import { pageMeta } from "~/utils/meta";
import { loadRootData } from "~/utils/root-data.server";
import { useNonce } from "~/utils/nonce";
import type { PageHandle } from "~/utils/page-handle";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  return loadRootData(request);
}

// An error page keeps what its thrown Response asked of caches and clients (a 503's Retry-After).
export const headers: HeadersFunction = ({ errorHeaders }) => {
  const kept = new Headers();
  for (const name of ["Retry-After", "Cache-Control"]) {
    const value = errorHeaders?.get(name);
    if (value) kept.set(name, value);
  }
  return kept;
};

// Used by routes without a meta of their own, such as the 404 catch-all.
export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, "home.title");

/** `hreflang` alternates: one per locale, and the unprefixed (detected) page as x-default. */
function AlternateLinks({ appUrl }: { appUrl: string }) {
  const { rest } = splitLocalePath(useLocation().pathname);
  return (
    <>
      {LOCALES.map((locale) => (
        <link key={locale} rel="alternate" hrefLang={locale} href={appUrl + localizePath(locale, rest)} />
      ))}
      <link rel="alternate" hrefLang="x-default" href={appUrl + rest} />
    </>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  const locale = data?.locale ?? DEFAULT_LOCALE;
  const handles = useMatches().map((match) => (match.handle ?? {}) as PageHandle);
  // Pages framed by partner sites (the embed routes) come without our header and footer.
  const embedded = handles.some((handle) => handle.embed);
  // Public pages are plain HTML, the same for every reader: only staff and developer pages run
  // Remix in the browser; the others load at most a script of their own (docs/decisions/0016).
  const hydrate = handles.some((handle) => handle.hydrate);
  const scripts = data && !hydrate ? [...new Set(handles.flatMap((handle) => handle.scripts ?? []))] : [];
  const chrome = Boolean(data) && !embedded;
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="strict-origin-when-cross-origin" />
        <Meta />
        <Links />
        {data ? <AlternateLinks appUrl={data.appUrl} /> : null}
      </head>
      <body>
        {chrome && data && (data.demo.outbox || data.demo.embeddedDatabase) ? (
          <DemoBanner {...data.demo} />
        ) : null}
        {chrome && data ? (
          <SiteHeader
            locale={locale}
            orgName={data.org.name}
            donateLink={data.donations && !data.staffMessages}
          />
        ) : null}
        <main id="main" tabIndex={-1} className={embedded ? "embedded" : undefined}>
          {children}
        </main>
        {chrome && data ? <SiteFooter org={data.org} /> : null}
        {hydrate ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
            <LiveReload nonce={nonce} />
          </>
        ) : (
          scripts.map((name) => <script key={name} type="module" src={data?.clientScripts[name]} />)
        )}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <ErrorPage status={isRouteErrorResponse(error) ? error.status : 500} />;
}
