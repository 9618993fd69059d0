// A donor's yearly statement: every paid gift of one calendar year, less refunds, with totals per
// currency (never added across currencies). The layout's footer carries the organisation's name
// and postal address, which a statement for a tax return needs.
import { Heading, Text } from "@react-email/components";
import { EmailLayout, emailStyles } from "~/emails/components/email-layout";
import { renderHtmlAndText } from "~/emails/render-parts.server";
import { emailTranslator } from "~/emails/translate";
import type { EmailBase, RenderedEmail } from "~/emails/types";
import { formatMoney, type CurrencyCode } from "~/utils/money";

export type StatementGift = {
  paidAt: Date;
  /** Kept after refunds, minor units. */
  amount: number;
  refunded: number;
  currency: CurrencyCode;
  monthly: boolean;
  /** The campaign's title in the donor's language, or null for the general fund. */
  campaign: string | null;
};

export type DonationStatementProps = EmailBase & {
  year: number;
  contactEmail: string;
  gifts: StatementGift[];
};

function totalsByCurrency(gifts: StatementGift[]) {
  const totals = new Map<CurrencyCode, { amount: number; count: number }>();
  for (const gift of gifts) {
    const total = totals.get(gift.currency) ?? { amount: 0, count: 0 };
    totals.set(gift.currency, { amount: total.amount + gift.amount, count: total.count + 1 });
  }
  return [...totals.entries()];
}

export function DonationStatementEmail(props: DonationStatementProps) {
  const { locale, footer, contactEmail, gifts } = props;
  const t = emailTranslator(locale);
  const styles = emailStyles(locale);
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "Asia/Seoul" });
  const money = (amount: number, currency: CurrencyCode) => formatMoney(amount, currency, locale);
  // A string, or the message format would write the year with a thousands separator.
  const year = String(props.year);
  return (
    <EmailLayout
      locale={locale}
      footer={footer}
      title={t("statement.subject", { orgName: footer.orgName, year })}
      preview={t("statement.preview", { year })}
      heading={t("statement.heading", { year })}
    >
      <Text style={styles.text}>{t("statement.intro", { orgName: footer.orgName, year })}</Text>
      <Heading as="h2" style={styles.text}>
        {t("statement.giftsHeading")}
      </Heading>
      {gifts.map((gift, index) => {
        const purpose = gift.campaign
          ? gift.monthly
            ? t("statement.monthly", { campaign: gift.campaign })
            : gift.campaign
          : t("statement.general");
        const values = { date: date.format(gift.paidAt), amount: money(gift.amount, gift.currency), purpose };
        return (
          <Text key={index} style={styles.small}>
            {gift.refunded > 0
              ? t("statement.giftRefunded", { ...values, refunded: money(gift.refunded, gift.currency) })
              : t("statement.gift", values)}
          </Text>
        );
      })}
      <Heading as="h2" style={styles.text}>
        {t("statement.totalHeading", { year })}
      </Heading>
      {totalsByCurrency(gifts).map(([currency, total]) => (
        <Text key={currency} style={styles.text}>
          {t("statement.total", { amount: money(total.amount, currency), count: total.count })}
        </Text>
      ))}
      {/* The IRS's wording for a written acknowledgment; true of every gift here, whoever gave. */}
      <Text style={styles.text}>{t("statement.noGoods")}</Text>
      <Text style={styles.small}>{t("statement.questions", { contact: contactEmail })}</Text>
    </EmailLayout>
  );
}

export async function renderDonationStatementEmail(props: DonationStatementProps): Promise<RenderedEmail> {
  const subject = emailTranslator(props.locale)("statement.subject", {
    orgName: props.footer.orgName,
    year: String(props.year),
  });
  const { html, text } = await renderHtmlAndText(<DonationStatementEmail {...props} />);
  return { subject, html, text };
}
