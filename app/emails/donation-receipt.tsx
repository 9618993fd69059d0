// Transactional: the receipt for one gift, a one-off gift or one charge of a monthly gift (each
// charge gets its own). It states what a donor needs at tax time: the amount in the currency paid,
// the date, our reference, and who received it. No greeting by name and no message: the donor's
// typed words are never put in front of whoever owns the address.
import { Link, Text } from "@react-email/components";
import { DetailLines } from "~/emails/components/detail-lines";
import { formatDonationAmount, formatDonationDate, formatDonationMonth } from "~/emails/donation-format";
import type { DonationCurrency } from "~/emails/donation-format";
import { EmailLayout, emailStyles, Lines, sentenceGap, SignOff } from "~/emails/components/email-layout";
import { renderHtmlAndText } from "~/emails/render-parts.server";
import { emailTranslator } from "~/emails/translate";
import type { EmailBase, RenderedEmail } from "~/emails/types";

export type DonationReceiptEmailProps = EmailBase & {
  kind: "one_time" | "monthly";
  /** In the currency's minor unit (KRW and JPY have none). */
  amount: number;
  currency: DonationCurrency;
  paidAt: Date;
  /** The campaign the gift supports, in the reader's language; null for a general gift. */
  campaignTitle: string | null;
  /** Our Donation row's id: the reference staff can find the gift by (never a Stripe id). */
  reference: string;
  /**
   * Monthly gifts only: our page that asks for the address and mails a single-use link to Stripe's
   * portal. Never the portal itself, whose URL works for whoever holds it.
   */
  manageUrl: string | null;
};

// A US donor can deduct a gift only with this statement on the receipt (IRS Publication 1771);
// a USD gift is how we know the donor is one.
export const NO_GOODS_CURRENCY: DonationCurrency = "USD";

function subjectOf(props: DonationReceiptEmailProps): string {
  const t = emailTranslator(props.locale);
  const { orgName } = props.footer;
  return props.kind === "monthly"
    ? t("donation.receipt.subjectMonthly", {
        orgName,
        month: formatDonationMonth(props.paidAt, props.locale),
      })
    : t("donation.receipt.subject", { orgName });
}

export function DonationReceiptEmail(props: DonationReceiptEmailProps) {
  const { locale, footer, kind, amount, currency, paidAt, campaignTitle, reference, manageUrl } = props;
  const t = emailTranslator(locale);
  const styles = emailStyles(locale);
  const monthly = kind === "monthly";
  const money = formatDonationAmount(amount, currency, locale);
  const rows: [string, string][] = [
    [t("donation.receipt.amount"), money],
    [t("donation.receipt.date"), formatDonationDate(paidAt, locale)],
    [
      t("donation.receipt.kind"),
      monthly
        ? t("donation.receipt.kindMonthly", { month: formatDonationMonth(paidAt, locale) })
        : t("donation.receipt.kindOnce"),
    ],
  ];
  if (campaignTitle) rows.push([t("donation.receipt.campaign"), campaignTitle]);
  rows.push([t("donation.receipt.reference"), reference]);
  return (
    <EmailLayout
      locale={locale}
      footer={footer}
      title={subjectOf(props)}
      preview={t("donation.receipt.preview", { amount: money, orgName: footer.orgName })}
      heading={t(monthly ? "donation.receipt.headingMonthly" : "donation.receipt.heading")}
    >
      <Text style={styles.text}>
        {t(monthly ? "donation.receipt.introMonthly" : "donation.receipt.intro", { orgName: footer.orgName })}
      </Text>
      <DetailLines locale={locale} rows={rows} />
      <Text style={styles.text}>
        <strong>{t("donation.receipt.receivedBy")}</strong>
        <br />
        {footer.orgName}
        <br />
        <Lines text={footer.postalAddress} />
      </Text>
      {currency === NO_GOODS_CURRENCY ? (
        <Text style={styles.text}>{t("donation.receipt.noGoods")}</Text>
      ) : null}
      {monthly && manageUrl ? (
        <Text style={styles.text}>
          {t("donation.receipt.manageIntro")}
          {sentenceGap(locale)}
          <Link href={manageUrl} style={styles.link}>
            {t("donation.receipt.manageLink")}
          </Link>
        </Text>
      ) : null}
      <Text style={styles.small}>{t("donation.receipt.keep")}</Text>
      <SignOff locale={locale} orgName={footer.orgName} />
    </EmailLayout>
  );
}

export async function renderDonationReceiptEmail(props: DonationReceiptEmailProps): Promise<RenderedEmail> {
  const { html, text } = await renderHtmlAndText(<DonationReceiptEmail {...props} />);
  return { subject: subjectOf(props), html, text };
}
