import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PasskeyButton, useHydrated } from "~/components/staff/passkey-button";
import { assertLangParam } from "~/i18n/locale.server";
import { samePrefixAs } from "~/i18n/locales";
import { useStaffTranslation } from "~/i18n/staff-hooks";
import {
  clearPasskeyChallengeCookie,
  parseCredentialJson,
  passkeyAuthenticationOptions,
  passkeySignInOptions,
  verifyPasskeySignIn,
  verifySessionPasskey,
} from "~/models/staff-passkey.server";
import {
  accountFactors,
  checkPassword,
  checkSecondFactorCode,
  completeSignIn,
  findPendingSignIn,
  networkMayTry,
  recordPasskeyFailure,
} from "~/models/staff-sign-in.server";
import {
  clearStaffCookie,
  endStaffSession,
  getStaffSession,
  startStaffSession,
} from "~/models/staff-session.server";
import authStyles from "~/styles/staff-auth.css";
import type { PageHandle } from "~/utils/page-handle";
import { SecondFactorCodeSchema, SignInSchema } from "~/utils/staff-auth-forms.server";
import { safeStaffNext } from "~/utils/staff-next";

const NO_STORE = { "Cache-Control": "no-store" };

export const handle: PageHandle = { hydrate: true };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: authStyles }];
export const meta: MetaFunction = () => [
  { title: "Rollcall" },
  { name: "robots", content: "noindex, nofollow" },
];

function nextOf(request: Request): string {
  const url = new URL(request.url);
  return safeStaffNext(url.searchParams.get("next")) ?? samePrefixAs(url.pathname, "/admin");
}

/** This page again, keeping `next`. */
function selfPath(request: Request): string {
  const url = new URL(request.url);
  const next = safeStaffNext(url.searchParams.get("next"));
  return url.pathname + (next ? `?next=${encodeURIComponent(next)}` : "");
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  assertLangParam(params);
  const session = await getStaffSession(request);
  if (session?.mfaVerifiedAt) throw redirect(nextOf(request), { headers: NO_STORE });
  const pending = await findPendingSignIn(request);
  if (pending?.enrolled) {
    const factors = await accountFactors(pending.userId);
    return data({ step: "factor" as const, factors, email: pending.email }, { headers: NO_STORE });
  }
  return data({ step: "password" as const, factors: null, email: null }, { headers: NO_STORE });
}

type ActionResult =
  { error: "wrong" | "passkey"; locked: boolean; email?: string } | { passkeyOptions: unknown };

export async function action({ request, params, context }: ActionFunctionArgs) {
  assertLangParam(params);
  const form = await request.formData();
  const intent = form.get("intent");
  const origin = { ipHash: context.ipHash, userAgent: request.headers.get("user-agent") ?? "" };
  const refuse = (result: ActionResult, headers: Record<string, string> = {}) =>
    data(result, { status: "passkeyOptions" in result ? 200 : 400, headers: { ...NO_STORE, ...headers } });
  const signedIn = async (userId: string, method: "code" | "passkey", extra: string[] = []) => {
    await completeSignIn(userId, method, context.ipHash);
    // A new session id: whatever id the browser held before (the pending one, or one planted) is void.
    const cookie = await startStaffSession(userId, origin, { mfaVerified: true, replacing: request });
    const headers = new Headers(NO_STORE);
    for (const value of [cookie, ...extra]) headers.append("Set-Cookie", value);
    return redirect(nextOf(request), { headers });
  };

  if (intent === "password") {
    const input = SignInSchema.safeParse(Object.fromEntries(form));
    if (!input.success) return refuse({ error: "wrong", locked: false });
    const result = await checkPassword({ ...input.data, ipHash: context.ipHash });
    if (!result.ok) return refuse({ error: "wrong", locked: result.locked, email: input.data.email });
    const cookie = await startStaffSession(result.userId, origin, { mfaVerified: false, replacing: request });
    return redirect(selfPath(request), { headers: { ...NO_STORE, "Set-Cookie": cookie } });
  }

  if (intent === "passkey-only-options") {
    const { options, cookie } = await passkeySignInOptions();
    return refuse({ passkeyOptions: options }, { "Set-Cookie": cookie });
  }
  if (intent === "passkey-only") {
    if (!(await networkMayTry(context.ipHash))) return refuse({ error: "passkey", locked: true });
    const userId = await verifyPasskeySignIn(request, parseCredentialJson(form.get("response")));
    if (!userId) {
      return refuse({ error: "passkey", locked: await recordPasskeyFailure(null, context.ipHash) });
    }
    return signedIn(userId, "passkey", [await clearPasskeyChallengeCookie()]);
  }

  const pending = await findPendingSignIn(request);
  if (!pending?.enrolled) throw redirect(selfPath(request), { headers: NO_STORE });

  switch (intent) {
    case "code": {
      const input = SecondFactorCodeSchema.safeParse(Object.fromEntries(form));
      if (!input.success) return refuse({ error: "wrong", locked: false });
      const result = await checkSecondFactorCode({
        userId: pending.userId,
        code: input.data.code,
        ipHash: context.ipHash,
      });
      if (!result.ok) return refuse({ error: "wrong", locked: result.locked });
      return signedIn(pending.userId, "code");
    }
    case "passkey-options":
      return refuse({
        passkeyOptions: await passkeyAuthenticationOptions(pending.userId, pending.sessionId),
      });
    case "passkey": {
      const ok = await verifySessionPasskey(
        pending.userId,
        pending.sessionId,
        parseCredentialJson(form.get("response")),
      );
      if (!ok)
        return refuse({
          error: "passkey",
          locked: await recordPasskeyFailure(pending.userId, context.ipHash),
        });
      return signedIn(pending.userId, "passkey");
    }
    case "restart":
      await endStaffSession(pending.sessionId);
      return redirect(selfPath(request), {
        headers: { ...NO_STORE, "Set-Cookie": await clearStaffCookie() },
      });
    default:
      return refuse({ error: "wrong", locked: false });
  }
}

