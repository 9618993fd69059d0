// The frame every email shares: one centred column of at most 600px, system fonts only, inline
// styles on table-based react-email components, and a footer saying who sent the email, where
// they are and where the privacy notice is. No images, remote fonts or tracking pixels.
import {
  Body,
  Button,
  Container,
  Head,
  Heading,
  Hr,
  Html,
  Link,
  Preview,
  Section,
  Text,
} from "@react-email/components";
import { type CSSProperties, Fragment, type ReactNode } from "react";
import { emailTranslator } from "~/emails/translate";
import type { EmailFooter, ListInfo } from "~/emails/types";
import type { Locale } from "~/i18n/locales";

const LATIN_FONTS = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial";
const KOREAN_FONTS = "'Apple SD Gothic Neo', 'Malgun Gothic', 'Noto Sans KR'";
const JAPANESE_FONTS = "'Hiragino Sans', 'Hiragino Kaku Gothic ProN', Meiryo, 'Noto Sans JP'";

/**
 * System fonts only. The reader's own script comes first among the CJK fonts, so that kanji in
 * Japanese text are not drawn with Korean glyph shapes (nor hanja in Korean with Japanese ones).
 */
export function fontStack(locale: Locale): string {
  const cjk = locale === "ja" ? [JAPANESE_FONTS, KOREAN_FONTS] : [KOREAN_FONTS, JAPANESE_FONTS];
  return [LATIN_FONTS, ...cjk, "sans-serif"].join(", ");
}

const COLOURS = {
  text: "#1f2937",
  muted: "#4b5563", // 7.5:1 on white
  link: "#1d4ed8", // 6.7:1 on white, and white on it
  rule: "#d1d5db",
  page: "#f3f4f6",
  card: "#ffffff",
};

/** Inline style objects for one locale. Every text style names the font itself, because some
 * clients (Outlook on Windows) do not let tables inherit it. */
export function emailStyles(locale: Locale) {
  const fontFamily = fontStack(locale);
  const text: CSSProperties = {
    fontFamily,
    fontSize: "16px",
    lineHeight: "26px",
    color: COLOURS.text,
    margin: "0 0 16px",
  };
  const small: CSSProperties = { ...text, fontSize: "14px", lineHeight: "22px", color: COLOURS.muted };
  const link: CSSProperties = { color: COLOURS.link, textDecorationLine: "underline" };
  return {
    body: { backgroundColor: COLOURS.page, margin: "0", padding: "24px 8px" },
    container: {
      maxWidth: "600px",
      backgroundColor: COLOURS.card,
      border: `1px solid ${COLOURS.rule}`,
      borderRadius: "8px",
      padding: "32px 24px",
    },
    orgName: { ...small, fontWeight: 700, color: COLOURS.text, margin: "0 0 24px" },
    heading: {
      fontFamily,
      fontSize: "24px",
      lineHeight: "32px",
      fontWeight: 700,
      color: COLOURS.text,
      margin: "0 0 24px",
    },
    text,
    small,
    link,
    url: { ...link, wordBreak: "break-all" },
    buttonSection: { margin: "8px 0 24px" },
    button: {
      fontFamily,
      fontSize: "16px",
      fontWeight: 600,
      color: "#ffffff",
      backgroundColor: COLOURS.link,
      borderRadius: "6px",
      padding: "14px 24px",
    },
    rule: { borderTop: `1px solid ${COLOURS.rule}`, margin: "32px 0 24px" },
    footer: { ...small, fontSize: "13px", lineHeight: "20px", margin: "0 0 12px" },
    footerLink: { ...link, color: COLOURS.muted },
  } satisfies Record<string, CSSProperties>;
}

/** Between two sentences: a space, except in Japanese, which sets sentences without one. */
export function sentenceGap(locale: Locale): string {
  return locale === "ja" ? "" : " ";
}

