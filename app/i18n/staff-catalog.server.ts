// The staff area's strings, apart from the public pages' catalogue: only staff pages send them.
// Each part of the staff area keeps its own files (app/i18n/staff/<part>.<locale>.json); every
// locale must have exactly the English keys (tests/unit/i18n-catalogues.test.ts).
import authEn from "~/i18n/staff/auth.en.json";
import authJa from "~/i18n/staff/auth.ja.json";
import authKo from "~/i18n/staff/auth.ko.json";
import coreEn from "~/i18n/staff/core.en.json";
import coreJa from "~/i18n/staff/core.ja.json";
import coreKo from "~/i18n/staff/core.ko.json";
import peopleEn from "~/i18n/staff/people.en.json";
import peopleJa from "~/i18n/staff/people.ja.json";
import peopleKo from "~/i18n/staff/people.ko.json";
import campaignsEn from "~/i18n/staff/campaigns.en.json";
import campaignsJa from "~/i18n/staff/campaigns.ja.json";
import campaignsKo from "~/i18n/staff/campaigns.ko.json";
import exportsEn from "~/i18n/staff/exports.en.json";
import exportsJa from "~/i18n/staff/exports.ja.json";
import exportsKo from "~/i18n/staff/exports.ko.json";
import opsEn from "~/i18n/staff/ops.en.json";
import opsJa from "~/i18n/staff/ops.ja.json";
import opsKo from "~/i18n/staff/ops.ko.json";
import votesEn from "~/i18n/staff/votes.en.json";
import votesJa from "~/i18n/staff/votes.ja.json";
import votesKo from "~/i18n/staff/votes.ko.json";
import updatesEn from "~/i18n/staff/updates.en.json";
import updatesJa from "~/i18n/staff/updates.ja.json";
import updatesKo from "~/i18n/staff/updates.ko.json";
import donationsEn from "~/i18n/staff/donations.en.json";
import donationsJa from "~/i18n/staff/donations.ja.json";
import donationsKo from "~/i18n/staff/donations.ko.json";
import type { Locale } from "~/i18n/locales";
import type { StaffMessages } from "~/i18n/staff-messages";

export const STAFF_CATALOGUES = {
  en: {
    ...coreEn,
    ...peopleEn,
    ...campaignsEn,
    ...exportsEn,
    ...opsEn,
    ...authEn,
    ...votesEn,
    ...updatesEn,
    ...donationsEn,
  },
  ko: {
    ...coreKo,
    ...peopleKo,
    ...campaignsKo,
    ...exportsKo,
    ...opsKo,
    ...authKo,
    ...votesKo,
    ...updatesKo,
    ...donationsKo,
  } satisfies StaffMessages,
  ja: {
    ...coreJa,
    ...peopleJa,
    ...campaignsJa,
    ...exportsJa,
    ...opsJa,
    ...authJa,
    ...votesJa,
    ...updatesJa,
    ...donationsJa,
  } satisfies StaffMessages,
} satisfies Record<Locale, StaffMessages>;

export function getStaffMessages(locale: Locale): StaffMessages {
  return STAFF_CATALOGUES[locale];
}
