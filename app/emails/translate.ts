// Translator for the emails' own catalogues (app/emails/i18n), kept apart from the UI's so that
// pages never ship email text and emails can be rendered without the UI catalogues.
import en from "~/emails/i18n/en.json";
import ja from "~/emails/i18n/ja.json";
import ko from "~/emails/i18n/ko.json";
import type { Locale } from "~/i18n/locales";
import { createTranslator, type Translator } from "~/i18n/translate";

export type EmailMessageKey = keyof typeof en;
export type EmailMessages = Record<EmailMessageKey, string>;
export type EmailTranslate = Translator<EmailMessageKey>;

/** Typed against English, so a key missing from Korean or Japanese fails the typecheck. */
export const EMAIL_CATALOGUES: Record<Locale, EmailMessages> = { en, ko, ja };

export function emailTranslator(locale: Locale): EmailTranslate {
  return createTranslator(locale, EMAIL_CATALOGUES[locale]);
}
