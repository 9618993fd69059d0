// List mail: an update on a campaign, written by campaigners in the reader's language.
import { Text } from "@react-email/components";
import { renderHtmlAndText } from "~/emails/render-parts.server";
import { EmailButton, EmailLayout, emailStyles, Lines } from "~/emails/components/email-layout";
import { emailTranslator } from "~/emails/translate";
import type { EmailBase, ListInfo, RenderedEmail } from "~/emails/types";

export type UpdateEmailProps = EmailBase & {
  list: ListInfo;
  campaignTitle: string;
  campaignUrl: string;
  /** Written by campaigners in the reader's language; sent as the subject verbatim. */
  subject: string;
  /** Plain text, paragraphs separated by blank lines. Never HTML: React escapes it. */
  body: string;
};

/** Paragraphs of a plain-text body: split at blank lines, single line breaks kept within. */
export function paragraphs(body: string): string[] {
  return body
    .split(/\r?\n[ \t]*\r?\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean);
}

export function UpdateEmail({
  locale,
  footer,
  list,
  campaignTitle,
  campaignUrl,
  subject,
  body,
}: UpdateEmailProps) {
  const t = emailTranslator(locale);
  const styles = emailStyles(locale);
  const parts = paragraphs(body);
  const label = t("update.label", { campaignTitle });
  return (
    <EmailLayout
      locale={locale}
      footer={footer}
      list={list}
      title={subject}
      preview={parts[0] ?? label}
      heading={subject}
    >
      <Text style={styles.small}>{label}</Text>
      {parts.map((paragraph, index) => (
        <Text key={index} style={styles.text}>
          <Lines text={paragraph} />
        </Text>
      ))}
      <EmailButton locale={locale} href={campaignUrl}>
        {t("update.button")}
      </EmailButton>
    </EmailLayout>
  );
}

export async function renderUpdateEmail(props: UpdateEmailProps): Promise<RenderedEmail> {
  const element = <UpdateEmail {...props} />;
  const { html, text } = await renderHtmlAndText(element);
  return { subject: props.subject, html, text };
}
