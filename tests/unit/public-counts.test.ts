import { describe, expect, it } from "vitest";
import { publishableCounts, SMALL_COUNT_THRESHOLD } from "~/models/public-counts.server";

function raw(byCountry: Record<string, number>) {
  return { total: Object.values(byCountry).reduce((sum, count) => sum + count, 0), byCountry };
}

describe("publishable per-country counts", () => {
  it("uses a threshold of 5", () => {
    expect(SMALL_COUNT_THRESHOLD).toBe(5);
  });

  it("shows 5 exactly and 4 only as fewer than 5", () => {
    expect(publishableCounts(raw({ KOR: 5, USA: 4 }), []).byCountry).toEqual({
      KOR: { count: 5 },
      USA: { fewerThan: 5 },
    });
    expect(publishableCounts(raw({ USA: 1 }), []).byCountry).toEqual({ USA: { fewerThan: 5 } });
  });

  it("never breaks out the DPRK: its signers are counted in the other row", () => {
    const counts = publishableCounts(raw({ KOR: 12, PRK: 1 }), []);
    expect(counts.byCountry).toEqual({ KOR: { count: 12 }, ZZZ: { fewerThan: 5 } });
    expect(counts.total).toBe(13);

    // However many there are.
    expect(publishableCounts(raw({ PRK: 40, ZZZ: 2 }), []).byCountry).toEqual({ ZZZ: { count: 42 } });
  });

  it("folds a campaign's sensitive countries into the other row, however the codes were typed", () => {
    const counts = publishableCounts(raw({ KOR: 7, CHN: 6, RUS: 3, ZZZ: 1 }), ["CHN", " rus "]);
    expect(counts.byCountry).toEqual({ KOR: { count: 7 }, ZZZ: { count: 10 } });
    expect(Object.keys(counts.byCountry)).not.toContain("CHN");
  });

  it("holds the other row to the threshold too", () => {
    expect(publishableCounts(raw({ KOR: 9, ZZZ: 4 }), []).byCountry.ZZZ).toEqual({ fewerThan: 5 });
    expect(publishableCounts(raw({ KOR: 9, ZZZ: 3, PRK: 1 }), []).byCountry.ZZZ).toEqual({ fewerThan: 5 });
    expect(publishableCounts(raw({ KOR: 9, ZZZ: 3, PRK: 2 }), []).byCountry.ZZZ).toEqual({ count: 5 });
  });

  it("keeps the total exact", () => {
    const counts = publishableCounts(raw({ KOR: 12, USA: 3, JPN: 1, PRK: 1, ZZZ: 2 }), ["JPN"]);
    expect(counts.total).toBe(19);
  });

  it("orders exact rows by size, small ones by code (their order must not rank them), other last", () => {
    const counts = publishableCounts(raw({ ZZZ: 30, USA: 4, KOR: 12, FRA: 1, JPN: 20, GBR: 3 }), []);
    expect(Object.keys(counts.byCountry)).toEqual(["JPN", "KOR", "FRA", "GBR", "USA", "ZZZ"]);
  });

  it("publishes no row for a country with nothing counted", () => {
    expect(publishableCounts(raw({ KOR: 0, PRK: 0 }), []).byCountry).toEqual({});
  });
});
