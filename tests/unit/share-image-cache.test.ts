import { describe, expect, it } from "vitest";
import { countBucket, RenderCache } from "~/services/share-image/cache.server";

function clock() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("the share image cache", () => {
  it("renders once for many concurrent requests for the same image", async () => {
    const cache = new RenderCache<string>({ maxEntries: 10, ttlMs: 60_000 });
    let renders = 0;
    const render = async () => `image ${++renders}`;
    const results = await Promise.all(Array.from({ length: 50 }, () => cache.getOrCreate("a", render)));
    expect(new Set(results)).toEqual(new Set(["image 1"]));
    expect(renders).toBe(1);
  });

  it("renders again once the entry is older than its time to live", async () => {
    const time = clock();
    const cache = new RenderCache<number>({ maxEntries: 10, ttlMs: 60_000, now: time.now });
    let renders = 0;
    const render = async () => ++renders;
    expect(await cache.getOrCreate("a", render)).toBe(1);
    time.advance(59_999);
    expect(await cache.getOrCreate("a", render)).toBe(1);
    time.advance(1);
    expect(await cache.getOrCreate("a", render)).toBe(2);
  });

  it("keeps at most maxEntries, dropping the least recently used", async () => {
    const cache = new RenderCache<string>({ maxEntries: 2, ttlMs: 60_000 });
    const renders: string[] = [];
    const render = (key: string) => async () => (renders.push(key), key);
    await cache.getOrCreate("a", render("a"));
    await cache.getOrCreate("b", render("b"));
    await cache.getOrCreate("a", render("a")); // a is now the most recently used
    await cache.getOrCreate("c", render("c")); // so b goes
    expect(cache.size).toBe(2);
    await cache.getOrCreate("a", render("a"));
    await cache.getOrCreate("b", render("b"));
    expect(renders).toEqual(["a", "b", "c", "b"]);
  });

  it("forgets a failed render, so the next request tries again", async () => {
    const cache = new RenderCache<string>({ maxEntries: 10, ttlMs: 60_000 });
    await expect(cache.getOrCreate("a", () => Promise.reject(new Error("font missing")))).rejects.toThrow();
    expect(await cache.getOrCreate("a", async () => "ok")).toBe("ok");
  });
});

describe("countBucket", () => {
  it("is exact below 100 and keeps three significant figures above", () => {
    expect([0, 1, 99, 100, 999, 1_234, 12_345, 12_399, 1_234_567].map(countBucket)).toEqual([
      0, 1, 99, 100, 999, 1_230, 12_300, 12_300, 1_230_000,
    ]);
  });
});
