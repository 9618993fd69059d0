import { useRouteLoaderData } from "@remix-run/react";

type StaffLayoutData = { csrfToken: string };

/** The session's CSRF token, from the staff layout's data: every staff form that changes anything carries it. */
export function useCsrfToken(): string {
  return (useRouteLoaderData("routes/($lang).admin") as StaffLayoutData | undefined)?.csrfToken ?? "";
}

export function CsrfField() {
  return <input type="hidden" name="csrf" value={useCsrfToken()} />;
}
