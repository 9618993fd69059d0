// Transactional: asks a new subscriber to confirm (double opt-in). No greeting by name: the name was
// typed by whoever posted the form, who may not own this mailbox; the topics are only our own
// list names, so nobody can put their words in front of the reader.
import { Text } from "@react-email/components";
import { renderHtmlAndText } from "~/emails/render-parts.server";
import {
  EmailButton,
  EmailLayout,
  emailStyles,
  LinkFallback,
  SignOff,
} from "~/emails/components/email-layout";
import { emailTranslator } from "~/emails/translate";
import type { EmailBase, RenderedEmail } from "~/emails/types";

export type SubscriptionConfirmationEmailProps = EmailBase & {
  /** The lists asked for, named in the reader's language (the general list included). */
  topics: string[];
  /** Opens a page with a confirm button: a link scanner following it subscribes nobody. */
  confirmUrl: string;
  expiresInDays: number;
};

export function SubscriptionConfirmationEmail({
  locale,
  footer,
  topics,
  confirmUrl,
  expiresInDays,
}: SubscriptionConfirmationEmailProps) {
  const t = emailTranslator(locale);
  const styles = emailStyles(locale);
  return (
    <EmailLayout
      locale={locale}
      footer={footer}
      title={t("subscription.subject", { orgName: footer.orgName })}
      preview={t("subscription.preview")}
      heading={t("subscription.heading")}
    >
      <Text style={styles.text}>{t("subscription.intro", { orgName: footer.orgName })}</Text>
      {topics.map((topic) => (
        <Text key={topic} style={{ ...styles.text, margin: "0 0 8px 16px" }}>
          {t("subscription.topicLine", { topic })}
        </Text>
      ))}
      <EmailButton locale={locale} href={confirmUrl}>
        {t("subscription.button")}
      </EmailButton>
      <Text style={styles.text}>{t("subscription.howItWorks")}</Text>
      <Text style={styles.text}>{t("subscription.expires", { days: expiresInDays })}</Text>
      <LinkFallback locale={locale} href={confirmUrl} />
      <Text style={styles.text}>{t("subscription.notYou")}</Text>
      <SignOff locale={locale} orgName={footer.orgName} />
    </EmailLayout>
  );
}

export async function renderSubscriptionConfirmationEmail(
  props: SubscriptionConfirmationEmailProps,
): Promise<RenderedEmail> {
  const subject = emailTranslator(props.locale)("subscription.subject", { orgName: props.footer.orgName });
  const { html, text } = await renderHtmlAndText(<SubscriptionConfirmationEmail {...props} />);
  return { subject, html, text };
}
