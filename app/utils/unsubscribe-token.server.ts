import { makeIdToken, readIdToken } from "~/utils/id-token.server";

// An unsubscribe link names one list membership (a subscription): app/utils/id-token.server.ts.
// Nothing is stored, so every email of a subscription carries the same working link.

const PURPOSE = "unsubscribe";

export const createUnsubscribeToken = (subscriptionId: string) => makeIdToken(PURPOSE, subscriptionId);

/** The subscription id the token was made for, or null for anything forged, altered or malformed. */
export const readUnsubscribeToken = (token: string) => readIdToken(PURPOSE, token);