function Refusal({ result }: { result: ActionResult | undefined }) {
  const { t } = useStaffTranslation();
  if (!result || "passkeyOptions" in result) return null;
  return (
    <div role="alert" className="staff-auth__error">
      <p>{t(result.error === "passkey" ? "staff.auth.signIn.passkeyWrong" : "staff.auth.signIn.wrong")}</p>
      {result.locked ? <p>{t("staff.auth.signIn.locked")}</p> : null}
    </div>
  );
}

export default function StaffSignIn() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const { t } = useStaffTranslation();
  const hydrated = useHydrated();
  const busy = useNavigation().state !== "idle";
  const email = result && "email" in result ? result.email : "";

  if (loaded.step === "factor") {
    const { factors } = loaded;
    return (
      <div className="staff-auth">
        <h1>{t("staff.auth.signIn.factorTitle")}</h1>
        <p>{t("staff.auth.signIn.factorIntro", { email: loaded.email })}</p>
        <Refusal result={result} />
        {factors.passkeys > 0 ? (
          <section aria-labelledby="with-passkey">
            <h2 id="with-passkey">{t("staff.auth.signIn.withPasskey")}</h2>
            {hydrated ? (
              <PasskeyButton
                ceremony="authenticate"
                optionsIntent="passkey-options"
                answerIntent="passkey"
                label={t("staff.auth.signIn.usePasskey")}
              />
            ) : (
              <p>{t("staff.auth.passkey.needsScript")}</p>
            )}
          </section>
        ) : null}
        <section aria-labelledby="with-code">
          <h2 id="with-code">{t("staff.auth.signIn.withCode")}</h2>
          <Form method="post" className="staff-auth__form">
            <input type="hidden" name="intent" value="code" />
            <label htmlFor="code">
              {t(factors.totp ? "staff.auth.signIn.codeLabel" : "staff.auth.signIn.recoveryLabel")}
            </label>
            <input
              id="code"
              name="code"
              autoComplete="one-time-code"
              inputMode="text"
              required
              maxLength={40}
            />
            <p className="staff-note">{t("staff.auth.signIn.codeHint")}</p>
            <button type="submit" disabled={busy}>
              {t("staff.auth.signIn.verify")}
            </button>
          </Form>
        </section>
        <Form method="post">
          <input type="hidden" name="intent" value="restart" />
          <button type="submit" className="staff-auth__link-button">
            {t("staff.auth.signIn.restart")}
          </button>
        </Form>
      </div>
    );
  }

  return (
    <div className="staff-auth">
      <h1>{t("staff.auth.signIn.title")}</h1>
      <Refusal result={result} />
      <Form method="post" className="staff-auth__form">
        <input type="hidden" name="intent" value="password" />
        <label htmlFor="email">{t("staff.auth.field.email")}</label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username webauthn"
          required
          defaultValue={email}
        />
        <label htmlFor="password">{t("staff.auth.field.password")}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        <button type="submit" disabled={busy}>
          {t("staff.auth.signIn.submit")}
        </button>
      </Form>
      {hydrated ? (
        <section aria-labelledby="passkey-only" className="staff-auth__alt">
          <h2 id="passkey-only">{t("staff.auth.signIn.orPasskey")}</h2>
          <PasskeyButton
            ceremony="authenticate"
            optionsIntent="passkey-only-options"
            answerIntent="passkey-only"
            label={t("staff.auth.signIn.passkeyOnly")}
          />
        </section>
      ) : null}
    </div>
  );
}
