// The page cache in front of Remix (docs/decisions/0016): one render per page at a time, only what
// a response marks public, nothing for requests with a query string or a cookie.
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { answerFromPageCache, clearPageCache, pageCache, respondWithPage } from "~/server/page-cache.server";

let renders = 0;
let cacheControl = "public, max-age=0, s-maxage=2";
let server: http.Server;
let base: string;

beforeAll(async () => {
  // A stand-in for Remix: each render is slow enough for concurrent requests to overlap it.
  const app = express();
  app.use(pageCache());
  app.use(async (req, res) => {
    renders++;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const status = req.path.startsWith("/missing") ? 404 : 200;
    const response = new Response(`<p>${req.path} render ${renders}</p>`, {
      status,
      headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": cacheControl },
    });
    if (await respondWithPage(req, res, response)) return;
    res
      .status(status)
      .set("Cache-Control", cacheControl)
      .send(await response.text());
  });
  const headers = (): [string, string][] => [["X-Test", "raw"]];
  server = http.createServer((req, res) => {
    if (!answerFromPageCache(req, res, headers)) app(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => server.close());

beforeEach(() => {
  clearPageCache();
  renders = 0;
  cacheControl = "public, max-age=0, s-maxage=2";
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(base + path, { headers });

describe("the page cache", () => {
  it("renders a page once for many concurrent readers, and serves the copy with an ETag", async () => {
    const responses = await Promise.all(Array.from({ length: 20 }, () => get("/en/page")));
    const bodies = await Promise.all(responses.map((response) => response.text()));
    expect(renders).toBe(1);
    expect(new Set(bodies)).toEqual(new Set(["<p>/en/page render 1</p>"]));
    const etag = responses[0]!.headers.get("etag")!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    // Fresh: answered before Express, with the headers it was given, and revalidated with a 304.
    const again = await get("/en/page", { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(again.headers.get("x-test")).toBe("raw");
    expect(renders).toBe(1);
  });

  it("sends each reader the encoding they accept, made once", async () => {
    const br = await fetch(base + "/en/enc", { headers: { "accept-encoding": "br" } });
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(await br.text()).toBe("<p>/en/enc render 1</p>");
    const plain = await get("/en/enc", { "accept-encoding": "identity" });
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(plain.headers.get("vary")).toContain("Accept-Encoding");
    expect(renders).toBe(1);
  });

  it("renders again once the copy is a second old", async () => {
    await (await get("/en/aging")).text();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await (await get("/en/aging")).text();
    expect(renders).toBe(2);
  });

  it("keeps a public 404, but nothing a response does not mark public", async () => {
    for (let i = 0; i < 3; i++) expect((await get("/missing/x")).status).toBe(404);
    expect(renders).toBe(1);
    cacheControl = "no-store";
    for (let i = 0; i < 3; i++) await (await get("/en/private")).text();
    expect(renders).toBe(4);
  });

  it("is passed by requests with a query string or a cookie, which could make the page differ", async () => {
    await (await get("/en/page?a=1")).text();
    await (await get("/en/page?a=1")).text();
    await (await get("/en/page", { cookie: "session=1" })).text();
    await (await get("/en/page", { cookie: "session=1" })).text();
    expect(renders).toBe(4);
  });

  it("keeps only a GET's page: a HEAD is answered from a copy, never makes one", async () => {
    const head = await fetch(base + "/en/head", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(renders).toBe(1);
    expect(await (await get("/en/head")).text()).toBe("<p>/en/head render 2</p>");
    const headAgain = await fetch(base + "/en/head", { method: "HEAD" });
    expect(headAgain.headers.get("etag")).toMatch(/^"[\w-]+"$/);
    expect(renders).toBe(2);
  });

  it("keys unprefixed pages on the language the browser asks for", async () => {
    const ko = await (await get("/", { "accept-language": "ko-KR" })).text();
    const ja = await (await get("/", { "accept-language": "ja" })).text();
    const koAgain = await (await get("/", { "accept-language": "ko" })).text();
    expect(renders).toBe(2);
    expect(koAgain).toBe(ko);
    expect(ja).not.toBe(ko);
  });
});
