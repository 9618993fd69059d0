// Emails a new staff member their enrolment link. The queued email must not hold the link in the
// clear (a copy of the database would enrol its reader), so it holds the token sealed under a key
// derived from APP_SECRET, for that account only; the email goes only while the link still works.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { z } from "zod";
import { emailFooter } from "~/emails/compose.server";
import { renderStaffEnrolmentEmail } from "~/emails/staff-enrolment";
import type { Locale } from "~/i18n/locales";
import { queueEmail } from "~/models/email-delivery.server";
import { ENROLMENT_LINK_HOURS, enrolmentPath, findEnrolment } from "~/models/staff-enrolment.server";
import { getPrisma } from "~/utils/db.server";
import { currentKey, verifyingKeys } from "~/utils/keys.server";
import { absoluteUrl } from "~/utils/public-url.server";

export const STAFF_ENROLMENT_EMAIL = "staff-enrolment";
const KEY_PURPOSE = "staff-enrolment-email";

function sealToken(token: string, userId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", currentKey(KEY_PURPOSE), iv);
  cipher.setAAD(Buffer.from(userId));
  const body = Buffer.concat([cipher.update(token, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((part) => part.toString("base64url")).join(".");
}

function openToken(sealed: string, userId: string): string | null {
  const [iv, tag, body] = sealed.split(".");
  if (!iv || !tag || !body) return null;
  for (const key of verifyingKeys(KEY_PURPOSE)) {
    try {
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      decipher.setAAD(Buffer.from(userId));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString(
        "utf8",
      );
    } catch {
      // Sealed under the previous secret, or not for this account: try the next key.
    }
  }
  return null;
}

/** Queues the enrolment email for a link just issued (its URL as issueEnrolmentLink returned it). */
export async function queueEnrolmentEmail(
  user: { id: string; email: string; locale: Locale },
  enrolmentUrl: string,
): Promise<void> {
  const token = new URL(enrolmentUrl).pathname.split("/").at(-1)!;
  await getPrisma().$transaction((tx) =>
    queueEmail(tx, {
      kind: STAFF_ENROLMENT_EMAIL,
      toEmail: user.email,
      locale: user.locale,
      payload: { userId: user.id, sealedToken: sealToken(token, user.id) },
    }),
  );
}

const Payload = z.object({ userId: z.uuid(), sealedToken: z.string().min(1).max(200) });

/**
 * The message, or null when it is no longer wanted: the link was used, replaced or expired, or the
 * account removed (a newer link has its own email).
 */
export async function composeEnrolmentEmail(delivery: { locale: Locale; payload: unknown }) {
  const payload = Payload.parse(delivery.payload);
  const token = openToken(payload.sealedToken, payload.userId);
  const user = token ? await findEnrolment(token) : null;
  if (!token || user?.id !== payload.userId) return null;
  const { locale } = delivery;
  return renderStaffEnrolmentEmail({
    locale,
    footer: emailFooter(locale),
    enrolUrl: absoluteUrl(enrolmentPath(token, locale)),
    expiresInHours: ENROLMENT_LINK_HOURS,
  });
}
