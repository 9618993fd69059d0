import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "~/utils/env.server";

const PRODUCTION_SECRET = "x".repeat(48);

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
    expect(() => parseEnv({ NODE_ENV: "production", APP_SECRET: "short" })).toThrow(
      /APP_SECRET must be at least 32 characters/,
    );
    expect(parseEnv({ NODE_ENV: "production", APP_SECRET: PRODUCTION_SECRET }).APP_SECRET).toBe(
      PRODUCTION_SECRET,
    );
  });

  it("refuses a plain-http public URL in production, except on loopback", () => {
    const base = { NODE_ENV: "production", APP_SECRET: PRODUCTION_SECRET };
    expect(() => parseEnv({ ...base, APP_URL: "http://act.example.org" })).toThrow(/APP_URL must use https/);
    expect(parseEnv({ ...base, APP_URL: "http://127.0.0.1:3000" }).APP_URL).toBe("http://127.0.0.1:3000");
  });
});
