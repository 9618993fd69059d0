// Transactional: the single-use link to Stripe's customer portal, sent to the address a monthly
// gift was given from, because the portal's own URL works for whoever holds it. The link opens our
// page with a button; only that button's POST opens the portal, so a mail scanner uses nothing.
import { Text } from "@react-email/components";
import {
  EmailButton,
  EmailLayout,
  emailStyles,
  LinkFallback,
  SignOff,
} from "~/emails/components/email-layout";
import { renderHtmlAndText } from "~/emails/render-parts.server";
import { emailTranslator } from "~/emails/translate";
import type { EmailBase, RenderedEmail } from "~/emails/types";

export type DonorManageLinkEmailProps = EmailBase & {
  linkUrl: string;
  expiresInMinutes: number;
};

function subjectOf({ locale, footer }: DonorManageLinkEmailProps): string {
  return emailTranslator(locale)("donation.manage.subject", { orgName: footer.orgName });
}

export function DonorManageLinkEmail(props: DonorManageLinkEmailProps) {
  const { locale, footer, linkUrl, expiresInMinutes } = props;
  const t = emailTranslator(locale);
  const styles = emailStyles(locale);
  return (
    <EmailLayout
      locale={locale}
      footer={footer}
      title={subjectOf(props)}
      preview={t("donation.manage.preview")}
      heading={t("donation.manage.heading")}
    >
      <Text style={styles.text}>{t("donation.manage.body", { orgName: footer.orgName })}</Text>
      <EmailButton locale={locale} href={linkUrl}>
        {t("donation.manage.button")}
      </EmailButton>
      <Text style={styles.text}>{t("donation.manage.expires", { minutes: expiresInMinutes })}</Text>
      <LinkFallback locale={locale} href={linkUrl} />
      <Text style={styles.text}>{t("donation.manage.notYou")}</Text>
      <SignOff locale={locale} orgName={footer.orgName} />
    </EmailLayout>
  );
}

export async function renderDonorManageLinkEmail(props: DonorManageLinkEmailProps): Promise<RenderedEmail> {
  const { html, text } = await renderHtmlAndText(<DonorManageLinkEmail {...props} />);
  return { subject: subjectOf(props), html, text };
}
