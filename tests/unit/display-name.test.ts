// "Initials only" in the name's own script: Korean and Japanese given names masked, Latin names
// as initials (issue 13).
import { describe, expect, it } from "vitest";
import { displayName } from "~/utils/display-name";

describe("initials only", () => {
  it.each([
    ["김민준", "김○준"],
    ["김 민준", "김○준"],
    ["이준", "이○"],
    ["남궁민수", "남○○수"],
  ])("masks a Korean given name: %s → %s", (name, shown) => {
    expect(displayName(name, "initials")).toBe(shown);
  });

  it.each([
    ["山田 太郎", "山田○○"],
    ["山田　花子", "山田○○"],
    ["さとう ゆき", "さとう○○"],
    ["山田太郎", "山○○○"],
  ])("masks a Japanese given name: %s → %s", (name, shown) => {
    expect(displayName(name, "initials")).toBe(shown);
  });

  it.each([
    ["Kim Min-jun", "K. M."],
    ["  ann  lee ", "A. L."],
    ["Émile Zola", "É. Z."],
  ])("keeps Western initials for a Latin name: %s → %s", (name, shown) => {
    expect(displayName(name, "initials")).toBe(shown);
  });

  it("shows a full name as typed", () => {
    expect(displayName("김민준", "full_name")).toBe("김민준");
  });
});
