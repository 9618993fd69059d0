import { applyRetentionJob } from "~/jobs/apply-retention.server";
import { deliverSimulatedStripeEventsJob } from "~/jobs/deliver-simulated-stripe-events.server";
import { pruneRateLimitsJob } from "~/jobs/prune-rate-limits.server";
import { sendEmailJob } from "~/jobs/send-email.server";
import { sendUpdateJob } from "~/jobs/send-update.server";
import type { JobDefinition } from "~/jobs/types";

/** Every background job, in one place: the worker runs these and migrations create their queues. */
export const JOBS = [
  sendEmailJob,
  sendUpdateJob,
  pruneRateLimitsJob,
  applyRetentionJob,
  deliverSimulatedStripeEventsJob,
] as unknown as JobDefinition<never>[];
