// Hostile input (THREATS.md, "anyone on the internet"): malformed and hostile requests to every
// route of the built app get a 4xx, never a 5xx; the app stays ready; a refused request changes
// nothing in the database; huge, endless and slow requests are cut off. The routes come from the
// Remix build, so a new route is fuzzed, and its methods checked, without being listed here.
import fs from "node:fs";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { signPetition } from "~/models/signature.server";
import { HTTP_TIMEOUTS } from "~/server/http-server.server";
import { getPrisma } from "~/utils/db.server";
import { formShownToken } from "~/utils/form-timing.server";
import { withdrawalToken } from "~/utils/signature-tokens.server";
import { createUnsubscribeToken } from "~/utils/unsubscribe-token.server";
import { useAppAndBrowser } from "../e2e/harness";
import { confirmationTokenFor, signerInput } from "../factories";
import { databaseWrites, watchDatabaseWrites } from "../support/database-writes";
import {
  builtRoutes,
  describeRequest,
  fillPath,
  FORM,
  hostileRequests,
  OUTBOX_ID,
  PATH_VARIANTS,
  signedWebhook,
  type BuiltRoute,
  type Fixture,
} from "../support/hostile-requests";
import { headerOf, sendRaw, slowClient, streamBody, type RawRequest } from "../support/raw-http";
import { createSubscription } from "../support/subscribers";

const WEBHOOK_SECRET = "whsec_" + Buffer.from("rollcall-hostile-requests-0123456789").toString("base64");
// Read by the app when it starts: a configured webhook (unconfigured, it answers 503 by design),
// and no in-process worker, whose housekeeping would change the database while the fuzz watches.
process.env.RESEND_WEBHOOK_SECRET = WEBHOOK_SECRET;
process.env.WORKER_MODE = "off";

const FUZZ_SEED = 20_261_130;
const FUZZ_RUNS = 1_000;
const MiB = 1024 * 1024;

const e2e = useAppAndBrowser({ browser: false });

/** The peak resident memory of a process so far, in bytes (Linux). */
function peakMemory(pid: number): number {
  const kib = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kib) * 1024;
}

let fx: Fixture;
let routes: BuiltRoute[];
let slowClients: Promise<{ status: number | null; elapsedMs: number }>[] = [];

beforeAll(async () => {
  const port = Number(new URL(e2e.app.baseUrl).port);
  routes = builtRoutes();
  const campaigns = await getPrisma().campaign.findMany({ select: { id: true, slug: true, status: true } });
  const live = campaigns.find((campaign) => campaign.status === "live")!;
  // Real tokens, so the fuzz also reaches the confirm, withdraw and unsubscribe actions' work.
  await signPetition(signerInput(live.id, 1, { email: "pending@example.org" }));
  const pending = await getPrisma().signature.findFirstOrThrow({ where: { email: "pending@example.org" } });
  const subscription = await createSubscription({ email: "subscriber@example.org", campaignId: live.id });
  await watchDatabaseWrites();
  fx = {
    port,
    webhookSecret: WEBHOOK_SECRET,
    origin: e2e.app.baseUrl,
    slugs: campaigns.map((campaign) => campaign.slug),
    tokens: [
      await confirmationTokenFor(live.id, "pending@example.org"),
      withdrawalToken(pending.id),
      createUnsubscribeToken(subscription.id),
    ],
    shown: formShownToken(live.id, Date.now() - 60_000),
  };
  // Started now so that their wait for the server's timeouts overlaps the fuzz run.
  const post = `POST /campaigns/${live.slug} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${FORM}\r\nContent-Length: 1000\r\n\r\n`;
  slowClients = [
    slowClient(port, ["GET / HTTP/1.1\r\n", ...Array.from({ length: 30 }, (_, i) => `X-Slow-${i}: 1\r\n`)]),
    slowClient(port, [post, ...Array.from({ length: 30 }, () => "a")]),
  ];
});

async function readyStatus(): Promise<number> {
  return (await fetch(`${e2e.app.baseUrl}/readyz`)).status;
}

function plainRequest(overrides: Partial<RawRequest> & { target: string }): RawRequest {
  return { method: "GET", headers: [["Host", `127.0.0.1:${fx.port}`]], ...overrides };
}

