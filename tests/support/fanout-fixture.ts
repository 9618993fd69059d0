// For fan-out tests and the email benchmark: a campaign with many active subscribers and a draft
// update for it (rows made by PostgreSQL itself, so 100,000 take seconds), and the built worker
// run as its own process, so it can be killed like a real one.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Locale } from "~/generated/prisma/client";
import { getPrisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { createCampaign } from "../factories";
import { productionNodeFlags } from "./node-flags";
import { startNodeProcess, stopNodeProcess, type NodeProcess } from "./processes";

const LOCALES: Locale[] = ["en", "ko", "ja"];

const TEXT: Record<Locale, { subject: string; body: string }> = {
  en: {
    subject: "The Council votes on Thursday",
    body: [
      "The Security Council meets on Thursday to vote on the draft resolution you asked it to adopt.",
      "Fifteen members will vote. Nine votes in favour and no veto are needed for it to pass.",
      "Thank you for signing. We will write again as soon as the result is known.",
    ].join("\n\n"),
  },
  ko: {
    subject: "안전보장이사회가 목요일에 표결합니다",
    body: [
      "안전보장이사회가 목요일에 회의를 열어 여러분이 채택을 요청한 결의안 초안을 표결합니다.",
      "15개 이사국이 표결하며, 통과하려면 찬성 9표와 거부권 행사가 없어야 합니다.",
      "서명해 주셔서 감사합니다. 결과가 나오는 대로 다시 알려 드리겠습니다.",
    ].join("\n\n"),
  },
  ja: {
    subject: "安全保障理事会は木曜日に採決します",
    body: [
      "安全保障理事会は木曜日に会合を開き、皆さんが採択を求めた決議案を採決します。",
      "15の理事国が投票し、採択には9票の賛成と拒否権の不行使が必要です。",
      "ご署名ありがとうございました。結果が分かり次第、改めてお知らせします。",
    ].join("\n\n"),
  },
};

// Digits in a subscriber number: five, or more when `count` needs them.
function numberWidth(count: number): number {
  return Math.max(5, String(Math.max(count - 1, 0)).length);
}

/** `subscriber-00042@example.org`: zero-padded so the addresses sort in creation order. */
export function subscriberEmail(index: number, count: number): string {
  const width = numberWidth(count);
  return `subscriber-${String(index).padStart(width, "0")}@example.org`;
}

/**
 * `count` active subscribers (locales cycling en, ko, ja), each with an active subscription to a new
 * campaign, and a draft update for that campaign written in en, ko and ja.
 */
export async function createUpdateWithSubscribers(
  count: number,
): Promise<{ updateId: string; campaignId: string; emails: string[] }> {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a whole number: ${count}`);
  const prisma = getPrisma();
  const campaign = await createCampaign();
  const width = numberWidth(count);

  if (count > 0) {
    // One statement: the subscribers, and through the CTE's RETURNING their subscriptions.
    await prisma.$executeRaw`
      WITH numbers AS (
        SELECT i, format('subscriber-%s@example.org', lpad(i::text, ${width}::int, '0')) AS email
        FROM generate_series(0, ${count}::int - 1) AS i
      ), inserted AS (
        INSERT INTO subscribers (id, email, email_normal, locale, status, created_at)
        SELECT gen_random_uuid(), email, email, ((ARRAY['en', 'ko', 'ja'])[i % 3 + 1])::"Locale",
               'active', now()
        FROM numbers
        RETURNING id
      )
      INSERT INTO subscriptions (id, subscriber_id, campaign_id, status, created_at, confirmed_at)
      SELECT gen_random_uuid(), id, ${campaign.id}::uuid, 'active', now(), now() FROM inserted`;
  }

  const update = await prisma.update.create({
    data: {
      campaignId: campaign.id,
      status: "draft",
      translations: { create: LOCALES.map((locale) => ({ locale, ...TEXT[locale] })) },
    },
  });

  const emails = Array.from({ length: count }, (_, index) => subscriberEmail(index, count));
  return { updateId: update.id, campaignId: campaign.id, emails };
}

/** The worker as deployed (`npm run worker`): the bundle `npm run build` writes. */
export const BUILT_WORKER = path.resolve("build/server/worker.js");

export type WorkerProcess = NodeProcess;

/** 48 random characters, for APP_SECRET. */
export function randomAppSecret(): string {
  return randomBytes(36).toString("base64url");
}

/**
 * This process's APP_SECRET, chosen now if unset. A worker must share it to send what this process
 * queued, as a deployment's web and worker processes do: a confirmation email carries a link whose
 * token the web side made, and the worker refuses to mail a token it cannot verify. Call it before
 * anything reads the environment, which fixes the secret for the process.
 */
export function sharedAppSecret(): string {
  const secret = (process.env.APP_SECRET ??= randomAppSecret());
  if (getEnv().APP_SECRET !== secret) {
    throw new Error("APP_SECRET was read before sharedAppSecret() set it: call it first");
  }
  return secret;
}

/**
 * Environment for a built worker sending through the Resend stand-in at `resendUrl`. Workers that
 * take over each other's sends must share `appSecret`, as a deployment's do: it signs the
 * unsubscribe links, so a batch re-sent with another secret is another payload under the same key.
 */
export function workerEnv(options: {
  databaseUrl: string;
  appSecret: string;
  resendUrl: string;
  resendApiKey: string;
}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: options.databaseUrl,
    NODE_ENV: "production",
    APP_SECRET: options.appSecret,
    APP_URL: "http://127.0.0.1:3999",
    RESEND_API_KEY: options.resendApiKey,
    RESEND_BASE_URL: options.resendUrl,
    RESEND_WEBHOOK_SECRET: "whsec_dGVzdHNlY3JldA==",
    RESEND_MAX_RPS: "0",
    QUEUE_MAINTENANCE_SECONDS: "1",
    LOG_LEVEL: "warn",
  };
}

/** Spawns `build/server/worker.js` as its own process, as `npm run worker` would. */
export function startWorkerProcess(env: NodeJS.ProcessEnv, nodeArgs: string[] = []): WorkerProcess {
  if (!fs.existsSync(BUILT_WORKER)) {
    throw new Error(`${path.relative(process.cwd(), BUILT_WORKER)} is missing: run npm run build first`);
  }
  return startNodeProcess("the worker", [...productionNodeFlags("worker"), ...nodeArgs, BUILT_WORKER], env);
}

/** Stops a worker the way an operator would (SIGTERM) and waits for it; SIGKILL after `graceMs`. */
export function stopWorkerProcess(worker: WorkerProcess, graceMs = 30_000): Promise<number | string | null> {
  return stopNodeProcess(worker, graceMs);
}

/**
 * The built workers one crash test starts, all sending through one stand-in with this process's
 * APP_SECRET (as every process of a deployment shares it), and waiting with their output at hand.
 */
export function workerFleet(stand: { url: () => string; apiKey: string }) {
  const appSecret = sharedAppSecret();
  const workers: WorkerProcess[] = [];
  const output = () =>
    workers.map((w, i) => `--- worker ${i + 1} (pid ${w.pid}) ---\n${w.output().trim()}`).join("\n");
  return {
    start(): WorkerProcess {
      const env = workerEnv({
        databaseUrl: process.env.DATABASE_URL!,
        appSecret,
        resendUrl: stand.url(),
        resendApiKey: stand.apiKey,
      });
      const worker = startWorkerProcess(env);
      workers.push(worker);
      return worker;
    },
    output,
    /** Polls `check` until true; fails with every worker's output if the latest exits or time runs out. */
    async waitFor(
      what: string,
      timeoutMs: number,
      intervalMs: number,
      check: () => Promise<boolean> | boolean,
    ) {
      const deadline = Date.now() + timeoutMs;
      while (!(await check())) {
        const current = workers.at(-1);
        if (current && !current.running()) {
          throw new Error(
            `The worker exited (${await current.exited}) while waiting for ${what}\n${output()}`,
          );
        }
        if (Date.now() > deadline)
          throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}\n${output()}`);
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
    },
    async killAll(): Promise<void> {
      for (const worker of workers) if (worker.running()) worker.child.kill("SIGKILL");
      await Promise.all(workers.map((worker) => worker.exited));
    },
  };
}
