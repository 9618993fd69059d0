import type { Locale } from "~/i18n/locales";

export type RenderedEmail = { subject: string; html: string; text: string };
/** Shown at the foot of every email: who sent it, where they are, and the privacy notice. */
export type EmailFooter = { orgName: string; postalAddress: string; privacyUrl: string };
/** For list (non-transactional) mail only: why the reader gets it and how to leave at once. */
export type ListInfo = {
  listName: string;
  unsubscribeUrl: string;
  /** The subscriber's own preferences page (language, lists, export, erasure). */
  preferencesUrl?: string;
};
export type EmailBase = { locale: Locale; footer: EmailFooter };
