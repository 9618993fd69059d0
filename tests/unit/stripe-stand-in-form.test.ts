import { describe, expect, it } from "vitest";
import { StripeStandInError } from "~/services/stripe-stand-in/errors";
import { canonicalParams, parseFormParams } from "~/services/stripe-stand-in/form";

describe("Stripe's form encoding, decoded", () => {
  it("nests bracketed keys and turns indexed keys into arrays", () => {
    expect(
      parseFormParams(
        "mode=payment&line_items[0][price_data][currency]=jpy&line_items[0][quantity]=1" +
          "&line_items[1][quantity]=2&metadata[campaignId]=c%201&expand[]=a&expand[]=b&note=a+b",
      ),
    ).toEqual({
      mode: "payment",
      line_items: [{ price_data: { currency: "jpy" }, quantity: "1" }, { quantity: "2" }],
      metadata: { campaignId: "c 1" },
      expand: ["a", "b"],
      note: "a b",
    });
  });

  it("reads percent-encoded brackets as the SDK may send them", () => {
    expect(parseFormParams("metadata%5Bk%5D=v")).toEqual({ metadata: { k: "v" } });
  });

  it("refuses an array with a gap, as Stripe does", () => {
    expect(() => parseFormParams("line_items[0][quantity]=1&line_items[2][quantity]=1")).toThrow(
      StripeStandInError,
    );
  });

  it("compares parameters whatever their order", () => {
    expect(canonicalParams(parseFormParams("a=1&b[x]=2&b[y]=3"))).toBe(
      canonicalParams(parseFormParams("b[y]=3&a=1&b[x]=2")),
    );
    expect(canonicalParams(parseFormParams("a=1"))).not.toBe(canonicalParams(parseFormParams("a=2")));
  });
});
