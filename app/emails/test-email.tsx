// A message staff send to themselves to check that email delivery works.
import { Text } from "@react-email/components";
import { renderHtmlAndText } from "~/emails/render-parts.server";
import { EmailLayout, emailStyles } from "~/emails/components/email-layout";
import { emailTranslator } from "~/emails/translate";
import type { EmailBase, RenderedEmail } from "~/emails/types";

export type TestEmailProps = EmailBase & { sentAt: Date };

export function TestEmail({ locale, footer, sentAt }: TestEmailProps) {
  const t = emailTranslator(locale);
  const styles = emailStyles(locale);
  const time = new Intl.DateTimeFormat(locale, {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: "UTC",
  }).format(sentAt);
  return (
    <EmailLayout
      locale={locale}
      footer={footer}
      title={t("test.subject", { orgName: footer.orgName })}
      preview={t("test.preview")}
      heading={t("test.heading")}
    >
      <Text style={styles.text}>{t("test.body", { orgName: footer.orgName })}</Text>
      <Text style={styles.text}>{t("test.success")}</Text>
      <Text style={styles.small}>{t("test.sentAt", { time })}</Text>
    </EmailLayout>
  );
}

export async function renderTestEmail(props: TestEmailProps): Promise<RenderedEmail> {
  const subject = emailTranslator(props.locale)("test.subject", { orgName: props.footer.orgName });
  const element = <TestEmail {...props} />;
  const { html, text } = await renderHtmlAndText(element);
  return { subject, html, text };
}
