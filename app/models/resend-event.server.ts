// Applies Resend's webhook events (docs/decisions/0009). Each event id is recorded in the same
// transaction as its effect, so a redelivered event changes nothing; effects never move a delivery
// "backwards", so events arriving out of order (delivered after bounced) cannot undo a bounce.
import { z } from "zod";
import { suppressAddress } from "~/models/suppression.server";
import { unsubscribeAddressEverywhere } from "~/models/subscription.server";
import { getPrisma } from "~/utils/db.server";

export const ResendEventSchema = z.object({
  type: z.string().min(1).max(100),
  created_at: z.string().optional(),
  data: z
    .object({
      email_id: z.string().max(200).optional(),
      to: z.array(z.string().max(320)).max(50).optional(),
      bounce: z.object({ type: z.string().optional() }).partial().optional(),
    })
    .passthrough(),
});

export type ResendEvent = z.infer<typeof ResendEventSchema>;

// Resend sends email.bounced when a server permanently rejected the message; a bounce explicitly
// typed as transient or undetermined is not a reason to stop mailing someone.
function isHardBounce(event: ResendEvent): boolean {
  const type = event.data.bounce?.type?.toLowerCase();
  return type === undefined || type === "permanent";
}

export async function applyResendEvent(
  eventId: string,
  event: ResendEvent,
): Promise<"applied" | "duplicate"> {
  return getPrisma().$transaction(async (tx) => {
    const recorded = await tx.providerEvent.createMany({
      data: [{ provider: "resend", eventId, type: event.type }],
      skipDuplicates: true,
    });
    if (recorded.count === 0) return "duplicate";
    const emailId = event.data.email_id;
    const recipients = event.data.to ?? [];
    switch (event.type) {
      case "email.delivered":
        if (emailId) {
          await tx.emailDelivery.updateMany({
            where: { providerMessageId: emailId, status: { in: ["queued", "sending", "sent"] } },
            data: { status: "delivered" },
          });
        }
        break;
      case "email.bounced":
        if (!isHardBounce(event)) break;
        for (const to of recipients) await suppressAddress(to, "hard_bounce", tx);
        if (emailId) {
          await tx.emailDelivery.updateMany({
            where: { providerMessageId: emailId, status: { not: "complained" } },
            data: { status: "bounced" },
          });
        }
        break;
      case "email.complained":
        for (const to of recipients) {
          await suppressAddress(to, "complaint", tx);
          await unsubscribeAddressEverywhere(tx, to, "complaint");
        }
        if (emailId) {
          await tx.emailDelivery.updateMany({
            where: { providerMessageId: emailId },
            data: { status: "complained" },
          });
        }
        break;
      default:
        // Other events (sent, opened, clicked, delivery_delayed) are recorded but change nothing.
        break;
    }
    return "applied";
  });
}
