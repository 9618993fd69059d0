// Hostile HTTP requests for tests/integration/hostile-requests.test.ts: every route of the Remix
// build, with paths, methods, headers and bodies that are malformed, oversized or from elsewhere.
import fs from "node:fs";
import fc from "fast-check";
import { Webhook } from "standardwebhooks";
import type { RawRequest } from "./raw-http";

export const FORM = "application/x-www-form-urlencoded";
export const OUTBOX_ID = "00000000-0000-4000-8000-000000000000";

export type BuiltRoute = { id: string; template: string; index: boolean; hasAction: boolean };

/** Every route of the build, from the route manifest the build ships to browsers. */
export function builtRoutes(): BuiltRoute[] {
  const manifestUrl = /\/build\/manifest-[A-Za-z0-9]+\.js/.exec(fs.readFileSync("build/index.js", "utf8"));
  if (!manifestUrl) throw new Error("No route manifest named in build/index.js: run `npm run build`.");
  const text = fs.readFileSync(`public${manifestUrl[0]}`, "utf8");
  type Route = { id: string; parentId?: string; path?: string; index?: boolean; hasAction: boolean };
  const { routes } = JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)) as {
    routes: Record<string, Route>;
  };
  const pathOf = (route: Route): string =>
    [route.parentId ? pathOf(routes[route.parentId]!) : "", route.path ?? ""].filter(Boolean).join("/");
  return Object.values(routes)
    .filter((route) => route.id !== "root")
    .map((route) => ({
      id: route.id,
      template: `/${pathOf(route)}`,
      index: route.index === true,
      hasAction: route.hasAction,
    }));
}

/** A route's path with its parameters filled in; `($lang)` may be left out. */
export function fillPath(template: string, params: Record<string, string>): string {
  const segments = template
    .split("/")
    .filter(Boolean)
    .flatMap((segment) => {
      if (segment === "*") return ["no", "such", "page"];
      if (!segment.startsWith(":")) return [segment];
      const value = params[segment.slice(1).replace(/\?$/, "")] ?? "fuzz";
      return value === "" && segment.endsWith("?") ? [] : [value];
    });
  return `/${segments.join("/")}`;
}

// How a path is mangled on its way in. Raw characters are single bytes on the wire (latin1).
export const PATH_VARIANTS: Record<string, (path: string) => string> = {
  plain: (p) => p,
  singleFetch: (p) => `${p === "/" ? "/_root" : p}.data`,
  trailingSlash: (p) => `${p}/`,
  upperCase: (p) => p.toUpperCase(),
  encodedNul: (p) => `${p}%00`,
  encodedNulInSegment: (p) => p.replace(/\/([^/]*)$/, "/%00$1"),
  encodedControl: (p) => `${p}%0d%0aX-Injected:%20yes`,
  badPercent: (p) => `${p}%zz`,
  truncatedUtf8: (p) => `${p}%e2%82`,
  invalidUtf8: (p) => `${p}%ff%fe`,
  overlongUtf8: (p) => `${p}%c0%af`,
  loneSurrogate: (p) => `${p}%ed%a0%80`,
  bidiOverride: (p) => `${p}%e2%80%ae`,
  encodedSlash: (p) => p.replace(/\/([^/]*)$/, "/a%2F$1"),
  rawNul: (p) => `${p}\u0000`,
  rawHighByte: (p) => `${p}\u00ff`,
  rawUtf8: (p) => `${p}\u00ec\u0095\u0088`,
  doubleSlash: (p) => `/${p}`,
  backslash: (p) => `/\\evil.example${p}`,
  dotSegments: (p) => `/../..${p}`,
  absoluteForm: (p) => `http://evil.example${p}`,
  asterisk: () => "*",
  longSegment: (p) => `${p}/${"a".repeat(6_000)}`,
  tooLong: (p) => `${p}/${"a".repeat(20_000)}`,
  hostileQuery: (p) => `${p}?a=%00&b=%ff&c=%zz&_data=root&index&locale=%ff`,
  oddQuery: (p) => `${p}?already=1&queued=%ff&locale=ko&index&_routes=root,x`,
};

