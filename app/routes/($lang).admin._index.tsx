import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useLocalizedPath } from "~/i18n/hooks";
import { useStaffTranslation } from "~/i18n/staff-hooks";
import { countFailingMonthlyGifts } from "~/models/donation-admin.server";
import { requireStaff } from "~/models/staff-session.server";
import { hasRole } from "~/utils/staff-roles";
import { STAFF_TIME_ZONE } from "~/components/staff/staff-time";

export const meta: MetaFunction = () => [{ title: "Rollcall" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "viewer");
  // Failed monthly charges, for those who may open the donations list (admins and owners).
  const failingMonthlyGifts = hasRole(staff.user.role, "admin") ? await countFailingMonthlyGifts() : null;
  return { failingMonthlyGifts };
}

export default function StaffHome() {
  const { failingMonthlyGifts } = useLoaderData<typeof loader>();
  const { t } = useStaffTranslation();
  const localized = useLocalizedPath();
  return (
    <>
      <h1>{t("staff.title")}</h1>
      <p>{t("staff.home.intro")}</p>
      <p>
        <Link to={localized("/admin/campaigns")}>{t("staff.nav.campaigns")}</Link>
      </p>
      {failingMonthlyGifts ? (
        <p className="notice" role="status" data-testid="failing-monthly-gifts">
          {t("staff.donations.dashboard", { count: failingMonthlyGifts })}{" "}
          <Link to={localized("/admin/donations#failed-monthly")}>{t("staff.donations.dashboardLink")}</Link>
        </p>
      ) : null}
      <p className="staff-note">{t("staff.timezoneNote", { zone: STAFF_TIME_ZONE })}</p>
    </>
  );
}
