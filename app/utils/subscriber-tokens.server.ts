import { makeIdToken, readIdToken } from "~/utils/id-token.server";

// Links about a subscriber or a donor, each naming one row (app/utils/id-token.server.ts):
//   subscribe-confirm  names the email delivery that carried a subscription's confirmation, which
//                      holds what that request asked for (app/models/subscribe-confirmation.server.ts);
//   preferences        names a subscriber, for their preferences page;
//   donor-manage       names the email delivery that carried a monthly donor's single-use link to
//                      Stripe's portal (app/models/donor-manage.server.ts), which holds its expiry.

export const subscribeConfirmToken = (deliveryId: string) => makeIdToken("subscribe-confirm", deliveryId);
export const readSubscribeConfirmToken = (token: string) => readIdToken("subscribe-confirm", token);
export const preferencesToken = (subscriberId: string) => makeIdToken("preferences", subscriberId);
export const readPreferencesToken = (token: string) => readIdToken("preferences", token);
export const donorManageToken = (deliveryId: string) => makeIdToken("donor-manage", deliveryId);
export const readDonorManageToken = (token: string) => readIdToken("donor-manage", token);
