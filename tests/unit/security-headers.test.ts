import { describe, expect, it } from "vitest";
import { redactPath } from "~/server/request-log.server";
import type { Request, Response } from "express";
import { contentSecurityPolicy, isEmbedPath, securityHeaders } from "~/server/security-headers.server";

function directives(csp: string): Map<string, string> {
  return new Map(csp.split("; ").map((d) => [d.split(" ")[0]!, d.slice(d.indexOf(" ") + 1)]));
}

describe("contentSecurityPolicy", () => {
  it("allows scripts only with the request's nonce and names no other origin", () => {
    const csp = directives(contentSecurityPolicy({ nonce: "abc123", allowFraming: false }));
    expect(csp.get("script-src")).toBe("'nonce-abc123' 'strict-dynamic'");
    expect(csp.get("default-src")).toBe("'self'");
    expect(csp.get("frame-ancestors")).toBe("'none'");
    expect(csp.get("base-uri")).toBe("'none'");
    expect(csp.get("object-src")).toBe("'none'");
    expect(csp.get("form-action")).toBe("'self'");
    for (const value of csp.values()) expect(value).not.toMatch(/https?:|\*|unsafe/);
  });

  it("lets partner sites frame the embed routes, and only those", () => {
    const csp = directives(contentSecurityPolicy({ nonce: "n", allowFraming: true }));
    expect(csp.get("frame-ancestors")).toBe("*");
    expect(isEmbedPath("/embed/campaigns/x")).toBe(true);
    expect(isEmbedPath("/ko/embed/campaigns/x")).toBe(true);
    expect(isEmbedPath("/campaigns/embed")).toBe(false);
    expect(isEmbedPath("/embedded")).toBe(false);
  });

  it("opens the dev server's websocket in development only", () => {
    const csp = directives(
      contentSecurityPolicy({ nonce: "n", allowFraming: false, devServerOrigin: "http://localhost:3001" }),
    );
    expect(csp.get("connect-src")).toBe("'self' ws://localhost:3001 http://localhost:3001");
  });
});

describe("redactPath", () => {
  it("hides token-like segments and keeps ordinary ones", () => {
    expect(redactPath("/confirm/Qk3x9_fT2mZp8LrV1nYc0wHs")).toBe("/confirm/:redacted");
    expect(redactPath("/ko/confirm/Qk3x9_fT2mZp8LrV1nYc0wHs.data")).toBe("/ko/confirm/:redacted");
    expect(redactPath("/campaigns/unsc-annual-open-meeting-dprk")).toBe(
      "/campaigns/unsc-annual-open-meeting-dprk",
    );
  });
});

describe("securityHeaders", () => {
  function headersFor(path: string): Map<string, string> {
    const headers = new Map<string, string>();
    const res = { locals: {}, setHeader: (name: string, value: string) => headers.set(name, value) };
    securityHeaders({ production: true })({ path } as Request, res as unknown as Response, () => undefined);
    return headers;
  }

  it("lets other sites show a campaign's share image, and nothing else of ours", () => {
    expect(headersFor("/ko/campaigns/x/share.png").get("Cross-Origin-Resource-Policy")).toBe("cross-origin");
    expect(headersFor("/campaigns/x/share.png").get("Cross-Origin-Resource-Policy")).toBe("cross-origin");
    for (const path of ["/campaigns/x", "/api/campaigns/x", "/favicon.svg", "/campaigns/x/share.png/y"]) {
      expect(headersFor(path).get("Cross-Origin-Resource-Policy")).toBe("same-origin");
    }
  });
});
