import { describe, expect, it } from "vitest";
import { canonicalEmail, normalizeEmail } from "~/utils/email-address";

describe("canonicalEmail", () => {
  it("trims and lower-cases", () => {
    expect(canonicalEmail("  Kim.MinJi@Example.ORG ")).toBe("kim.minji@example.org");
  });
});

describe("normalizeEmail", () => {
  it("treats Gmail dots, +tags and googlemail.com as the same mailbox", () => {
    for (const variant of [
      "jdoe@gmail.com",
      "J.Doe@Gmail.com",
      "j.d.o.e+petition@gmail.com",
      "jdoe@googlemail.com",
    ]) {
      expect(normalizeEmail(variant)).toBe("jdoe@gmail.com");
    }
  });

  it("drops +tags on other domains but keeps their dots", () => {
    expect(normalizeEmail("kim.minji+news@example.org")).toBe("kim.minji@example.org");
    expect(normalizeEmail("kim.minji@example.org")).toBe("kim.minji@example.org");
  });

  it("leaves a leading + and odd input alone rather than emptying the local part", () => {
    expect(normalizeEmail("+tag@example.org")).toBe("+tag@example.org");
    expect(normalizeEmail("not-an-address")).toBe("not-an-address");
  });
});
