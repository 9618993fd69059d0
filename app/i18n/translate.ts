import type en from "~/i18n/en.json";
import { formatMessage, type MessageValues } from "~/i18n/format";
import type { Locale } from "~/i18n/locales";

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
export type Translate = (key: MessageKey, values?: MessageValues) => string;

export function createTranslator(locale: Locale, messages: Messages): Translate {
  return (key, values) => formatMessage(locale, messages[key] ?? key, values);
}
