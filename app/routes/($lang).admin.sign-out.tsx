import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { samePrefixAs } from "~/i18n/locales";
import { recordAudit } from "~/models/audit.server";
import { clearStaffCookie, endStaffSession, requireStaff } from "~/models/staff-session.server";

export async function loader() {
  throw new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, "viewer");
  await endStaffSession(staff.sessionId);
  await recordAudit({
    actorId: staff.user.id,
    action: "staff.sign-out",
    targetType: "staff",
    targetId: staff.user.id,
    ipHash: context.ipHash,
  });
  return redirect(samePrefixAs(new URL(request.url).pathname, "/admin/sign-in"), {
    headers: { "Set-Cookie": await clearStaffCookie() },
  });
}