// The sign form as a browser posts it, and worse.
function signForm(shown: string): fc.Arbitrary<string> {
  return fc
    .record({
      name: fc.constantFrom("Kim Minji", "김민지", "山田太郎", "a\u0000b", "x".repeat(400), "\u{1F600}", ""),
      email: fc.constantFrom("fuzz@example.org", "not-an-address", "a@b\u0000.org", "A@EXAMPLE.ORG "),
      country: fc.constantFrom("FRA", "PRK", "OTHER", "XXX", "fra"),
      display: fc.constantFrom("full_name", "initials", "anonymous", "bogus"),
      shown: fc.constantFrom(shown, "bogus", ""),
      updates: fc.constantFrom("on", "off", ""),
    })
    .map((fields) => new URLSearchParams(fields).toString());
}

const BOUNDARY = "fuzzboundary";
const multipart = (fields: [string, string][], end = `--${BOUNDARY}--\r\n`) =>
  fields
    .map(
      ([name, value]) =>
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
    )
    .join("") + end;

const nestedJson = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

// Bodies that are not what they claim to be, or far too much of what they claim.
const ODD_BODIES: Buffer[] = [
  Buffer.alloc(0),
  Buffer.from("List-Unsubscribe=One-Click"),
  Buffer.from("intent=resend"),
  Buffer.from("email=dev%40example.org"),
  Buffer.from("email=%00"),
  Buffer.from("name=a\u0000b&email=x%40example.org"),
  Buffer.from("name=%ff%fe&email=%c0%af"),
  Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3d, 0xff, 0xfe, 0xc3, 0x28]),
  Buffer.from("a=1&".repeat(10_000)),
  Buffer.from(`a=${"x".repeat(70_000)}`),
  Buffer.from(
    multipart([
      ["name", "Kim"],
      ["email", "kim@example.org"],
    ]),
  ),
  Buffer.from(multipart([["name", "a\u0000b"]])),
  Buffer.from(multipart([["name", "Kim"]], "")),
  Buffer.from("--nope\r\n\r\n"),
  Buffer.from(nestedJson(100_000)),
  Buffer.from(`${'{"a":'.repeat(50_000)}1${"}".repeat(50_000)}`),
  Buffer.from(JSON.stringify({ type: "email.bounced", data: { padding: "x".repeat(300_000) } })),
  Buffer.from('{"type":"email.delivered","data":{"email_id":"\\u0000"}}'),
  Buffer.from("\u0000".repeat(64)),
];

/** What the requests are made of: the app's address and real slugs, tokens and secrets. */
export type Fixture = {
  port: number;
  webhookSecret: string;
  origin: string;
  slugs: string[];
  tokens: string[];
  shown: string;
};

/** A webhook body signed with the app's secret, so it gets past the signature check. */
export function signedWebhook(secret: string, body: string, id: string): [string, string][] {
  const at = new Date();
  return [
    ["svix-id", id],
    ["svix-timestamp", String(Math.floor(at.getTime() / 1000))],
    ["svix-signature", new Webhook(secret).sign(id, at, body)],
  ];
}

/** Usually one of `usual`, sometimes one of `odd`: most requests are hostile in one or two ways. */
function mostly<T>(usual: T[], odd: T[]): fc.Arbitrary<T> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...usual), weight: 4 },
    { arbitrary: fc.constantFrom(...odd), weight: 1 },
  );
}