/** Text with its line breaks kept (React escapes it; nothing is inserted as HTML). */
export function Lines({ text }: { text: string }) {
  return (
    <>
      {text.split(/\r?\n/).map((line, index) => (
        <Fragment key={index}>
          {index > 0 ? <br /> : null}
          {line}
        </Fragment>
      ))}
    </>
  );
}

/** The email's one call to action, as a bulletproof link-button. */
export function EmailButton({ locale, href, children }: { locale: Locale; href: string; children: string }) {
  const styles = emailStyles(locale);
  return (
    <Section style={styles.buttonSection}>
      <Button href={href} style={styles.button}>
        {children}
      </Button>
    </Section>
  );
}

/** The address behind a button, for clients that break buttons or readers who prefer to paste. */
export function LinkFallback({ locale, href }: { locale: Locale; href: string }) {
  const styles = emailStyles(locale);
  const t = emailTranslator(locale);
  return (
    <Text style={styles.small}>
      {t("common.linkFallback")}
      <br />
      <Link href={href} style={styles.url}>
        {href}
      </Link>
    </Text>
  );
}

/** "Changed your mind? Withdraw your signature", for mail about a signature. */
export function WithdrawLine({ locale, href }: { locale: Locale; href: string }) {
  const styles = emailStyles(locale);
  const t = emailTranslator(locale);
  return (
    <Text style={styles.text}>
      {t("common.withdrawQuestion")}
      {sentenceGap(locale)}
      <Link href={href} style={styles.link}>
        {t("common.withdrawLink")}
      </Link>
    </Text>
  );
}

/** The closing line, signed with the organisation's name. */
export function SignOff({ locale, orgName }: { locale: Locale; orgName: string }) {
  const styles = emailStyles(locale);
  const t = emailTranslator(locale);
  return (
    <Text style={{ ...styles.text, marginTop: "24px" }}>
      {t("common.signOff")}
      <br />
      {orgName}
    </Text>
  );
}

export type EmailLayoutProps = {
  locale: Locale;
  footer: EmailFooter;
  /** Only for list mail: adds why the reader gets it and the unsubscribe link. */
  list?: ListInfo;
  /** The subject, used as the document title. */
  title: string;
  /** Inbox preview text (hidden in the body, left out of the plain-text part). */
  preview: string;
  heading: string;
  children: ReactNode;
};

export function EmailLayout({ locale, footer, list, title, preview, heading, children }: EmailLayoutProps) {
  const styles = emailStyles(locale);
  const t = emailTranslator(locale);
  return (
    <Html lang={locale} dir="ltr">
      <Head>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <meta name="supported-color-schemes" content="light" />
        <title>{title}</title>
      </Head>
      <Body style={styles.body}>
        <Preview>{preview}</Preview>
        <Container style={styles.container}>
          <Text style={styles.orgName}>{footer.orgName}</Text>
          <Heading as="h1" style={styles.heading}>
            {heading}
          </Heading>
          {children}
          <Hr style={styles.rule} />
          <Section>
            <Text style={styles.footer}>
              {footer.orgName}
              <br />
              <Lines text={footer.postalAddress} />
            </Text>
            <Text style={styles.footer}>
              <Link href={footer.privacyUrl} style={styles.footerLink}>
                {t("footer.privacy")}
              </Link>
            </Text>
            {list ? (
              <Text style={styles.footer}>
                {t("footer.listReason", { listName: list.listName })}
                {sentenceGap(locale)}
                <Link href={list.unsubscribeUrl} style={styles.footerLink}>
                  {t("footer.unsubscribe")}
                </Link>
                {list.preferencesUrl ? (
                  <>
                    {" · "}
                    <Link href={list.preferencesUrl} style={styles.footerLink}>
                      {t("subscription.footerPreferences")}
                    </Link>
                  </>
                ) : null}
              </Text>
            ) : null}
          </Section>
        </Container>
      </Body>
    </Html>
  );
}
