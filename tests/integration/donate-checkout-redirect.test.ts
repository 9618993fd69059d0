// A valid donation through the built app, with Stripe's API answered by a few lines here (the
// official SDK pointed at them with STRIPE_API_BASE): the page sends the donor on to the Checkout
// Session's URL with a 303 and stores nothing; when Stripe fails, the form comes back with the
// provider's error in the reader's language and every value kept. The parameters Stripe is sent
// are the model's tests' business (tests for app/models/donation.server.ts).
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import en from "~/i18n/en.json";
import ko from "~/i18n/ko.json";
import { getPrisma } from "~/utils/db.server";
import { startBuiltApp, type BuiltApp } from "../support/built-app";
import { stopNodeProcess } from "../support/processes";

// The donate form refuses a post made sooner than a person could fill it in.
const HUMAN_PAUSE_MS = 3_200;

let app: BuiltApp;
let stripe: http.Server;
/** What the next Checkout Session request is answered with. */
let answer: { status: number; body: unknown } = { status: 500, body: {} };
const sessionRequests: string[] = [];

beforeAll(async () => {
  stripe = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      if (req.method === "POST" && req.url === "/v1/checkout/sessions") sessionRequests.push(body);
      res.writeHead(answer.status, { "content-type": "application/json" });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => stripe.listen(0, "127.0.0.1", resolve));
  const { port } = stripe.address() as AddressInfo;
  app = await startBuiltApp({
    STRIPE_SECRET_KEY: "sk_test_donatepages",
    STRIPE_WEBHOOK_SECRET: "whsec_donatepages",
    STRIPE_API_BASE: `http://127.0.0.1:${port}`,
    // The Korean donation receipt is offered only with a key to seal the numbers it needs.
    DONOR_DATA_KEY: randomBytes(32).toString("base64"),
  });
}, 60_000);

afterAll(async () => {
  if (app) await stopNodeProcess(app.proc, 15_000);
  await new Promise((resolve) => stripe?.close(resolve));
});

async function donate(lang: string, fields: Record<string, string>) {
  const page = await (await fetch(`${app.baseUrl}/${lang}/donate`)).text();
  const shown = /name="shown" value="([^"]+)"/.exec(page)?.[1] ?? "";
  await new Promise((resolve) => setTimeout(resolve, HUMAN_PAUSE_MS));
  return fetch(`${app.baseUrl}/${lang}/donate`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ shown, website: "", frequency: "once", ...fields }),
    redirect: "manual",
  });
}

describe("a valid donation", () => {
  it("goes on to the Checkout Session's page with a 303, not cached", async () => {
    const url = "https://checkout.stripe.com/c/pay/cs_test_donatepages1";
    answer = { status: 200, body: { id: "cs_test_donatepages1", object: "checkout.session", url } };
    const response = await donate("ko", {
      amount: "30000",
      currency: "KRW",
      email: "giver-ko@example.org",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(url);
    expect(response.headers.get("cache-control")).toBe("no-store");
    // ₩30,000 is 30000: KRW has no minor unit.
    expect(sessionRequests.at(-1)).toContain("line_items[0][price_data][unit_amount]=30000&");

    // The gift waits for the webhook; its thanks page says so.
    const gift = await getPrisma().donation.findUnique({
      where: { checkoutSessionId: "cs_test_donatepages1" },
    });
    expect(gift).toMatchObject({ status: "pending", amount: 30000, currency: "KRW", locale: "ko" });
    const thanks = await (
      await fetch(`${app.baseUrl}/ko/donate/thanks?session_id=cs_test_donatepages1`)
    ).text();
    expect(thanks).toContain(ko["donate.thanks.pendingTitle"]);
  });

  it("comes back with the provider's error translated and every value kept when Stripe fails", async () => {
    answer = {
      status: 400,
      body: { error: { type: "invalid_request_error", message: "No such thing" } },
    };
    const response = await donate("en", {
      amount: "custom",
      customAmount: "40",
      currency: "EUR",
      frequency: "monthly",
      email: "giver-en@example.org",
      name: "Sam Park",
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const html = await response.text();
    expect(html).toMatch(
      new RegExp(`<p class="form-error" role="alert">${en["donate.error.unavailable"]}</p>`),
    );
    expect(html).toMatch(/<option value="EUR" selected="">/);
    expect(html).toMatch(/name="customAmount"[^>]*value="40"/);
    expect(html).toMatch(/name="email"[^>]*value="giver-en@example.org"/);
    expect(html).toMatch(/checked="" value="monthly"/);
  });
});

describe("the Korean donation receipt", () => {
  it("is offered, and a bad number comes back translated, never echoed, the rest kept", async () => {
    const form = await (await fetch(`${app.baseUrl}/ko/donate`)).text();
    for (const name of ["krReceipt", "krLegalName", "krRrn", "krAddress"]) {
      expect(form).toContain(`name="${name}"`);
    }
    const typedNumber = "9001011234";
    const response = await fetch(`${app.baseUrl}/ko/donate`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        shown: /name="shown" value="([^"]+)"/.exec(form)?.[1] ?? "",
        amount: "30000",
        currency: "KRW",
        frequency: "once",
        email: "receipt@example.org",
        krReceipt: "on",
        krLegalName: "김지원",
        krRrn: typedNumber,
        krAddress: "서울특별시 중구 세종대로 1",
      }),
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain(ko["donate.error.krRrnInvalid"]);
    expect(html).toContain(ko["donate.krReceipt.rrnAgain"]);
    expect(html).toMatch(/name="krLegalName"[^>]*value="김지원"/);
    expect(html).toMatch(/name="krAddress"[^>]*value="서울특별시 중구 세종대로 1"/);
    expect(html).toMatch(/name="krReceipt"[^>]*checked=""/);
    // The number is not in the page at all: not in the field, not anywhere else.
    expect(html).not.toContain(typedNumber);
    expect(html).toMatch(/<input id="donate-kr-rrn"(?![^>]*value=)[^>]*>/);
  });
});
