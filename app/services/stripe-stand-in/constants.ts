/** The API version the `stripe` SDK in package.json pins; the stand-in models only this one. */
export const API_VERSION = "2026-10-28.endive";

/** Checkout Sessions expire 24 hours after creation unless `expires_at` says sooner. */
export const DEFAULT_SESSION_LIFETIME_SECONDS = 24 * 60 * 60;

/** Stripe's largest amount for one charge: eight digits in the currency's minor unit. */
export const MAX_AMOUNT = 99_999_999;
