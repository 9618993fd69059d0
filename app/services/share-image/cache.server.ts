import { renderShareImage, type ShareImageInput } from "~/services/share-image/render.server";

// A link shared widely brings every social network's crawler and every chat app's preview at once.
// Rendering takes tens of milliseconds of CPU, so each image is kept in memory for a minute and
// concurrent requests for the same image share one render.

export type RenderCacheOptions = { maxEntries: number; ttlMs: number; now?: () => number };

/** A small LRU of promises with a time to live; a failed render is forgotten at once. */
export class RenderCache<Value> {
  private readonly entries = new Map<string, { value: Promise<Value>; expires: number }>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor({ maxEntries, ttlMs, now = Date.now }: RenderCacheOptions) {
    this.maxEntries = maxEntries;
    this.ttlMs = ttlMs;
    this.now = now;
  }

  get size(): number {
    return this.entries.size;
  }

  getOrCreate(key: string, create: () => Promise<Value>): Promise<Value> {
    const hit = this.entries.get(key);
    this.entries.delete(key);
    if (hit && hit.expires > this.now()) {
      this.entries.set(key, hit); // most recently used goes last
      return hit.value;
    }
    const entry = { value: create(), expires: this.now() + this.ttlMs };
    this.entries.set(key, entry);
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
    return entry.value;
  }
}

/**
 * The count as far as the cache is concerned: exact below 100, then three significant figures
 * (12,345 → 12,300), so the image follows visible progress without re-rendering per signature.
 */
export function countBucket(count: number): number {
  if (count < 100) return count;
  const step = 10 ** (Math.floor(Math.log10(count)) - 2);
  return Math.floor(count / step) * step;
}

const images = new RenderCache<Buffer>({ maxEntries: 100, ttlMs: 60_000 });

/** The share image for a campaign, rendered at most about once a minute per language and count. */
export function getShareImage(slug: string, input: ShareImageInput): Promise<Buffer> {
  const key = JSON.stringify([
    slug,
    input.locale,
    countBucket(input.count),
    input.goal,
    input.title,
    input.titleLocale,
    input.orgName,
  ]);
  return images.getOrCreate(key, () => renderShareImage(input));
}
