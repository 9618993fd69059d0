import type { Prisma } from "~/generated/prisma/client";
import { getPrisma } from "~/utils/db.server";

export type JobFailureInput = {
  queue: string;
  jobId: string;
  reason: string;
  attempts: number;
  data: Prisma.InputJsonValue;
};

export async function recordJobFailure(failure: JobFailureInput): Promise<void> {
  await getPrisma().jobFailure.create({ data: failure });
}

/** The most recent permanent failures, newest first, for staff. */
export async function listJobFailures(limit = 100) {
  return getPrisma().jobFailure.findMany({ orderBy: { failedAt: "desc" }, take: limit });
}
