// List mail: an update on a campaign, written by campaigners in the reader's language.
import { Text } from "@react-email/components";
import { renderHtmlAndText } from "~/emails/render-parts.server";
import { EmailButton, EmailLayout, emailStyles } from "~/emails/components/email-layout";
import { VoteSummary, type VoteSummaryData } from "~/emails/components/vote-summary";
import { emailTranslator } from "~/emails/translate";
import type { EmailBase, ListInfo, RenderedEmail } from "~/emails/types";

export type UpdateEmailProps = EmailBase & {
  list: ListInfo;
  /** Null for the organisation's general list, which is about no one campaign. */
  campaignTitle: string | null;
  campaignUrl: string;
  /** Written by campaigners in the reader's language; sent as the subject verbatim. */
  subject: string;
  /** The campaigners' Markdown, already through the campaign-text sanitiser (app/utils/markdown.server.ts). */
  bodyHtml: string;
  /** The body's first paragraph as plain text, for the inbox's preview line. */
  preview: string;
  /** The UN vote the update is about, if any, for this reader's language and country. */
  vote?: VoteSummaryData | null;
};

export function UpdateEmail({
  locale,
  footer,
  list,
  campaignTitle,
  campaignUrl,
  subject,
  bodyHtml,
  preview,
  vote,
}: UpdateEmailProps) {
  const t = emailTranslator(locale);
  const styles = emailStyles(locale);
  const label =
    campaignTitle === null
      ? t("update.labelGeneral", { orgName: footer.orgName })
      : t("update.label", { campaignTitle });
  return (
    <EmailLayout
      locale={locale}
      footer={footer}
      list={list}
      title={subject}
      preview={preview || label}
      heading={subject}
    >
      <Text style={styles.small}>{label}</Text>
      {/* Sanitised HTML from an allow-list (no styles, scripts or images); the wrapper sets the font. */}
      <div style={styles.text} dangerouslySetInnerHTML={{ __html: bodyHtml }} />
      {vote ? <VoteSummary locale={locale} vote={vote} /> : null}
      <EmailButton locale={locale} href={campaignUrl}>
        {t(campaignTitle === null ? "update.buttonGeneral" : "update.button")}
      </EmailButton>
    </EmailLayout>
  );
}

export async function renderUpdateEmail(props: UpdateEmailProps): Promise<RenderedEmail> {
  const element = <UpdateEmail {...props} />;
  const { html, text } = await renderHtmlAndText(element);
  return { subject: props.subject, html, text };
}
