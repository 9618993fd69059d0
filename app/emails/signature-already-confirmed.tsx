// Transactional: someone signed again with an address whose signature is already confirmed.
import { Text } from "@react-email/components";
import { renderHtmlAndText } from "~/emails/render-parts.server";
import {
  EmailButton,
  EmailLayout,
  emailStyles,
  SignOff,
  WithdrawLine,
} from "~/emails/components/email-layout";
import { emailTranslator } from "~/emails/translate";
import type { EmailBase, RenderedEmail } from "~/emails/types";

export type SignatureAlreadyConfirmedEmailProps = EmailBase & {
  signerName: string;
  campaignTitle: string;
  campaignUrl: string;
  withdrawUrl: string;
};

export function SignatureAlreadyConfirmedEmail({
  locale,
  footer,
  signerName,
  campaignTitle,
  campaignUrl,
  withdrawUrl,
}: SignatureAlreadyConfirmedEmailProps) {
  const t = emailTranslator(locale);
  const styles = emailStyles(locale);
  return (
    <EmailLayout
      locale={locale}
      footer={footer}
      title={t("already.subject", { campaignTitle })}
      preview={t("already.preview")}
      heading={t("already.heading")}
    >
      <Text style={styles.text}>{t("common.greeting", { name: signerName })}</Text>
      <Text style={styles.text}>{t("already.body", { campaignTitle })}</Text>
      <Text style={styles.text}>{t("already.share")}</Text>
      <EmailButton locale={locale} href={campaignUrl}>
        {t("already.button")}
      </EmailButton>
      <Text style={styles.text}>{t("already.notYou")}</Text>
      <WithdrawLine locale={locale} href={withdrawUrl} />
      <SignOff locale={locale} orgName={footer.orgName} />
    </EmailLayout>
  );
}

export async function renderSignatureAlreadyConfirmedEmail(
  props: SignatureAlreadyConfirmedEmailProps,
): Promise<RenderedEmail> {
  const subject = emailTranslator(props.locale)("already.subject", { campaignTitle: props.campaignTitle });
  const element = <SignatureAlreadyConfirmedEmail {...props} />;
  const { html, text } = await renderHtmlAndText(element);
  return { subject, html, text };
}
