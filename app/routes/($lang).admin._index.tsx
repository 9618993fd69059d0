import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useLocalizedPath } from "~/i18n/hooks";
import { useStaffTranslation } from "~/i18n/staff-hooks";
import { requireStaff } from "~/models/staff-session.server";
import { STAFF_TIME_ZONE } from "~/components/staff/staff-time";

export const meta: MetaFunction = () => [{ title: "Rollcall" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "viewer");
  return null;
}

export default function StaffHome() {
  const { t } = useStaffTranslation();
  const localized = useLocalizedPath();
  return (
    <>
      <h1>{t("staff.title")}</h1>
      <p>{t("staff.home.intro")}</p>
      <p>
        <Link to={localized("/admin/campaigns")}>{t("staff.nav.campaigns")}</Link>
      </p>
      <p className="staff-note">{t("staff.timezoneNote", { zone: STAFF_TIME_ZONE })}</p>
    </>
  );
}
