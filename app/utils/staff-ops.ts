// Constants the staff operations pages share between their server code and their components
// (a component cannot import a *.server module: the browser build leaves those empty).

/** The dashboard's choice of periods, in days. */
export const DASHBOARD_DAYS = [7, 30, 90] as const;

/** What became of an email, as the dashboard groups delivery statuses. */
export const EMAIL_OUTCOMES = [
  "waiting",
  "sent",
  "delivered",
  "bounced",
  "complained",
  "failed",
  "suppressed",
] as const;
export type EmailOutcome = (typeof EMAIL_OUTCOMES)[number];

/** Every reason a signature is held for (app/models/abuse.server.ts, signing.server.ts). */
export const HOLD_REASONS = [
  "honeypot",
  "too-fast",
  "bad-form-token",
  "form-reused",
  "blocked-domain",
  "blocked-ip",
  "rate-limit-ip",
  "rate-limit-domain",
  "challenge-unsolved",
] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

export function isHoldReason(value: string): value is HoldReason {
  return (HOLD_REASONS as readonly string[]).includes(value);
}

/** Held signatures shown per page (and the most one decision takes). */
export const HELD_PAGE_SIZE = 50;

/** A transactional email in `sending` this long, with no live job, is stuck. */
export const STUCK_AFTER_MINUTES = 60;
