// Signers as the web benches simulate them: the campaign page's sign form, filled in and posted by
// clients that each look like a different person (a unique email, an address of its own).
import { setTimeout as sleep } from "node:timers/promises";
import { UnexpectedReply, type LoadClient, type Reply } from "./load";

const COUNTRIES = ["KOR", "JPN", "USA", "OTHER"] as const;
// Posts this long after the page was shown are not "too fast" (the app's minimum is 3 s).
const FILL_MS = 3_200;

export type FormToken = { shown: string; /** performance.now() when the page was shown */ shownAt: number };

/** A real form token, as a signer's browser gets it with the page at `pageUrl`. */
export async function fetchFormToken(pageUrl: string): Promise<FormToken> {
  const page = await fetch(pageUrl);
  const html = await page.text();
  const input = /<input[^>]*name="shown"[^>]*>/.exec(html)?.[0] ?? "";
  const shown = /value="([^"]+)"/.exec(input)?.[1];
  if (page.status !== 200 || !shown)
    throw new Error(`no shown token on ${new URL(pageUrl).pathname} (${page.status})`);
  return { shown, shownAt: performance.now() };
}

/** Waits until the form has been open long enough for a person to have filled it in. */
export async function waitUntilFilled(token: FormToken): Promise<void> {
  const wait = FILL_MS - (performance.now() - token.shownAt);
  if (wait > 0) await sleep(wait);
}

/** Signer number `n`: a unique email, a country, and an address of its own in 10.0.0.0/8. */
function signer(
  n: number,
  shown: string,
  emailDomains: number,
): { email: string; body: string; forwardedFor: string } {
  const domain = emailDomains === 1 ? "example.org" : `d${n % emailDomains}.example.org`;
  const email = `bench-${n}@${domain}`;
  const body = new URLSearchParams({
    name: `Bench Signer ${n}`,
    email,
    country: COUNTRIES[n % COUNTRIES.length]!,
    display: "initials",
    shown,
  }).toString();
  const forwardedFor = `10.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  return { email, body, forwardedFor };
}

/** The app took the signature: a 302 to the check-email page. */
const isAccepted = (reply: Reply) =>
  reply.status === 302 && reply.header("location")?.endsWith("/check-email") === true;

/**
 * One signature per call, from the next signer (`next` hands out signer numbers, so no email is
 * ever used twice), posted to the campaign page at `path`: resolves with the signer's email when
 * the app accepted it (for a load run: see runLoad).
 */
export function signingAttempt(options: {
  client: LoadClient;
  port: number;
  path: string;
  token: FormToken;
  emailDomains: number;
  next: () => number;
}): () => Promise<string> {
  const { client, port, path, token, emailDomains, next } = options;
  return async () => {
    const { email, body, forwardedFor } = signer(next(), token.shown, emailDomains);
    const reply = await client.send({
      port,
      method: "POST",
      path,
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": forwardedFor },
      body,
    });
    if (!isAccepted(reply)) throw new UnexpectedReply(reply);
    return email;
  };
}
