import { describe, expect, it } from "vitest";
import { formatMessage, messageArguments, MessageSyntaxError } from "~/i18n/format";

const GOAL = "{count, plural, =0 {No goal} one {Goal: # signature} other {Goal: # signatures}}";

describe("formatMessage", () => {
  it("fills in named arguments and leaves other text alone", () => {
    expect(formatMessage("en", "{page} · {org}", { page: "Home", org: "NGO" })).toBe("Home · NGO");
    expect(formatMessage("en", "No arguments here.")).toBe("No arguments here.");
  });

  it("formats numbers in the reader's locale", () => {
    expect(formatMessage("en", "{n} people", { n: 1234567 })).toBe("1,234,567 people");
    expect(formatMessage("ja", "{n}人", { n: 50000 })).toBe("50,000人");
  });

  it("chooses the plural branch by the locale's rules, exact matches first", () => {
    expect(formatMessage("en", GOAL, { count: 0 })).toBe("No goal");
    expect(formatMessage("en", GOAL, { count: 1 })).toBe("Goal: 1 signature");
    expect(formatMessage("en", GOAL, { count: 20000 })).toBe("Goal: 20,000 signatures");
    // Korean has no plural forms: "one" never applies.
    const ko = "{count, plural, one {한 명} other {#명}}";
    expect(formatMessage("ko", ko, { count: 1 })).toBe("1명");
  });

  it("rejects syntax outside the supported subset", () => {
    expect(() => formatMessage("en", "{unclosed")).toThrow(MessageSyntaxError);
    expect(() => formatMessage("en", "stray }")).toThrow(MessageSyntaxError);
    expect(() => formatMessage("en", "{n, select, a {x} other {y}}")).toThrow(MessageSyntaxError);
    expect(() => formatMessage("en", "{n, plural, one {x}}")).toThrow(/other/);
  });
});

describe("messageArguments", () => {
  it("lists the arguments, including those inside plural branches", () => {
    expect(messageArguments("{a} and {count, plural, other {# of {b}}}")).toEqual(["a", "b", "count"]);
  });
});
