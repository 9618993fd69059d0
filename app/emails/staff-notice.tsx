// Security notices to a staff member about their own account: a lock-out after failed sign-ins, or a
// change to their password, address or factors. If it was not them, they learn of it at once.
import { Text } from "@react-email/components";
import { renderHtmlAndText } from "~/emails/render-parts.server";
import { EmailLayout, emailStyles } from "~/emails/components/email-layout";
import { emailTranslator } from "~/emails/translate";
import type { EmailBase, RenderedEmail } from "~/emails/types";

export const STAFF_NOTICE_EVENTS = [
  "locked-out",
  "password-changed",
  "email-changed",
  "factor-added",
  "factor-removed",
  "recovery-codes-renewed",
] as const;
export type StaffNoticeEvent = (typeof STAFF_NOTICE_EVENTS)[number];

export type StaffNoticeEmailProps = EmailBase & { event: StaffNoticeEvent; at: Date };

const SUBJECT = {
  "locked-out": "staffNotice.lockedOut.subject",
  "password-changed": "staffNotice.passwordChanged.subject",
  "email-changed": "staffNotice.emailChanged.subject",
  "factor-added": "staffNotice.factorAdded.subject",
  "factor-removed": "staffNotice.factorRemoved.subject",
  "recovery-codes-renewed": "staffNotice.recoveryCodesRenewed.subject",
} as const;

const BODY = {
  "locked-out": "staffNotice.lockedOut.body",
  "password-changed": "staffNotice.passwordChanged.body",
  "email-changed": "staffNotice.emailChanged.body",
  "factor-added": "staffNotice.factorAdded.body",
  "factor-removed": "staffNotice.factorRemoved.body",
  "recovery-codes-renewed": "staffNotice.recoveryCodesRenewed.body",
} as const;

export function StaffNoticeEmail({ locale, footer, event, at }: StaffNoticeEmailProps) {
  const t = emailTranslator(locale);
  const styles = emailStyles(locale);
  const time = new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "long",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZone: "Asia/Seoul",
    timeZoneName: "short",
  }).format(at);
  return (
    <EmailLayout
      locale={locale}
      footer={footer}
      title={t(SUBJECT[event], { orgName: footer.orgName })}
      preview={t(BODY[event], { time })}
      heading={t(SUBJECT[event], { orgName: footer.orgName })}
    >
      <Text style={styles.text}>{t(BODY[event], { time })}</Text>
      <Text style={styles.text}>
        {t(event === "locked-out" ? "staffNotice.lockedOut.ifNotYou" : "staffNotice.ifNotYou")}
      </Text>
    </EmailLayout>
  );
}

export async function renderStaffNoticeEmail(props: StaffNoticeEmailProps): Promise<RenderedEmail> {
  const subject = emailTranslator(props.locale)(SUBJECT[props.event], { orgName: props.footer.orgName });
  const { html, text } = await renderHtmlAndText(<StaffNoticeEmail {...props} />);
  return { subject, html, text };
}