/** Requests to every route, most of them hostile in one or two ways. */
export function hostileRequests(routes: BuiltRoute[], fx: Fixture): fc.Arbitrary<RawRequest> {
  const host = `127.0.0.1:${fx.port}`;
  const path = fc
    .record({
      route: fc.constantFrom(...routes),
      lang: fc.constantFrom("", "", "ko", "ja", "en", "xx"),
      slug: fc.constantFrom(...fx.slugs, "no-such-campaign"),
      token: fc.constantFrom(...fx.tokens, "short", "A".repeat(43)),
      id: fc.constantFrom(OUTBOX_ID, "not-a-uuid"),
      variant: mostly(["plain", "singleFetch", "trailingSlash"], Object.keys(PATH_VARIANTS)),
    })
    .map(({ route, variant, ...params }) => {
      const path = PATH_VARIANTS[variant]!(fillPath(route.template, params));
      return route.index && !path.includes("?") ? `${path}?index` : path;
    });
  const body = fc.oneof(
    { arbitrary: signForm(fx.shown).map((form) => Buffer.from(form)), weight: 3 },
    { arbitrary: fc.constantFrom(...ODD_BODIES), weight: 2 },
    { arbitrary: fc.constant(undefined), weight: 1 },
    { arbitrary: fc.uint8Array({ maxLength: 2_048 }).map((bytes) => Buffer.from(bytes)), weight: 1 },
    {
      arbitrary: fc.integer({ min: 1, max: 150_000 }).map((depth) => Buffer.from(nestedJson(depth))),
      weight: 1,
    },
  );
  const headers = fc.record({
    host: mostly<string | undefined>(
      [host],
      [
        undefined,
        "evil.example",
        "[::1",
        "a b",
        "",
        `${host}, evil.example`,
        "x".repeat(300),
        "127.0.0.1:99999",
      ],
    ),
    origin: mostly(
      [undefined, fx.origin],
      [
        "https://evil.example",
        "null",
        `${fx.origin}.evil.example`,
        "not a url",
        fx.origin.toUpperCase(),
        `${fx.origin}, https://evil.example`,
      ],
    ),
    "sec-fetch-site": mostly([undefined, "same-origin"], ["same-site", "cross-site", "none", "bogus"]),
    "accept-language": mostly(
      [undefined, "ko", "ja-JP,ja;q=0.9"],
      ["*;q=abc", "ko;q=NaN,ja;q=-1", "x".repeat(4_000), "\u00ff\u00fe"],
    ),
    "content-type": mostly(
      [FORM],
      [
        undefined,
        `${FORM}; charset=UTF-8`,
        "APPLICATION/X-WWW-FORM-URLENCODED",
        `multipart/form-data; boundary=${BOUNDARY}`,
        "multipart/form-data",
        "multipart/form-data; boundary=",
        "application/json",
        "application/json; charset=utf-16",
        "text/plain",
        "application/xml",
        `${FORM}\u00ff`,
        "x".repeat(3_000),
      ],
    ),
    extra: fc.subarray<[string, string]>(
      [
        ["Cookie", "__session=garbage%ff; __session=again"],
        ["Cookie", `a=${"b".repeat(6_000)}`],
        ["X-Forwarded-Host", "evil.example"],
        ["X-Forwarded-Proto", "javascript"],
        ["X-Forwarded-For", "not-an-ip, ::ffff:zz"],
        ["Expect", "100-continue"],
        ["Expect", "bogus"],
        ["Range", "bytes=99999999-"],
        ["If-None-Match", "\u00ff"],
        ["Accept", "application/json"],
        ["Accept-Encoding", "br;q=x, gzip"],
        ["Content-Encoding", "gzip"],
        ["X-HTTP-Method-Override", "DELETE"],
        ["Transfer-Encoding", "gzip, chunked"],
        ["Content-Length", "-1"],
        ["X-Remix-Response", "yes"],
      ],
      { maxLength: 2 },
    ),
  });
  return fc
    .record({
      method: mostly(
        ["GET", "HEAD", "POST"],
        ["PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "get", "FOO"],
      ),
      target: path,
      headers,
      body,
      chunkSize: mostly([undefined], [1, 7, 4_096]),
      // Mostly none on a GET or HEAD, as browsers send them.
      bodyOnRead: mostly([false], [true]),
      signed: fc.boolean(),
      webhookId: fc.integer({ min: 1, max: 1_000_000 }).map((n) => `msg_fuzz_${n}`),
    })
    .map(({ method, target, headers: { extra, ...named }, chunkSize, signed, webhookId, ...rest }) => {
      const body = ["GET", "HEAD"].includes(method) && !rest.bodyOnRead ? undefined : rest.body;
      const list = Object.entries(named).flatMap(([name, value]): [string, string][] =>
        value === undefined ? [] : [[name, value]],
      );
      if (signed && body && target.includes("webhooks"))
        list.push(...signedWebhook(fx.webhookSecret, body.toString("utf8"), webhookId));
      // Tiny chunks only for small bodies: a 300 KB body in 1-byte chunks is 2 MB on the wire.
      const chunks = chunkSize && body && body.length / chunkSize > 4_096 ? 4_096 : chunkSize;
      // A Transfer-Encoding without a body is a slow client, which another test times out.
      const odd = extra.filter(([name]) => body || name !== "Transfer-Encoding");
      return { method, target, headers: [...list, ...odd], body, chunkSize: chunks };
    });
}

/** For a failure message: the request without its (possibly huge) body. */
export function describeRequest(request: RawRequest): string {
  const head = [
    `${request.method} ${request.target.slice(0, 200)}`,
    ...request.headers.map(([n, v]) => `${n}: ${v.slice(0, 100)}`),
  ];
  return `${head.join("\n")}\n[${request.body?.length ?? "no"} bytes${request.chunkSize ? ", chunked" : ""}]`;
}