describe("hostile requests", () => {
  it("takes a POST exactly where the build has an action, and answers 405 with Allow elsewhere", async () => {
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) {
      const path = fillPath(route.template, {
        lang: "",
        slug: fx.slugs[0]!,
        token: "A".repeat(43),
        id: OUTBOX_ID,
      });
      // An index route's action takes posts sent with `?index`, as Remix's forms send them.
      const query = route.index ? "?index" : "";
      for (const target of [path + query, PATH_VARIANTS.singleFetch!(path) + query]) {
        const response = await sendRaw(
          fx.port,
          plainRequest({
            method: "POST",
            target,
            headers: [
              ["Host", `127.0.0.1:${fx.port}`],
              ["Origin", fx.origin],
              ["Content-Type", route.id.includes("webhooks") ? "application/json" : FORM],
            ],
            body: Buffer.from(route.id.includes("webhooks") ? "{}" : "a=1"),
          }),
        );
        if (route.hasAction) expect(response.status, `${route.id}: POST ${target}`).not.toBe(405);
        else
          expect([route.id, target, response.status, headerOf(response.head, "allow")]).toEqual([
            route.id,
            target,
            405,
            "GET, HEAD",
          ]);
        expect(response.status, `${route.id} ${target}`).toBeLessThan(500);
      }
    }
  });

  it("answers each kind of refusal with its status and a page in the reader's language", async () => {
    const slug = fx.slugs[0]!;
    const host: [string, string] = ["Host", `127.0.0.1:${fx.port}`];
    const form = (extra: [string, string][], body = "name=Kim", type = FORM): Partial<RawRequest> => ({
      method: "POST",
      headers: [host, ["Content-Type", type], ...extra],
      body: Buffer.from(body),
    });
    const cases: [RawRequest, number, string][] = [
      [plainRequest({ method: "PUT", target: "/" }), 405, 'lang="en"'],
      [
        plainRequest({ method: "DELETE", target: `/ko/campaigns/${slug}` }),
        405,
        "이 페이지에서 받지 않는 요청입니다",
      ],
      [
        plainRequest({
          target: `/campaigns/${slug}`,
          ...form([
            ["Origin", "https://evil.example"],
            ["Accept-Language", "ja"],
          ]),
        }),
        403,
        "ほかのサイトから送信されたフォームです",
      ],
      [
        plainRequest({ target: `/embed/campaigns/${slug}`, ...form([["Sec-Fetch-Site", "cross-site"]]) }),
        403,
        'lang="en"',
      ],
      [
        plainRequest({
          target: `/ja/unsubscribe/${fx.tokens[2]}`,
          ...form([["Origin", "null"]], "List-Unsubscribe=One-Click"),
        }),
        403,
        'lang="ja"',
      ],
      [
        plainRequest({ target: `/ko/confirm/${fx.tokens[0]}`, ...form([], "name=Kim", "text/plain") }),
        415,
        'lang="ko"',
      ],
      [
        plainRequest({ target: `/campaigns/${slug}`, ...form([], `name=${"x".repeat(70_000)}`) }),
        413,
        'lang="en"',
      ],
      [plainRequest({ target: `/campaigns/${slug}`, ...form([], "name=a%00b") }), 400, 'lang="en"'],
      [plainRequest({ target: `/withdraw/${fx.tokens[1]}`, ...form([], "x\u0000=1") }), 400, 'lang="en"'],
      [
        plainRequest({
          target: `/embed/campaigns/${slug}`,
          ...form([], "name=Kim", "multipart/form-data"),
        }),
        400,
        'lang="en"',
      ],
      [plainRequest({ target: "/campaigns/%00" }), 400, 'lang="en"'],
      [plainRequest({ target: "/ja/campaigns/%ff" }), 400, "リクエストを読み取れませんでした"],
      [plainRequest({ target: "/", body: Buffer.from("x") }), 413, 'lang="en"'],
      [plainRequest({ target: "/", headers: [["Host", "a b"]] }), 400, 'lang="en"'],
      [plainRequest({ target: "/api/campaigns/%00" }), 400, '"ok":false'],
      [plainRequest({ target: "/webhooks/resend" }), 405, '"ok":false'],
      [
        plainRequest({
          method: "POST",
          target: "/webhooks/resend",
          headers: [host, ["Content-Type", FORM]],
          body: Buffer.from("a=1"),
        }),
        415,
        '"ok":false',
      ],
    ];
    const before = await databaseWrites();
    for (const [request, status, text] of cases) {
      const response = await sendRaw(fx.port, request);
      expect([describeRequest(request), response.status, response.body.includes(text)]).toEqual([
        describeRequest(request),
        status,
        true,
      ]);
      if (status === 405) expect(headerOf(response.head, "allow")).toMatch(/^(GET, HEAD(, POST)?|POST)$/);
    }
    expect(await databaseWrites()).toBe(before);

    // A signed webhook is server-to-server: it needs no Origin and is refused only for its content.
    const event = JSON.stringify({
      type: "email.delivered",
      created_at: new Date().toISOString(),
      data: { email_id: "none", to: ["x@example.org"] },
    });
    const webhook = await sendRaw(fx.port, {
      method: "POST",
      target: "/webhooks/resend",
      headers: [
        host,
        ["Origin", "https://evil.example"],
        ["Content-Type", "application/json"],
        ...signedWebhook(WEBHOOK_SECRET, event, "msg_cross_origin"),
      ],
      body: Buffer.from(event),
    });
    expect(webhook.status).toBe(200);
    // OPTIONS says what a path takes, and grants no other site anything (no CORS headers).
    const options = await sendRaw(
      fx.port,
      plainRequest({
        method: "OPTIONS",
        target: `/campaigns/${slug}`,
        headers: [host, ["Origin", "https://evil.example"]],
      }),
    );
    expect([
      options.status,
      headerOf(options.head, "allow"),
      headerOf(options.head, "access-control-allow-origin"),
    ]).toEqual([204, "GET, HEAD, POST", undefined]);
  });

  it(
    "fuzzes every route with hostile requests: never a 5xx, and a refused request changes nothing",
    { timeout: 120_000 },
    async () => {
      const started = Date.now();
      const statuses: Record<string, number> = {};
      let sent = 0;
      let writes = await databaseWrites();
      await fc.assert(
        fc.asyncProperty(hostileRequests(routes, fx), async (request) => {
          const response = await sendRaw(fx.port, request);
          sent += 1;
          statuses[String(response.status)] = (statuses[String(response.status)] ?? 0) + 1;
          const what = describeRequest(request);
          expect(response.status, `no answer to\n${what}`).not.toBeNull();
          expect(response.status, `${what}\n${response.body.slice(0, 300)}`).toBeLessThan(500);
          if (response.status === 405) expect(headerOf(response.head, "allow"), what).toBeTruthy();
          const before = writes;
          writes = await databaseWrites();
          if (response.status! >= 400) expect(writes, `a refused request wrote:\n${what}`).toBe(before);
        }),
        { seed: FUZZ_SEED, numRuns: FUZZ_RUNS },
      );
      expect(await readyStatus()).toBe(200);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(
        `[hostile-requests] ${sent} requests in ${seconds} s; statuses ${JSON.stringify(statuses)}`,
      );
    },
  );

  it("cuts off a 50 MB post early, with or without Content-Length, eight at once, in little memory", async () => {
    const path = `/campaigns/${fx.slugs[0]}`;
    const head = (framing: string) =>
      `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${fx.port}\r\nContent-Type: ${FORM}\r\n${framing}\r\n\r\n`;
    const peakBefore = peakMemory(e2e.app.pid);
    const before = await databaseWrites();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        streamBody(
          fx.port,
          head(i % 2 ? "Transfer-Encoding: chunked" : `Content-Length: ${50 * MiB}`),
          50 * MiB,
          i % 2 === 1,
        ),
      ),
    );
    for (const { status, sent } of results) {
      expect(status).toBe(413);
      // The answer comes before the body is read: only what the sockets buffered got through.
      expect(sent).toBeLessThan(16 * MiB);
    }
    expect(peakMemory(e2e.app.pid) - peakBefore).toBeLessThan(64 * MiB);
    // The webhook's own limit holds without a Content-Length too.
    const webhook = await streamBody(
      fx.port,
      `POST /webhooks/resend HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
      2 * MiB,
      true,
    );
    expect(webhook.status).toBe(413);
    expect(await databaseWrites()).toBe(before);
    expect(await readyStatus()).toBe(200);
  });

  it(
    "times out slow headers and an unfinished body (started before the fuzz, which ran meanwhile)",
    { timeout: 60_000 },
    async () => {
      const [headers, body] = await Promise.all(slowClients);
      expect(headers!.status).toBe(408);
      expect(headers!.elapsedMs).toBeGreaterThanOrEqual(HTTP_TIMEOUTS.headersMs - 500);
      expect(headers!.elapsedMs).toBeLessThan(HTTP_TIMEOUTS.headersMs + 5_000);
      expect(body!.status).toBe(408);
      expect(body!.elapsedMs).toBeGreaterThanOrEqual(HTTP_TIMEOUTS.requestMs - 500);
      expect(body!.elapsedMs).toBeLessThan(HTTP_TIMEOUTS.requestMs + 5_000);
      expect(await readyStatus()).toBe(200);
    },
  );
});
