// What every email shares (the footer) and list mail's message: the footer, the links and the
// List-Unsubscribe headers (RFC 2369, RFC 8058) and List-Id (RFC 2919). Transactional messages
// are put together in app/models/transactional-email.server.ts.
import type { VoteSummaryData } from "~/emails/components/vote-summary";
import type { EmailFooter } from "~/emails/types";
import { renderUpdateEmail } from "~/emails/update-email";
import type { Locale } from "~/i18n/locales";
import type { EmailMessage } from "~/services/email/types";
import { getEnv } from "~/utils/env.server";
import { log } from "~/utils/logger.server";
import { absoluteUrl, campaignUrl } from "~/utils/public-url.server";
import { preferencesPath } from "~/models/preferences.server";
import { createUnsubscribeToken } from "~/utils/unsubscribe-token.server";

export function emailFooter(locale: Locale): EmailFooter {
  const env = getEnv();
  return {
    orgName: env.ORG_NAME,
    postalAddress: env.ORG_POSTAL_ADDRESS,
    privacyUrl: absoluteUrl(`/${locale}/privacy`),
  };
}

export function unsubscribeUrl(subscriptionId: string, locale: Locale): string {
  return absoluteUrl(`/${locale}/unsubscribe/${createUnsubscribeToken(subscriptionId)}`);
}

function listHeaders(unsubscribe: string, listLabel: string): Record<string, string> {
  const host = new URL(getEnv().APP_URL).hostname;
  return {
    "List-Unsubscribe": `<${unsubscribe}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    "List-Id": `<${listLabel}.${host}>`,
  };
}

export type UpdateForEmail = {
  /** Null for the organisation's general list. */
  campaignSlug: string | null;
  campaignTitle: (locale: Locale) => string;
  /** The language a reader is written to: their own when the update has it, else English. */
  localeFor: (locale: Locale) => Locale;
  /** Subject, sanitised body HTML and a plain first paragraph, in a language the update has. */
  text: (locale: Locale) => { subject: string; bodyHtml: string; preview: string };
  /** What the email says about the vote the update is about, for one language and country. */
  vote: (locale: Locale, countryIso3: string | null) => VoteSummaryData | null;
  /** Readers with the same key get the same email but for their own address and links. */
  groupOf: (locale: Locale, countryIso3: string | null) => string;
};

export type UpdateRecipient = {
  toEmail: string;
  locale: Locale;
  subscriptionId: string;
  subscriberId?: string | null;
  countryIso3?: string | null;
};

// The general list's List-Id label (a campaign's is its slug).
const GENERAL_LIST_LABEL = "updates";

/**
 * Everything in an update email that is one reader's own (their links). Grouped rendering
 * (composeUpdateEmails) swaps exactly these values between readers, so a new per-reader link
 * belongs here, not computed inline in composeUpdateEmail.
 */
function recipientLinks(update: UpdateForEmail, recipient: UpdateRecipient) {
  const locale = update.localeFor(recipient.locale);
  return {
    unsubscribeUrl: unsubscribeUrl(recipient.subscriptionId, locale),
    preferencesUrl: recipient.subscriberId
      ? absoluteUrl(`/${locale}${preferencesPath(recipient.subscriberId)}`)
      : undefined,
  };
}

export async function composeUpdateEmail(
  update: UpdateForEmail,
  recipient: UpdateRecipient,
): Promise<EmailMessage> {
  const locale = update.localeFor(recipient.locale);
  const links = recipientLinks(update, recipient);
  const campaignTitle = update.campaignSlug === null ? null : update.campaignTitle(locale);
  const rendered = await renderUpdateEmail({
    locale,
    footer: emailFooter(locale),
    list: {
      listName: campaignTitle ?? getEnv().ORG_NAME,
      unsubscribeUrl: links.unsubscribeUrl,
      preferencesUrl: links.preferencesUrl,
    },
    campaignTitle,
    campaignUrl:
      update.campaignSlug === null ? absoluteUrl(`/${locale}`) : campaignUrl(locale, update.campaignSlug),
    ...update.text(locale),
    vote: update.vote(locale, recipient.countryIso3 ?? null),
  });
  return {
    from: getEnv().EMAIL_FROM,
    to: recipient.toEmail,
    ...rendered,
    headers: listHeaders(links.unsubscribeUrl, update.campaignSlug ?? GENERAL_LIST_LABEL),
  };
}

/** The parts of an update email that differ between two readers of one group. */
function recipientParts(update: UpdateForEmail, recipient: UpdateRecipient): string[] {
  return Object.values(recipientLinks(update, recipient)).filter((part): part is string => Boolean(part));
}

function swapRecipient(message: EmailMessage, from: string[], to: string[], toEmail: string): EmailMessage {
  const swap = (value: string) => from.reduce((text, part, i) => text.split(part).join(to[i]!), value);
  return {
    ...message,
    to: toEmail,
    html: swap(message.html),
    text: swap(message.text),
    headers: Object.fromEntries(
      Object.entries(message.headers ?? {}).map(([name, value]) => [name, swap(value)]),
    ),
  };
}

function sameMessage(a: EmailMessage, b: EmailMessage): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * A batch's messages, rendered once per group of readers who get the same email (one language,
 * and for a vote one country that voted) rather than once per reader: rendering is what a
 * fan-out spends its time on. Each reader's own address and links are put into a copy of the
 * group's message. The second reader of each group is also rendered in full and compared, so a
 * per-reader part added to the template but not to recipientParts() is caught: that batch is then
 * rendered reader by reader (and a warning logged) instead of sending one reader's link to another.
 */
export async function composeUpdateEmails(
  update: UpdateForEmail,
  recipients: UpdateRecipient[],
): Promise<EmailMessage[]> {
  const groups = new Map<string, number[]>();
  recipients.forEach((recipient, index) => {
    const key = update.groupOf(recipient.locale, recipient.countryIso3 ?? null);
    groups.set(key, [...(groups.get(key) ?? []), index]);
  });
  const messages: EmailMessage[] = new Array(recipients.length);
  for (const indexes of groups.values()) {
    const first = recipients[indexes[0]!]!;
    const template = await composeUpdateEmail(update, first);
    const from = recipientParts(update, first);
    for (const index of indexes) {
      const recipient = recipients[index]!;
      messages[index] = swapRecipient(template, from, recipientParts(update, recipient), recipient.toEmail);
    }
    if (indexes.length > 1) {
      const second = recipients[indexes[1]!]!;
      if (!sameMessage(messages[indexes[1]!]!, await composeUpdateEmail(update, second))) {
        log.warn("update email has a per-reader part that grouping does not know; rendering one by one");
        return Promise.all(recipients.map((recipient) => composeUpdateEmail(update, recipient)));
      }
    }
  }
  return messages;
}
