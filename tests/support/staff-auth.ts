// Driving the sign-in, enrolment and account routes as a browser would: cookies carried from one
// answer to the next, and each answer unwrapped to its status, data and headers.
import type { ActionFunction, AppLoadContext, LoaderFunction } from "@remix-run/node";
import { hashPassword } from "~/models/staff-password.server";
import { newTotpSecret, sealTotpSecret } from "~/models/staff-totp.server";
import { getPrisma } from "~/utils/db.server";
import { createStaffUser, TEST_CONTEXT } from "./staff";

export type Answer = { status: number; data: unknown; setCookies: string[]; location: string | null };

function fromHeaders(headers: HeadersInit | undefined): Headers {
  return new Headers(headers);
}

/** Calls a loader or action; a thrown Response counts as its answer. */
export async function call(
  fn: LoaderFunction | ActionFunction,
  request: Request,
  params: Record<string, string> = {},
  context: AppLoadContext = TEST_CONTEXT,
): Promise<Answer> {
  let result: unknown;
  try {
    result = await fn({ request, params, context });
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    result = thrown;
  }
  if (result instanceof Response) {
    return {
      status: result.status,
      data: null,
      setCookies: result.headers.getSetCookie(),
      location: result.headers.get("location"),
    };
  }
  if (result && typeof result === "object" && "init" in result && "data" in result) {
    const { init, data } = result as { init: ResponseInit | null; data: unknown };
    return {
      status: init?.status ?? 200,
      data,
      setCookies: fromHeaders(init?.headers).getSetCookie(),
      location: null,
    };
  }
  return { status: 200, data: result, setCookies: [], location: null };
}

/** A cookie jar of one browser. */
export class Browser {
  private readonly jar = new Map<string, string>();

  take(answer: Answer): Answer {
    for (const header of answer.setCookies) {
      const pair = header.split(";")[0]!;
      const name = pair.slice(0, pair.indexOf("="));
      const maxAgeZero = /;\s*max-age=0/i.test(header) || /expires=Thu, 01 Jan 1970/i.test(header);
      if (maxAgeZero) this.jar.delete(name);
      else this.jar.set(name, pair);
    }
    return answer;
  }

  cookie(): string {
    return [...this.jar.values()].join("; ");
  }

  /** The current value of the staff session cookie (to compare ids before and after). */
  sessionCookie(): string | undefined {
    return [...this.jar.entries()].find(([name]) => /(^|-)staff$/.test(name))?.[1];
  }

  get(path: string): Request {
    return new Request(`http://127.0.0.1${path}`, { headers: { cookie: this.cookie() } });
  }

  post(path: string, form: Record<string, string>): Request {
    return new Request(`http://127.0.0.1${path}`, {
      method: "POST",
      headers: { cookie: this.cookie(), "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form),
    });
  }
}

export const GOOD_PASSWORD = "violet harbour lantern 42";

/** An enrolled account with a password and an authenticator app (its secret returned). */
export async function enrolledWithTotp(role: "owner" | "viewer" = "viewer") {
  const user = await createStaffUser(role);
  const secret = newTotpSecret();
  await getPrisma().staffUser.update({
    where: { id: user.id },
    data: {
      passwordHash: await hashPassword(GOOD_PASSWORD),
      totpSecretSealed: sealTotpSecret(secret, user.id),
    },
  });
  return { user, secret };
}
