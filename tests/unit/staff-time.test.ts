import { describe, expect, it } from "vitest";
import { formatStaffTime } from "~/components/staff/staff-time";

describe("formatStaffTime", () => {
  it("writes a time in Seoul with its zone, in each staff language", () => {
    const iso = "2026-11-30T05:48:00.000Z"; // 14:48 in Seoul
    for (const locale of ["en", "ko", "ja"]) {
      const text = formatStaffTime(locale, iso);
      expect(text).toMatch(/GMT\+9|KST|UTC\+9/);
      expect(text).toMatch(/2026/);
      expect(text).toMatch(/48/);
    }
    expect(formatStaffTime("en", iso)).toContain("14:48");
    expect(formatStaffTime("ko", iso)).not.toMatch(/PM|오후/);
  });

  it("writes a date alone without a zone", () => {
    expect(formatStaffTime("en", "2026-11-30T20:00:00.000Z", true)).toBe("Dec 1, 2026");
  });
});
