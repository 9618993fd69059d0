import { afterEach, describe, expect, it, vi } from "vitest";
import { createAppCookie } from "~/utils/cookies.server";
import * as envModule from "~/utils/env.server";

function useEnv(values: Record<string, string>) {
  vi.spyOn(envModule, "getEnv").mockReturnValue(envModule.parseEnv(values));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("createAppCookie", () => {
  it("over https: __Host- prefix, Secure, HttpOnly, SameSite=Lax, path /, signed", async () => {
    useEnv({
      NODE_ENV: "production",
      APP_URL: "https://act.example.org",
      DATABASE_URL: "postgresql://rollcall@db.internal/rollcall",
      APP_SECRET: "s".repeat(40),
      EMAIL_OUTBOX_IN_PRODUCTION: "allow",
    });
    const cookie = createAppCookie("session", { maxAge: 3600 });
    const header = await cookie.serialize({ id: "abc" });
    expect(header).toMatch(/^__Host-session=/);
    expect(header).toContain("; Secure");
    expect(header).toContain("; HttpOnly");
    expect(header).toContain("; SameSite=Lax");
    expect(header).toContain("; Path=/");
    expect(header).toContain("; Max-Age=3600");
    expect(header).not.toMatch(/Domain=/i);
    expect(cookie.isSigned).toBe(true);
    const value = header.split(";")[0]!.split("=").slice(1).join("=");
    expect(await cookie.parse(`__Host-session=${value}`)).toEqual({ id: "abc" });
    expect(await cookie.parse(`__Host-session=${value.slice(0, -2)}xx`)).toBeNull();
  });

  it("over plain http (a local run): no prefix and no Secure, still HttpOnly and SameSite=Lax", async () => {
    useEnv({ APP_URL: "http://127.0.0.1:3000" });
    const header = await createAppCookie("session").serialize("x");
    expect(header).toMatch(/^session=/);
    expect(header).not.toContain("Secure");
    expect(header).toContain("; HttpOnly");
    expect(header).toContain("; SameSite=Lax");
  });
});
