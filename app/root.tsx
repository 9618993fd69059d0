import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  LiveReload,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { DemoBanner } from "~/components/demo-banner";
import { ErrorPage } from "~/components/error-page";
import { SiteFooter } from "~/components/site-footer";
import { SiteHeader } from "~/components/site-header";
import { getMessages } from "~/i18n/catalog.server";
import { getRequestLocale } from "~/i18n/locale.server";
import { DEFAULT_LOCALE, LOCALES, localizePath, splitLocalePath } from "~/i18n/locales";
import stylesheet from "~/styles/app.css";
import { getEnv } from "~/utils/env.server";
import { pageMeta } from "~/utils/meta";
import { useNonce } from "~/utils/nonce";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const env = getEnv();
  const locale = getRequestLocale(request);
  return {
    locale,
    messages: getMessages(locale),
    appUrl: env.APP_URL,
    // A production demo without an email provider says so on every page.
    demoOutbox: env.NODE_ENV === "production" && env.emailTransport === "outbox",
    org: {
      name: env.ORG_NAME,
      postalAddress: env.ORG_POSTAL_ADDRESS,
      contactEmail: env.ORG_CONTACT_EMAIL,
    },
  };
}

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
        {data?.demoOutbox ? <DemoBanner /> : null}
        {data ? <SiteHeader locale={locale} orgName={data.org.name} /> : null}
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        {data ? <SiteFooter org={data.org} /> : null}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
        <LiveReload nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <ErrorPage notFound={isRouteErrorResponse(error) && error.status === 404} />;
}
