// Transactional: asks a new signer to confirm their signature (double opt-in). No greeting by name:
// the name was typed by whoever posted the form, who may not own this mailbox.
import { Text } from "@react-email/components";
import { renderHtmlAndText } from "~/emails/render-parts.server";
import {
  EmailButton,
  EmailLayout,
  emailStyles,
  LinkFallback,
  SignOff,
  WithdrawLine,
} from "~/emails/components/email-layout";
import { emailTranslator } from "~/emails/translate";
import type { EmailBase, RenderedEmail } from "~/emails/types";

export type SignatureConfirmationEmailProps = EmailBase & {
  campaignTitle: string;
  /** Opens a page with a confirm button: a link scanner following it counts nothing. */
  confirmUrl: string;
  withdrawUrl: string;
  expiresInDays: number;
};

export function SignatureConfirmationEmail({
  locale,
  footer,
  campaignTitle,
  confirmUrl,
  withdrawUrl,
  expiresInDays,
}: SignatureConfirmationEmailProps) {
  const t = emailTranslator(locale);
  const styles = emailStyles(locale);
  return (
    <EmailLayout
      locale={locale}
      footer={footer}
      title={t("confirm.subject", { campaignTitle })}
      preview={t("confirm.preview")}
      heading={t("confirm.heading")}
    >
      <Text style={styles.text}>{t("confirm.intro", { campaignTitle })}</Text>
      <EmailButton locale={locale} href={confirmUrl}>
        {t("confirm.button")}
      </EmailButton>
      <Text style={styles.text}>{t("confirm.howItWorks")}</Text>
      <Text style={styles.text}>{t("confirm.expires", { days: expiresInDays })}</Text>
      <LinkFallback locale={locale} href={confirmUrl} />
      <Text style={styles.text}>{t("confirm.notYou")}</Text>
      <WithdrawLine locale={locale} href={withdrawUrl} />
      <SignOff locale={locale} orgName={footer.orgName} />
    </EmailLayout>
  );
}

export async function renderSignatureConfirmationEmail(
  props: SignatureConfirmationEmailProps,
): Promise<RenderedEmail> {
  const subject = emailTranslator(props.locale)("confirm.subject", { campaignTitle: props.campaignTitle });
  const element = <SignatureConfirmationEmail {...props} />;
  const { html, text } = await renderHtmlAndText(element);
  return { subject, html, text };
}
