// Transactional: a new staff member's enrolment link, in their language. The staff are phished by
// look-alike pages, so the email names the one address the link must open on.
import { Text } from "@react-email/components";
import { renderHtmlAndText } from "~/emails/render-parts.server";
import { EmailButton, EmailLayout, emailStyles, LinkFallback } from "~/emails/components/email-layout";
import { emailTranslator } from "~/emails/translate";
import type { EmailBase, RenderedEmail } from "~/emails/types";

export type StaffEnrolmentEmailProps = EmailBase & { enrolUrl: string; expiresInHours: number };

export function StaffEnrolmentEmail({ locale, footer, enrolUrl, expiresInHours }: StaffEnrolmentEmailProps) {
  const t = emailTranslator(locale);
  const styles = emailStyles(locale);
  const host = new URL(enrolUrl).host;
  return (
    <EmailLayout
      locale={locale}
      footer={footer}
      title={t("staffEnrolment.subject", { orgName: footer.orgName })}
      preview={t("staffEnrolment.preview")}
      heading={t("staffEnrolment.heading")}
    >
      <Text style={styles.text}>{t("staffEnrolment.body", { orgName: footer.orgName })}</Text>
      <EmailButton locale={locale} href={enrolUrl}>
        {t("staffEnrolment.button")}
      </EmailButton>
      <Text style={styles.text}>{t("staffEnrolment.expires", { hours: expiresInHours })}</Text>
      <Text style={styles.text}>{t("staffEnrolment.checkAddress", { host })}</Text>
      <LinkFallback locale={locale} href={enrolUrl} />
      <Text style={styles.text}>{t("staffEnrolment.notExpected", { orgName: footer.orgName })}</Text>
    </EmailLayout>
  );
}

export async function renderStaffEnrolmentEmail(props: StaffEnrolmentEmailProps): Promise<RenderedEmail> {
  const subject = emailTranslator(props.locale)("staffEnrolment.subject", { orgName: props.footer.orgName });
  const { html, text } = await renderHtmlAndText(<StaffEnrolmentEmail {...props} />);
  return { subject, html, text };
}
