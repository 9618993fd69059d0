import { createCookie, type Cookie, type CookieOptions } from "@remix-run/node";
import { getEnv } from "~/utils/env.server";
import { verifyingKeys } from "~/utils/keys.server";

/**
 * Every cookie the app sets goes through here, so all get the same policy: signed with a key derived from APP_SECRET,
 * `HttpOnly`, `SameSite=Lax` (or Strict, as the staff session asks), path `/`; and over https, `Secure` with the `__Host-` prefix (which
 * browsers only accept from a secure origin, so a local http://127.0.0.1 run uses the bare name).
 */
export function createAppCookie(
  name: string,
  options: Pick<CookieOptions, "maxAge" | "sameSite"> = {},
): Cookie {
  const env = getEnv();
  const secure = env.isSecureOrigin;
  return createCookie(secure ? `__Host-${name}` : name, {
    sameSite: "lax",
    ...options,
    path: "/",
    httpOnly: true,
    secure,
    // Remix signs with the first secret and accepts any of them: rotation keeps sessions alive.
    secrets: verifyingKeys("cookie").map((key) => key.toString("base64url")),
  });
}
