// The root loader's data. Only pages that hydrate send it to the browser (docs/decisions/0016).
import { getMessages } from "~/i18n/catalog.server";
import { getStaffMessages } from "~/i18n/staff-catalog.server";
import { getRequestLocale } from "~/i18n/locale.server";
import { clientScriptUrls } from "~/utils/client-scripts.server";
import { getEnv } from "~/utils/env.server";

// The staff area's pages, under any language prefix.
export function isStaffPath(pathname: string): boolean {
  return /^\/(?:(?:en|ko|ja)\/)?admin(?:\/|$)/.test(pathname);
}

export function loadRootData(request: Request) {
  const env = getEnv();
  const locale = getRequestLocale(request);
  return {
    locale,
    messages: getMessages(locale),
    staffMessages: isStaffPath(new URL(request.url).pathname) ? getStaffMessages(locale) : undefined,
    appUrl: env.APP_URL,
    clientScripts: clientScriptUrls(),
    // A production demo (no email provider, or the embedded database) says so on every page.
    demo: env.demo,
    // The header links to the donate page only where there is one (payments not off).
    donations: env.payments !== "off",
    org: {
      name: env.ORG_NAME,
      postalAddress: env.ORG_POSTAL_ADDRESS,
      contactEmail: env.ORG_CONTACT_EMAIL,
    },
  };
}
