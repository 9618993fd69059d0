import en from "~/i18n/en.json";
import ja from "~/i18n/ja.json";
import ko from "~/i18n/ko.json";
import type { Locale } from "~/i18n/locales";
import { createTranslator, type Messages, type Translate } from "~/i18n/translate";

// Every catalogue must have exactly the English keys: tests/unit/i18n-catalogues.test.ts checks it,
// and the `satisfies` makes a missing key a type error too.
const CATALOGUES = { en, ko: ko satisfies Messages, ja: ja satisfies Messages } satisfies Record<
  Locale,
  Messages
>;

export function getMessages(locale: Locale): Messages {
  return CATALOGUES[locale];
}

export function getTranslator(locale: Locale): Translate {
  return createTranslator(locale, CATALOGUES[locale]);
}
