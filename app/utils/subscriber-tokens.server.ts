import { keyedMac, verifyMac } from "~/utils/keys.server";
import { formatUuid, uuidBytes } from "~/utils/uuid";

// Links about a subscriber, made like the unsubscribe link: 16 bytes of a row's UUID, then a
// 128-bit HMAC of them under a key of their own purpose, both base64url (44 characters). Nothing is
// stored; a token cannot be forged, walked to another row or used for another purpose without
// APP_SECRET.
//   subscribe-confirm  names the email delivery that carried a subscription's confirmation, which
//                      holds what that request asked for (app/models/subscribe-confirmation.server.ts);
//   preferences        names a subscriber, for their preferences page;
//   donor-manage       names the email delivery that carried a monthly donor's single-use link to
//                      Stripe's portal (app/models/donor-manage.server.ts), which holds its expiry.

type Purpose = "subscribe-confirm" | "preferences" | "donor-manage";
const ID_CHARS = 22;

function makeToken(purpose: Purpose, id: string): string {
  const bytes = uuidBytes(id);
  return bytes.toString("base64url") + keyedMac(purpose, bytes).subarray(0, 16).toString("base64url");
}

function readToken(purpose: Purpose, token: string): string | null {
  if (!/^[A-Za-z0-9_-]{44}$/.test(token)) return null;
  const id = Buffer.from(token.slice(0, ID_CHARS), "base64url");
  const given = Buffer.from(token.slice(ID_CHARS), "base64url");
  if (id.length !== 16 || given.length !== 16 || !verifyMac(purpose, id, given)) return null;
  return formatUuid(id);
}

export const subscribeConfirmToken = (deliveryId: string) => makeToken("subscribe-confirm", deliveryId);
export const readSubscribeConfirmToken = (token: string) => readToken("subscribe-confirm", token);
export const preferencesToken = (subscriberId: string) => makeToken("preferences", subscriberId);
export const readPreferencesToken = (token: string) => readToken("preferences", token);
export const donorManageToken = (deliveryId: string) => makeToken("donor-manage", deliveryId);
export const readDonorManageToken = (token: string) => readToken("donor-manage", token);
