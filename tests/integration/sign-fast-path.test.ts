// The sign form's fast path (app/server/sign-fast-path.server.ts): an accepted signature is
// answered before Remix; everything else reaches the next handler (Remix) with its form intact.
import type { AddressInfo } from "node:net";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signFastPath } from "~/server/sign-fast-path.server";
import { getPrisma } from "~/utils/db.server";
import { formShownToken } from "~/utils/form-timing.server";
import { acceptCampaignPageSignature } from "~/models/signing.server";
import { createCampaign } from "../factories";

// The fast path finds its signing function in the Remix build's entry module; this build has it.
const build = { entry: { module: { acceptCampaignPageSignature } } } as unknown as ServerBuild;

let baseUrl = "";
let close: () => void = () => undefined;

beforeAll(async () => {
  const app = express();
  app.use(signFastPath(build));
  // Stands in for Remix: reports what it was handed.
  app.use(async (req, res) => {
    let streamed = "";
    for await (const chunk of req) streamed += String(chunk);
    res.json({ path: req.path, formBody: res.locals.formBody ?? null, streamed });
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});

afterAll(() => close());

/** A sign form as a browser posts it, shown five seconds ago for the campaign `slug`. */
async function signerForm(overrides: Record<string, string> = {}, slug = "fast-errors") {
  const campaign = await getPrisma().campaign.findUnique({ where: { slug } });
  return new URLSearchParams({
    name: "Kim Minji",
    email: "minji@example.org",
    country: "FRA",
    display: "initials",
    shown: formShownToken(campaign?.id ?? "none", Date.now() - 5_000),
    ...overrides,
  }).toString();
}

function post(path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${baseUrl}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body,
  });
}

describe("the sign form's fast path", () => {
  it("accepts a valid signature itself: a 302 to check-email in the page's language, stored once", async () => {
    await createCampaign({ slug: "fast-ko", status: "live", targets: ["FRA"] });
    const response = await post("/ko/campaigns/fast-ko", await signerForm({}, "fast-ko"));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/ko/campaigns/fast-ko/check-email");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const stored = await getPrisma().signature.findMany({ where: { campaign: { slug: "fast-ko" } } });
    expect(stored.map((s) => [s.email, s.locale, s.flagged])).toEqual([["minji@example.org", "ko", false]]);
    const deliveries = await getPrisma().emailDelivery.count({ where: { toEmail: "minji@example.org" } });
    expect(deliveries).toBe(1);
  });

  it("signs an unprefixed page in the browser's language and keeps the page unprefixed", async () => {
    await createCampaign({ slug: "fast-plain", status: "live", targets: ["FRA"] });
    const response = await post(
      "/campaigns/fast-plain",
      await signerForm({ email: "yui@example.jp" }, "fast-plain"),
      {
        "accept-language": "ja-JP,ja;q=0.9",
      },
    );
    expect(response.headers.get("location")).toBe("/campaigns/fast-plain/check-email");
    const signature = await getPrisma().signature.findFirstOrThrow({ where: { email: "yui@example.jp" } });
    expect(signature.locale).toBe("ja");
  });

  it("hands field errors, closed campaigns and unknown prefixes to Remix with the form as posted", async () => {
    await createCampaign({ slug: "fast-closed", status: "closed", targets: ["FRA"] });
    await createCampaign({ slug: "fast-errors", status: "live", targets: ["FRA"] });
    const before = await getPrisma().signature.count();
    const cases = [
      ["/en/campaigns/fast-errors", await signerForm({ email: "not-an-address" })],
      ["/en/campaigns/fast-errors", await signerForm({ name: "名".repeat(5_000) })],
      ["/en/campaigns/fast-closed", await signerForm({ email: "closed@example.org" }, "fast-closed")],
      ["/xx/campaigns/fast-errors", await signerForm({ email: "prefix@example.org" })],
      ["/en/campaigns/no-such-campaign", await signerForm({ email: "nowhere@example.org" })],
    ];
    for (const [path, body] of cases) {
      const response = await post(path!, body!);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ path, formBody: body, streamed: "" });
    }
    expect(await getPrisma().signature.count()).toBe(before);
  });

  it("leaves other requests' bodies unread for Remix", async () => {
    const big = await signerForm({ postcode: "x".repeat(70 * 1024) });
    const others: [string, RequestInit][] = [
      ["/en/campaigns/fast-errors/check-email", { method: "POST", body: await signerForm() }],
      ["/en/campaigns/fast-errors", { method: "POST", body: big }],
      [
        "/en/campaigns/fast-errors",
        { method: "POST", body: "{}", headers: { "content-type": "application/json" } },
      ],
    ];
    for (const [path, init] of others) {
      const response = await fetch(`${baseUrl}${path}`, {
        headers: { "content-type": "application/x-www-form-urlencoded" },
        ...init,
      });
      const echoed = (await response.json()) as { formBody: string | null; streamed: string };
      expect(echoed.formBody).toBeNull();
      expect(echoed.streamed).toBe(init.body);
    }
  });
});
