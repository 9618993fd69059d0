/**
 * Spaces calls so that at most `perSecond` start in any second, across everything in this process
 * that shares the spacer (0: no limit). A pause, as a provider's `retry-after` asks, holds every
 * caller back whatever the limit.
 */
export class RequestSpacer {
  private nextSlot = 0;

  constructor(private readonly perSecond: number) {}

  async wait(): Promise<void> {
    const now = Date.now();
    const slot = Math.max(now, this.nextSlot);
    if (this.perSecond > 0) this.nextSlot = slot + 1000 / this.perSecond;
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
  }

  pause(ms: number): void {
    this.nextSlot = Math.max(this.nextSlot, Date.now() + ms);
  }
}
