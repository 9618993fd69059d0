import type authEn from "~/i18n/staff/auth.en.json";
import type coreEn from "~/i18n/staff/core.en.json";
import type peopleEn from "~/i18n/staff/people.en.json";
import type campaignsEn from "~/i18n/staff/campaigns.en.json";
import type exportsEn from "~/i18n/staff/exports.en.json";
import type opsEn from "~/i18n/staff/ops.en.json";
import type votesEn from "~/i18n/staff/votes.en.json";
import type updatesEn from "~/i18n/staff/updates.en.json";
import type donationsEn from "~/i18n/staff/donations.en.json";

// The staff catalogue's keys, from the English files (add each part's file here as well).
export type StaffMessageKey =
  | keyof typeof coreEn
  | keyof typeof peopleEn
  | keyof typeof campaignsEn
  | keyof typeof exportsEn
  | keyof typeof opsEn
  | keyof typeof authEn
  | keyof typeof votesEn
  | keyof typeof updatesEn
  | keyof typeof donationsEn;
export type StaffMessages = Record<StaffMessageKey, string>;
