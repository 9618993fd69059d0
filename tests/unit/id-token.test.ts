import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { makeIdToken, readIdToken } from "~/utils/id-token.server";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

describe("a link token naming one row", () => {
  it("reads back the row it was made for, under its own purpose only", () => {
    const id = randomUUID();
    const token = makeIdToken("withdraw", id);
    expect(token).toMatch(/^[A-Za-z0-9_-]{44}$/);
    expect(readIdToken("withdraw", token)).toBe(id);
    expect(readIdToken("unsubscribe", token)).toBeNull();
  });

  // The last character of each half carries bits base64url drops, so a check on the decoded bytes
  // alone accepted some of these (CI saw "…A" → "…B" pass).
  it("is refused when any one character is changed to any other", () => {
    const token = makeIdToken("donor-manage", randomUUID());
    const accepted: string[] = [];
    for (let at = 0; at < token.length; at++) {
      for (const c of ALPHABET) {
        if (c === token[at]) continue;
        const changed = token.slice(0, at) + c + token.slice(at + 1);
        if (readIdToken("donor-manage", changed) !== null) accepted.push(changed);
      }
    }
    expect(accepted).toEqual([]);
  });

  it("is refused when padded, cut short or spelled in plain base64", () => {
    const token = makeIdToken("preferences", randomUUID());
    for (const bad of [token + "=", token.slice(0, -1), token.replace(/-/g, "+").replace(/_/g, "/"), ""]) {
      if (bad === token) continue;
      expect(readIdToken("preferences", bad)).toBeNull();
    }
  });
});
