// Where to go after signing in: a staff page of this site, never anywhere else (no open redirect).
const STAFF_PATH = /^\/(?:(?:en|ko|ja)\/)?admin(?:[/?#]|$)/;

export function safeStaffNext(next: unknown): string | null {
  if (typeof next !== "string" || next.length > 500) return null;
  // Backslashes and control characters are how "/admin" turns into "//evil.example" in a browser.
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(next) || next.startsWith("//")) return null;
  if (!STAFF_PATH.test(next)) return null;
  try {
    const url = new URL(next, "http://staff.invalid");
    const path = url.pathname + url.search;
    return url.host === "staff.invalid" && STAFF_PATH.test(path) && !/\/admin\/sign-in/.test(url.pathname)
      ? path
      : null;
  } catch {
    return null;
  }
}
