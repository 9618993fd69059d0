import { keyedMac, verifyMac } from "~/utils/keys.server";

// A signed "form shown at" time, bound to the campaign the form was shown for. People take several
// seconds to fill in a petition form; scripts post at once. The MAC stops a script from sending an
// old time or one campaign's token to another, and a token only lives FORM_MAX_AGE_MS.

// Long enough to read a petition with the tab left open over lunch; short enough that a token
// scraped once cannot feed a bot for days.
export const FORM_MAX_AGE_MS = 6 * 3_600_000;

function mac(campaignId: string, shownAt: number): Buffer {
  return keyedMac("form-shown", `${campaignId}:${shownAt}`).subarray(0, 12);
}

export function formShownToken(campaignId: string, now = Date.now()): string {
  return `${now}.${mac(campaignId, now).toString("base64url")}`;
}

export type FormTiming =
  | { status: "ok"; fillMs: number }
  /** Ours, for this campaign, but older than FORM_MAX_AGE_MS: a person whose tab stayed open. */
  | { status: "expired" }
  /** Missing, altered, from the future or for another campaign: never a page we served. */
  | { status: "forged" };

/** How long the form was open, judged from its token. */
export function readFormTiming(token: string | null, campaignId: string, now = Date.now()): FormTiming {
  const match = /^(\d{13})\.([A-Za-z0-9_-]{16})$/.exec(token ?? "");
  if (!match) return { status: "forged" };
  const shownAt = Number(match[1]);
  const given = Buffer.from(match[2]!, "base64url");
  if (shownAt > now || !verifyMac("form-shown", `${campaignId}:${shownAt}`, given))
    return { status: "forged" };
  if (now - shownAt > FORM_MAX_AGE_MS) return { status: "expired" };
  return { status: "ok", fillMs: now - shownAt };
}
