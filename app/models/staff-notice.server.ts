// Emails a staff member about a security event on their own account, through the transactional
// email queue (app/models/transactional-email.server.ts renders the "staff-notice" kind).
import type { StaffNoticeEvent } from "~/emails/staff-notice";
import type { Locale } from "~/generated/prisma/client";
import { queueEmail } from "~/models/email-delivery.server";
import { getPrisma } from "~/utils/db.server";

export async function queueStaffNotice(
  to: { email: string; locale: Locale },
  event: StaffNoticeEvent,
  at = new Date(),
): Promise<void> {
  await getPrisma().$transaction((tx) =>
    queueEmail(tx, {
      kind: "staff-notice",
      toEmail: to.email,
      locale: to.locale,
      payload: { event, at: at.toISOString() },
    }),
  );
}
