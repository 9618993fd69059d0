import type en from "~/i18n/en.json";
import { formatMessage, type MessageValues } from "~/i18n/format";
import type { Locale } from "~/i18n/locales";

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
export type Translator<Key extends string> = (key: Key, values?: MessageValues) => string;
export type Translate = Translator<MessageKey>;

/** A translator over any catalogue: the UI's (app/i18n) or the emails' (app/emails/i18n). */
export function createTranslator<Catalogue extends Record<string, string>>(
  locale: Locale,
  messages: Catalogue,
): Translator<Extract<keyof Catalogue, string>> {
  return (key, values) => formatMessage(locale, messages[key] ?? key, values);
}
