import { z } from "zod";
import {
  composeTransactionalEmail,
  SupersededEmailError,
  UnknownTemplateError,
} from "~/emails/compose.server";
import { PermanentJobError, type JobDefinition } from "~/jobs/types";
import {
  findDelivery,
  markDeliveryFailed,
  markDeliverySent,
  markDeliverySuppressed,
  SEND_EMAIL_JOB,
} from "~/models/email-delivery.server";
import { findSuppressedAddresses } from "~/models/suppression.server";
import { sendEmail } from "~/services/email/index.server";
import { PermanentEmailError } from "~/services/email/types";

/** Sends one transactional email recorded by queueEmail(). */
export const sendEmailJob: JobDefinition<{ deliveryId: string }> = {
  name: SEND_EMAIL_JOB,
  concurrency: 4,
  retryLimit: 8,
  retryDelaySeconds: 15,
  retryBackoff: true,
  expireInSeconds: 120,
  parse: (data) => z.object({ deliveryId: z.uuid() }).parse(data),
  async run({ deliveryId }) {
    const delivery = await findDelivery(deliveryId);
    if (!delivery) throw new PermanentJobError(`Delivery ${deliveryId} does not exist`);
    // Already handled by an earlier attempt whose job completion was lost.
    if (delivery.status !== "queued" && delivery.status !== "sending") return;
    if ((await findSuppressedAddresses([delivery.toEmail], "transactional")).size > 0) {
      await markDeliverySuppressed(delivery.id);
      return;
    }
    try {
      const message = await composeTransactionalEmail(delivery);
      const { id } = await sendEmail(message, { idempotencyKey: `delivery/${delivery.id}` });
      await markDeliverySent(delivery.id, id);
    } catch (error) {
      if (error instanceof SupersededEmailError) {
        await markDeliverySuppressed(delivery.id);
        return;
      }
      if (error instanceof PermanentEmailError || error instanceof UnknownTemplateError) {
        await markDeliveryFailed(delivery.id, error.message);
        throw new PermanentJobError(error.message);
      }
      throw error;
    }
  },
};
