// Transactional: a charge of a monthly gift failed. The donor learns what happened, that nothing
// was taken this time, and where to update their payment details or stop the gift: our manage
// page, which mails a single-use link to Stripe's portal (never the portal's own URL).
import { Text } from "@react-email/components";
import { DetailLines } from "~/emails/components/detail-lines";
import { formatDonationAmount, formatDonationDate } from "~/emails/donation-format";
import type { DonationCurrency } from "~/emails/donation-format";
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

export type DonationFailedEmailProps = EmailBase & {
  /** The monthly gift's amount, in the currency's minor unit. */
  amount: number;
  currency: DonationCurrency;
  failedAt: Date;
  campaignTitle: string | null;
  /** Our manage page (it asks for the address first). */
  manageUrl: string;
};

function subjectOf({ locale, footer }: DonationFailedEmailProps): string {
  return emailTranslator(locale)("donation.failed.subject", { orgName: footer.orgName });
}

export function DonationFailedEmail(props: DonationFailedEmailProps) {
  const { locale, footer, amount, currency, failedAt, campaignTitle, manageUrl } = props;
  const t = emailTranslator(locale);
  const styles = emailStyles(locale);
  const money = formatDonationAmount(amount, currency, locale);
  const date = formatDonationDate(failedAt, locale);
  const rows: [string, string][] = [
    [t("donation.receipt.amount"), money],
    [t("donation.failed.date"), date],
  ];
  if (campaignTitle) rows.push([t("donation.receipt.campaign"), campaignTitle]);
  return (
    <EmailLayout
      locale={locale}
      footer={footer}
      title={subjectOf(props)}
      preview={t("donation.failed.preview")}
      heading={t("donation.failed.heading")}
    >
      <Text style={styles.text}>
        {t("donation.failed.body", { amount: money, date, orgName: footer.orgName })}
      </Text>
      <DetailLines locale={locale} rows={rows} />
      <Text style={styles.text}>
        <strong>{t("donation.failed.noMoney")}</strong>
      </Text>
      <Text style={styles.text}>{t("donation.failed.why")}</Text>
      <Text style={styles.text}>{t("donation.failed.next")}</Text>
      <EmailButton locale={locale} href={manageUrl}>
        {t("donation.failed.button")}
      </EmailButton>
      <LinkFallback locale={locale} href={manageUrl} />
      <SignOff locale={locale} orgName={footer.orgName} />
    </EmailLayout>
  );
}

export async function renderDonationFailedEmail(props: DonationFailedEmailProps): Promise<RenderedEmail> {
  const { html, text } = await renderHtmlAndText(<DonationFailedEmail {...props} />);
  return { subject: subjectOf(props), html, text };
}
