// The privacy notice promises retention periods; the retention job applies them. The figures in
// every language must be the ones in RETENTION, so changing one without the other fails here.
import { describe, expect, it } from "vitest";
import en from "~/i18n/en.json";
import ja from "~/i18n/ja.json";
import ko from "~/i18n/ko.json";
import { RETENTION } from "~/models/retention.server";
import { CONFIRMATION_LINK_DAYS } from "~/utils/signature-tokens.server";

const DAY_MS = 86_400_000;
const days = (ms: number) => ms / DAY_MS;
// How each language writes "N days" in the notice.
const dayPhrase: Record<string, (n: number) => RegExp> = {
  en: (n) => new RegExp(`\\b${n} days\\b`),
  ko: (n) => new RegExp(`${n}일`),
  ja: (n) => new RegExp(`${n}日`),
};

describe.each([
  ["en", en],
  ["ko", ko],
  ["ja", ja],
] as const)("the %s privacy notice", (lang, catalogue) => {
  const phrase = dayPhrase[lang]!;

  it("states how long a confirmation link works and when the IP fingerprint goes", () => {
    expect(catalogue["privacy.keepBody"]).toMatch(phrase(CONFIRMATION_LINK_DAYS));
    expect(catalogue["privacy.keepBody"]).toMatch(phrase(days(RETENTION.ipHashMs)));
  });

  it("states when an unconfirmed subscribe request is deleted", () => {
    expect(catalogue["privacy.keepList"]).toMatch(phrase(days(RETENTION.pendingSubscriberMs)));
  });

  it("states when a gift that never happened is deleted", () => {
    expect(catalogue["privacy.keepDonations"]).toMatch(phrase(days(RETENTION.unpaidDonationMs)));
  });

  it("states when an unissued Korean receipt request loses its resident registration number", () => {
    expect(catalogue["privacy.koreanReceiptBody"]).toMatch(phrase(days(RETENTION.koreanReceiptMs)));
  });
});
