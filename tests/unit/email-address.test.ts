import { describe, expect, it } from "vitest";
import { canonicalEmail, normalizeEmail } from "~/utils/email-address";

describe("canonicalEmail", () => {
  it("trims and lower-cases the domain, keeping the local part as typed", () => {
    expect(canonicalEmail("  Kim.MinJi@Example.ORG ")).toBe("Kim.MinJi@example.org");
  });
});

describe("normalizeEmail", () => {
  it("treats Gmail case, dots, +tags and googlemail.com as the same mailbox", () => {
    for (const variant of [
      "jdoe@gmail.com",
      "J.Doe@Gmail.com",
      "j.d.o.e+petition@gmail.com",
      "jdoe@googlemail.com",
    ]) {
      expect(normalizeEmail(variant)).toBe("jdoe@gmail.com");
    }
  });

  it("drops +tags and case at other providers that document sub-addressing, keeping their dots", () => {
    expect(normalizeEmail("Kim.MinJi+news@Outlook.com")).toBe("kim.minji@outlook.com");
    expect(normalizeEmail("kim.minji+x@icloud.com")).toBe("kim.minji@icloud.com");
  });

  it("keeps any other address as typed: alice+x@example.org may be another mailbox than alice@", () => {
    expect(normalizeEmail("alice+x@example.org")).toBe("alice+x@example.org");
    expect(normalizeEmail("alice@example.org")).toBe("alice@example.org");
    expect(normalizeEmail("Alice@EXAMPLE.org")).toBe("Alice@example.org");
  });

  it("leaves a leading + and odd input alone rather than emptying the local part", () => {
    expect(normalizeEmail("+tag@gmail.com")).toBe("+tag@gmail.com");
    expect(normalizeEmail("not-an-address")).toBe("not-an-address");
  });
});
