// What the donate pages rely on outside their components: the stylesheet that shows the chosen
// currency's presets without JavaScript has a rule for every currency, and the security policy lets
// only the donate pages send a form on to Stripe's hosted payment page.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { securityHeadersFor } from "~/server/security-headers.server";
import { CURRENCIES } from "~/utils/money";

const formAction = (path: string) => {
  const csp = new Map(securityHeadersFor({ production: true })(path)).get("Content-Security-Policy") ?? "";
  return csp.split("; ").find((directive) => directive.startsWith("form-action "));
};

describe("the donate stylesheet", () => {
  const css = fs.readFileSync("app/styles/donate.css", "utf8");

  it("shows each currency's presets when that currency is selected", () => {
    for (const currency of CURRENCIES) {
      expect(css).toContain(
        `.donate-form:has(#donate-currency option[value="${currency}"]:checked) .donate-presets--${currency}`,
      );
    }
  });

  it("hides the other groups only where :has() works, so older browsers show every preset", () => {
    const guarded = css.slice(css.indexOf("@supports selector(:has(*))"));
    expect(guarded).toMatch(/^@supports selector\(:has\(\*\)\) \{\s+\.donate-presets \{\s+display: none;/);
    expect(css.slice(0, css.indexOf("@supports"))).not.toMatch(/display: none/);
  });
});

describe("form-action on the donate pages", () => {
  it.each(["/donate", "/en/donate", "/ko/campaigns/some-campaign/donate", "/ja/donate"])(
    "%s may send its form on to Stripe Checkout",
    (path) => {
      expect(formAction(path)).toBe("form-action 'self' https://checkout.stripe.com");
    },
  );

  it.each([
    "/",
    "/en/subscribe",
    "/en/campaigns/some-campaign",
    "/en/donate/thanks",
    "/en/donate/canceled",
    "/en/donatex",
  ])("%s may not", (path) => {
    expect(formAction(path)).toBe("form-action 'self'");
  });
});
