import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useRouteLoaderData } from "@remix-run/react";
import { assertLangParam } from "~/i18n/locale.server";
import { useTranslation } from "~/i18n/hooks";
import type { loader as rootLoader } from "~/root";
import { pageMeta } from "~/utils/meta";
import type { PageHandle } from "~/utils/page-handle";

export const handle: PageHandle = { shared: true };

export async function loader({ params }: LoaderFunctionArgs) {
  assertLangParam(params);
  return null;
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, "privacy.title");

const SECTIONS = [
  ["privacy.collectHeading", ["privacy.collectBody"]],
  ["privacy.listHeading", ["privacy.listBody"]],
  ["privacy.donateHeading", ["privacy.donateBody", "privacy.koreanReceiptBody"]],
  ["privacy.notCollectHeading", ["privacy.notCollectBody"]],
  ["privacy.useHeading", ["privacy.useBody"]],
  ["privacy.keepHeading", ["privacy.keepBody", "privacy.keepList", "privacy.keepDonations"]],
  ["privacy.rightsHeading", ["privacy.rightsBody"]],
] as const;

export default function PrivacyNotice() {
  const { t } = useTranslation();
  const org = useRouteLoaderData<typeof rootLoader>("root")?.org;
  return (
    <article className="prose">
      <h1>{t("privacy.title")}</h1>
      <p>{t("privacy.intro", { org: org?.name ?? "" })}</p>
      {SECTIONS.map(([heading, bodies]) => (
        <section key={heading}>
          <h2>{t(heading)}</h2>
          {bodies.map((body) => (
            <p key={body}>{t(body, { email: org?.contactEmail ?? "" })}</p>
          ))}
        </section>
      ))}
    </article>
  );
}
