import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "~/utils/env.server";

const PRODUCTION_SECRET = "x".repeat(48);
// A server others can reach: on loopback (the default HOST) production runs as a local demo.
const PRODUCTION = {
  NODE_ENV: "production",
  HOST: "0.0.0.0",
  APP_URL: "https://act.example.org",
  DATABASE_URL: "postgresql://rollcall@db.internal/rollcall?sslmode=require",
  APP_SECRET: PRODUCTION_SECRET,
  RESEND_API_KEY: "re_live_key",
  RESEND_WEBHOOK_SECRET: "whsec_c2VjcmV0",
};

describe("parseEnv", () => {
  it("fills in local defaults when nothing is set", () => {
    const env = parseEnv({});
    expect(env.NODE_ENV).toBe("development");
    expect(env.HOST).toBe("127.0.0.1");
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.APP_URL).toBe("http://127.0.0.1:3000");
    expect(env.isSecureOrigin).toBe(false);
  });

  it("treats an empty value as unset, as copied from .env.example", () => {
    const env = parseEnv({ APP_URL: "", DATABASE_URL: "", PORT: "" });
    expect(env.APP_URL).toBe("http://127.0.0.1:3000");
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("derives APP_URL from HOST and PORT, and drops a trailing slash from an explicit one", () => {
    expect(parseEnv({ HOST: "0.0.0.0", PORT: "8080" }).APP_URL).toBe("http://0.0.0.0:8080");
    const env = parseEnv({ APP_URL: "https://act.example.org/" });
    expect(env.APP_URL).toBe("https://act.example.org");
    expect(env.isSecureOrigin).toBe(true);
  });

  it("names every invalid variable in one message", () => {
    const attempt = () => parseEnv({ PORT: "eighty", DATABASE_URL: "mysql://db/x", LOG_LEVEL: "loud" });
    expect(attempt).toThrow(EnvError);
    expect(attempt).toThrow(/PORT/);
    expect(attempt).toThrow(/DATABASE_URL must be a postgresql:\/\/ URL/);
    expect(attempt).toThrow(/LOG_LEVEL/);
  });

  it("requires a real APP_SECRET in production", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/APP_SECRET is required in production/);
    expect(() => parseEnv({ ...PRODUCTION, APP_SECRET: "short" })).toThrow(
      /APP_SECRET must be at least 32 characters/,
    );
    expect(parseEnv(PRODUCTION).APP_SECRET).toBe(PRODUCTION_SECRET);
  });

  it("refuses a plain-http public URL in production, except on loopback", () => {
    const base = PRODUCTION;
    expect(() => parseEnv({ ...base, APP_URL: "http://act.example.org" })).toThrow(/APP_URL must use https/);
    expect(parseEnv({ ...base, APP_URL: "http://127.0.0.1:3000" }).APP_URL).toBe("http://127.0.0.1:3000");
  });

  it("requires APP_URL in production, so links in emails never point at http://0.0.0.0:PORT", () => {
    const { APP_URL: _url, ...withoutUrl } = PRODUCTION;
    expect(() => parseEnv({ ...withoutUrl, HOST: "0.0.0.0", PORT: "3311" })).toThrow(
      /APP_URL is required in production/,
    );
  });

  it("requires DATABASE_URL in production, unless a demo explicitly runs on the embedded database", () => {
    const { DATABASE_URL: _url, ...withoutDatabase } = PRODUCTION;
    expect(() => parseEnv(withoutDatabase)).toThrow(/DATABASE_URL is required in production/);
    const demo = parseEnv({ ...withoutDatabase, EMBEDDED_DATABASE_IN_PRODUCTION: "allow" });
    expect(demo.DATABASE_URL).toBeUndefined();
    expect(demo.demo).toEqual({ outbox: false, embeddedDatabase: true });
    expect(parseEnv(PRODUCTION).demo).toEqual({ outbox: false, embeddedDatabase: false });
    // Once start-up has started the embedded database, the URL is set but it is still a demo.
    const started = {
      ...withoutDatabase,
      EMBEDDED_DATABASE_IN_PRODUCTION: "allow",
      DATABASE_URL: "postgresql://127.0.0.1:54329/rollcall",
    };
    expect(parseEnv({ ...started, DATABASE_IS_EMBEDDED: "true" }).demo.embeddedDatabase).toBe(true);
  });

  it("runs `npm start` on one's own machine (loopback) as a local demo, and only there", () => {
    const local = parseEnv({ NODE_ENV: "production", APP_SECRET: PRODUCTION_SECRET });
    expect(local.APP_URL).toBe("http://127.0.0.1:3000");
    expect(local.emailTransport).toBe("outbox");
    expect(local.demo).toEqual({ outbox: true, embeddedDatabase: true });
    for (const host of ["localhost", "::1", "[::1]"]) {
      expect(
        parseEnv({ NODE_ENV: "production", APP_SECRET: PRODUCTION_SECRET, HOST: host }).demo.outbox,
      ).toBe(true);
    }
    // The secret is never defaulted in production, even locally (start-up makes one per machine).
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/APP_SECRET is required in production/);
    expect(() =>
      parseEnv({ NODE_ENV: "production", APP_SECRET: PRODUCTION_SECRET, HOST: "10.0.0.5" }),
    ).toThrow(/APP_URL is required in production/);
  });

  it("names every missing production variable at once", () => {
    const attempt = () => parseEnv({ NODE_ENV: "production", HOST: "0.0.0.0" });
    for (const name of ["APP_URL", "DATABASE_URL", "APP_SECRET", "RESEND_API_KEY"]) {
      expect(attempt).toThrow(new RegExp(`${name} is required in production`));
    }
  });

  it("is no demo outside production, whatever is missing", () => {
    expect(parseEnv({}).demo).toEqual({ outbox: false, embeddedDatabase: false });
  });

  it("sends email through Resend when a key is set, and keeps it in the local outbox otherwise", () => {
    expect(parseEnv({}).emailTransport).toBe("outbox");
    expect(parseEnv({ RESEND_API_KEY: "re_123" }).emailTransport).toBe("resend");
  });

  it("refuses to run production with the outbox unless a demo explicitly allows it", () => {
    const { RESEND_API_KEY: _key, RESEND_WEBHOOK_SECRET: _secret, ...withoutResend } = PRODUCTION;
    expect(() => parseEnv(withoutResend)).toThrow(/RESEND_API_KEY is required in production/);
    const demo = parseEnv({ ...withoutResend, EMAIL_OUTBOX_IN_PRODUCTION: "allow" });
    expect(demo.emailTransport).toBe("outbox");
    expect(demo.demo).toEqual({ outbox: true, embeddedDatabase: false });
  });

  it("requires the webhook secret in production with Resend, so bounces are not ignored", () => {
    const { RESEND_WEBHOOK_SECRET: _secret, ...withoutSecret } = PRODUCTION;
    expect(() => parseEnv(withoutSecret)).toThrow(/RESEND_WEBHOOK_SECRET is required/);
  });
});
