import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  NavLink,
  Outlet,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { CsrfField } from "~/components/staff/csrf-field";
import { assertLangParam } from "~/i18n/locale.server";
import { useLocalizedPath } from "~/i18n/hooks";
import { useStaffTranslation } from "~/i18n/staff-hooks";
import { requireStaff } from "~/models/staff-session.server";
import staffStyles from "~/styles/staff.css";
import type { PageHandle } from "~/utils/page-handle";
import { hasRole, type StaffRoleName } from "~/utils/staff-roles";

// The staff area runs Remix in the browser (passkeys need script), so its pages are never shared.
export const handle: PageHandle = { hydrate: true };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: staffStyles }];

export const meta: MetaFunction = () => [{ name: "robots", content: "noindex, nofollow" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  assertLangParam(params);
  const staff = await requireStaff(request, "viewer");
  return { user: staff.user, csrfToken: staff.csrfToken };
}

type NavItem = {
  to: string;
  label: Parameters<ReturnType<typeof useStaffTranslation>["t"]>[0];
  role: StaffRoleName;
};

const NAV: NavItem[] = [
  { to: "/admin", label: "staff.nav.home", role: "viewer" },
  { to: "/admin/campaigns", label: "staff.nav.campaigns", role: "viewer" },
  { to: "/admin/votes", label: "staff.votes.nav", role: "viewer" },
  { to: "/admin/moderation", label: "staff.nav.moderation", role: "campaigner" },
  { to: "/admin/updates", label: "staff.updates.nav", role: "viewer" },
  { to: "/admin/operations", label: "staff.nav.operations", role: "viewer" },
  { to: "/admin/donations", label: "staff.donations.nav", role: "admin" },
  { to: "/admin/staff", label: "staff.nav.staff", role: "admin" },
  { to: "/admin/audit", label: "staff.nav.audit", role: "admin" },
  { to: "/admin/account", label: "staff.nav.account", role: "viewer" },
];

function StaffChrome({ children }: { children: ReactNode }) {
  // Read by id, not useLoaderData: the error boundary renders this too, when the loader may have failed.
  const data = useRouteLoaderData<typeof loader>("routes/($lang).admin");
  const { t } = useStaffTranslation();
  const localized = useLocalizedPath();
  const user = data?.user;
  return (
    <div className="staff">
      {user ? (
        <nav aria-label={t("staff.nav.label")} className="staff-nav">
          <ul>
            {NAV.filter((item) => hasRole(user.role, item.role)).map((item) => (
              <li key={item.to}>
                <NavLink to={localized(item.to)} end={item.to === "/admin"}>
                  {t(item.label)}
                </NavLink>
              </li>
            ))}
          </ul>
          <p className="staff-nav__who">
            {t("staff.signedInAs", { name: user.name || user.email, role: t(`staff.role.${user.role}`) })}
          </p>
          <Form method="post" action={localized("/admin/sign-out")} className="staff-nav__sign-out">
            <CsrfField />
            <button type="submit">{t("staff.signOut")}</button>
          </Form>
        </nav>
      ) : null}
      <div className="staff-main">{children}</div>
    </div>
  );
}

export default function StaffLayout() {
  return (
    <StaffChrome>
      <Outlet />
    </StaffChrome>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useStaffTranslation();
  const localized = useLocalizedPath();
  const forbidden = isRouteErrorResponse(error) && error.status === 403;
  return (
    <StaffChrome>
      <div className="error-page" role="alert">
        <h1>{t(forbidden ? "staff.forbidden.title" : "staff.error.title")}</h1>
        <p>{t(forbidden ? "staff.forbidden.body" : "staff.error.body")}</p>
        <p>
          <Link to={localized("/admin")}>{t("staff.nav.home")}</Link>
        </p>
      </div>
    </StaffChrome>
  );
}
