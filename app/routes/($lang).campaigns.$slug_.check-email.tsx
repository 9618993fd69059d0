import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { assertLangParam } from "~/i18n/locale.server";
import { useTranslation } from "~/i18n/hooks";
import { pageMeta } from "~/utils/meta";
import type { PageHandle } from "~/utils/page-handle";

export const handle: PageHandle = { shared: true };

// Shown after every signing, whatever happened (new, pending, already confirmed): the page never
// tells a third party whether an address has signed; only the email differs.
export async function loader({ params }: LoaderFunctionArgs) {
  assertLangParam(params);
  return null;
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, "check.title");

export default function CheckEmail() {
  const { t } = useTranslation();
  return (
    <div className="prose">
      <h1>{t("check.title")}</h1>
      <p role="status">{t("check.body")}</p>
      <p>{t("check.spam")}</p>
    </div>
  );
}
