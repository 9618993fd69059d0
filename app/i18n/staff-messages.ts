import type coreEn from "~/i18n/staff/core.en.json";
import type opsEn from "~/i18n/staff/ops.en.json";

// The staff catalogue's keys, from the English files (add each part's file here as well).
export type StaffMessageKey = keyof typeof coreEn | keyof typeof opsEn;
export type StaffMessages = Record<StaffMessageKey, string>;
