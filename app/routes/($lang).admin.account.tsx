import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  isPasswordProblem,
  NewPasswordFields,
  usePasswordProblemText,
} from "~/components/staff/new-password-fields";
import { CsrfField, useCsrfToken } from "~/components/staff/csrf-field";
import { PasskeyButton, useHydrated } from "~/components/staff/passkey-button";
import { RecoveryCodes, TotpSetup } from "~/components/staff/second-factor-setup";
import { StaffTime } from "~/components/staff/staff-time";
import { samePrefixAs } from "~/i18n/locales";
import { useStaffTranslation } from "~/i18n/staff-hooks";
import { recordAudit } from "~/models/audit.server";
import {
  changeEmail,
  changePassword,
  EmailInUseError,
  listOwnSessions,
  reauthIsFresh,
  recordAccountChange,
  removeSecondFactor,
  renewCodesForAccount,
} from "~/models/staff-account.server";
import {
  listPasskeys,
  parseCredentialJson,
  passkeyAuthenticationOptions,
  passkeyRegistrationOptions,
  registerPasskey,
  verifySessionPasskey,
} from "~/models/staff-passkey.server";
import { passwordProblem } from "~/models/staff-password.server";
import { unusedRecoveryCodes } from "~/models/staff-recovery.server";
import {
  clearStaffCookie,
  endAllStaffSessions,
  markSessionVerified,
  requireStaff,
} from "~/models/staff-session.server";
import { accountFactors, checkSecondFactorCode } from "~/models/staff-sign-in.server";
import {
  enableTotp,
  groupedSecret,
  newTotpSecret,
  sealTotpSecret,
  totpEnrolment,
} from "~/models/staff-totp.server";
import authStyles from "~/styles/staff-auth.css";
import {
  NewEmailSchema,
  NewPasswordSchema,
  PasskeyIdSchema,
  SecondFactorCodeSchema,
  TotpConfirmSchema,
} from "~/utils/staff-auth-forms.server";
import type { PasswordProblemKey } from "~/utils/staff-password-rules";

const NO_STORE = { "Cache-Control": "no-store" };
// Changes that ask for the second factor again when it was not given in the last few minutes.
const SENSITIVE = new Set([
  "password",
  "email",
  "totp-confirm",
  "totp-remove",
  "passkey-options",
  "passkey-register",
  "passkey-remove",
  "recovery-renew",
]);

export const links: LinksFunction = () => [{ rel: "stylesheet", href: authStyles }];
export const meta: MetaFunction = () => [{ title: "Rollcall" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "viewer");
  const userId = staff.user.id;
  const [sessions, factors, passkeys, recoveryCodes] = await Promise.all([
    listOwnSessions(userId, staff.sessionId),
    accountFactors(userId),
    listPasskeys(userId),
    unusedRecoveryCodes(userId),
  ]);
  const fresh = reauthIsFresh(staff.reauthAt);
  let totpOffer = null;
  if (fresh && !factors.totp) {
    const secret = newTotpSecret();
    totpOffer = {
      sealed: sealTotpSecret(secret, userId),
      grouped: groupedSecret(secret),
      qrSvg: (await totpEnrolment(secret, staff.user.email)).qrSvg,
    };
  }
  return data(
    { email: staff.user.email, sessions, totp: factors.totp, passkeys, recoveryCodes, fresh, totpOffer },
    { headers: NO_STORE },
  );
}

type Outcome =
  "reauthed" | "password-changed" | "email-changed" | "factor-added" | "factor-removed" | "sessions-ended";
type Failure =
  | "reauth"
  | "code"
  | "passkey"
  | "email-taken"
  | "email-invalid"
  | "last-factor"
  | "missing"
  | PasswordProblemKey;
type ActionResult =
  { ok: Outcome } | { error: Failure; locked?: boolean } | { codes: string[] } | { passkeyOptions: unknown };

export async function action({ request, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, "viewer");
  const userId = staff.user.id;
  const { ipHash } = context;
  const form = await request.formData();
  const fields = Object.fromEntries(form);
  const intent = String(form.get("intent") ?? "");
  const reply = (result: ActionResult, status = 200) => data(result, { status, headers: NO_STORE });
  const fail = (error: Failure, status = 400) => reply({ error }, status);

  if (SENSITIVE.has(intent) && !reauthIsFresh(staff.reauthAt)) return fail("reauth", 403);

  switch (intent) {
    case "reauth-code": {
      const input = SecondFactorCodeSchema.safeParse(fields);
      if (!input.success) return fail("code");
      const result = await checkSecondFactorCode({ userId, code: input.data.code, ipHash });
      if (!result.ok) return reply({ error: "code", locked: result.locked }, 400);
      await markSessionVerified(staff.sessionId);
      return reply({ ok: "reauthed" });
    }
    case "reauth-passkey-options":
      return reply({ passkeyOptions: await passkeyAuthenticationOptions(userId, staff.sessionId) });
    case "reauth-passkey": {
      if (!(await verifySessionPasskey(userId, staff.sessionId, parseCredentialJson(form.get("response"))))) {
        return fail("passkey");
      }
      await markSessionVerified(staff.sessionId);
      return reply({ ok: "reauthed" });
    }
    case "end-others":
    case "end-all": {
      const everywhere = intent === "end-all";
      const count = await endAllStaffSessions(userId, everywhere ? undefined : staff.sessionId);
      await recordAudit({
        actorId: userId,
        action: "staff.sessions-ended",
        targetType: "staff",
        targetId: userId,
        details: { scope: everywhere ? "all" : "others", count },
        ipHash,
      });
      if (!everywhere) return reply({ ok: "sessions-ended" });
      return redirect(samePrefixAs(new URL(request.url).pathname, "/admin/sign-in"), {
        headers: { ...NO_STORE, "Set-Cookie": await clearStaffCookie() },
      });
    }
    case "password": {
      const input = NewPasswordSchema.safeParse(fields);
      if (!input.success) return fail("too-long");
      const problem =
        passwordProblem(input.data.password, staff.user.email) ??
        (input.data.password === input.data.confirm ? null : "mismatch");
      if (problem) return fail(problem);
      await changePassword(userId, input.data.password, ipHash);
      return reply({ ok: "password-changed" });
    }
    case "email": {
      const input = NewEmailSchema.safeParse(fields);
      if (!input.success) return fail("email-invalid");
      try {
        await changeEmail(userId, input.data.email, ipHash);
      } catch (error) {
        if (error instanceof EmailInUseError) return fail("email-taken");
        throw error;
      }
      return reply({ ok: "email-changed" });
    }
    case "totp-confirm": {
      const input = TotpConfirmSchema.safeParse(fields);
      if (!input.success || !(await enableTotp(userId, input.data.sealed, input.data.code)))
        return fail("code");
      await recordAccountChange({
        userId,
        ipHash,
        action: "staff.factor-added",
        notice: "factor-added",
        details: { factor: "totp" },
      });
      return reply({ ok: "factor-added" });
    }
    case "totp-remove":
    case "passkey-remove": {
      const passkey = PasskeyIdSchema.safeParse(fields);
      if (intent === "passkey-remove" && !passkey.success) return fail("missing");
      const outcome = await removeSecondFactor(
        userId,
        intent === "totp-remove" ? { kind: "totp" } : { kind: "passkey", id: passkey.data!.id },
        ipHash,
      );
      if (outcome === "removed") return reply({ ok: "factor-removed" });
      return fail(outcome === "last" ? "last-factor" : "missing");
    }
    case "passkey-options":
      return reply({ passkeyOptions: await passkeyRegistrationOptions(staff.user, staff.sessionId) });
    case "passkey-register": {
      const name = String(form.get("name") ?? "")
        .trim()
        .slice(0, 100);
      const ok = await registerPasskey(
        userId,
        staff.sessionId,
        parseCredentialJson(form.get("response")),
        name,
      );
      if (!ok) return fail("passkey");
      await recordAccountChange({
        userId,
        ipHash,
        action: "staff.factor-added",
        notice: "factor-added",
        details: { factor: "passkey" },
      });
      return reply({ ok: "factor-added" });
    }
    case "recovery-renew":
      return reply({ codes: await renewCodesForAccount(userId, ipHash) });
    default:
      return fail("missing");
  }
}

function Message({ result }: { result: ActionResult | undefined }) {
  const { t } = useStaffTranslation();
  const problemText = usePasswordProblemText();
  if (!result || "passkeyOptions" in result || "codes" in result) return null;
  if ("ok" in result) {
    return (
      <p role="status" className="staff-auth__ok">
        {t(`staff.auth.account.ok.${result.ok}`)}
      </p>
    );
  }
  return (
    <div role="alert" className="staff-auth__error">
      <p>
        {isPasswordProblem(result.error)
          ? problemText(result.error)
          : t(`staff.auth.account.error.${result.error}`)}
      </p>
      {result.locked ? <p>{t("staff.auth.signIn.locked")}</p> : null}
    </div>
  );
}

export default function StaffAccount() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const { t } = useStaffTranslation();
  const csrf = useCsrfToken();
  const hydrated = useHydrated();
  const busy = useNavigation().state !== "idle";
  const factorCount = (loaded.totp ? 1 : 0) + loaded.passkeys.length;

  return (
    <div className="staff-auth staff-auth--account">
      <h1>{t("staff.auth.account.title")}</h1>
      <Message result={result} />
      {result && "codes" in result ? <RecoveryCodes codes={result.codes} /> : null}

      <section aria-labelledby="sessions-title">
        <h2 id="sessions-title">{t("staff.auth.account.sessions")}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("staff.auth.account.sessionStarted")}</th>
              <th scope="col">{t("staff.auth.account.sessionSeen")}</th>
              <th scope="col">{t("staff.auth.account.sessionAgent")}</th>
            </tr>
          </thead>
          <tbody>
            {loaded.sessions.map((session) => (
              <tr key={session.createdAt + session.userAgent}>
                <td>
                  <StaffTime iso={session.createdAt} />
                  {session.current ? <> {t("staff.auth.account.thisSession")}</> : null}
                </td>
                <td>
                  <StaffTime iso={session.lastSeenAt} />
                </td>
                <td>{session.userAgent}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="staff-auth__row">
          <Form method="post">
            <CsrfField />
            <button type="submit" name="intent" value="end-others">
              {t("staff.auth.account.endOthers")}
            </button>
          </Form>
          <Form method="post">
            <CsrfField />
            <button type="submit" name="intent" value="end-all">
              {t("staff.auth.account.endAll")}
            </button>
          </Form>
        </div>
      </section>

      {!loaded.fresh ? (
        <section aria-labelledby="reauth-title" className="staff-auth__reauth">
          <h2 id="reauth-title">{t("staff.auth.account.reauthTitle")}</h2>
          <p>{t("staff.auth.account.reauthIntro")}</p>
          {loaded.passkeys.length > 0 && hydrated ? (
            <PasskeyButton
              ceremony="authenticate"
              optionsIntent="reauth-passkey-options"
              answerIntent="reauth-passkey"
              label={t("staff.auth.account.reauthPasskey")}
              fields={{ csrf }}
            />
          ) : null}
          <Form method="post" className="staff-auth__form">
            <CsrfField />
            <input type="hidden" name="intent" value="reauth-code" />
            <label htmlFor="reauth-code">
              {t(loaded.totp ? "staff.auth.signIn.codeLabel" : "staff.auth.signIn.recoveryLabel")}
            </label>
            <input id="reauth-code" name="code" autoComplete="one-time-code" required maxLength={40} />
            <button type="submit" disabled={busy}>
              {t("staff.auth.signIn.verify")}
            </button>
          </Form>
        </section>
      ) : (
        <>
          <section aria-labelledby="password-title">
            <h2 id="password-title">{t("staff.auth.account.passwordTitle")}</h2>
            <Form method="post" className="staff-auth__form">
              <CsrfField />
              <input type="hidden" name="intent" value="password" />
              <NewPasswordFields email={loaded.email} idPrefix="new-" />
              <button type="submit" disabled={busy}>
                {t("staff.auth.account.changePassword")}
              </button>
            </Form>
          </section>

          <section aria-labelledby="email-title">
            <h2 id="email-title">{t("staff.auth.account.emailTitle")}</h2>
            <Form method="post" className="staff-auth__form">
              <CsrfField />
              <input type="hidden" name="intent" value="email" />
              <label htmlFor="new-email">{t("staff.auth.field.email")}</label>
              <input
                id="new-email"
                name="email"
                type="email"
                autoComplete="email"
                required
                defaultValue={loaded.email}
              />
              <button type="submit" disabled={busy}>
                {t("staff.auth.account.changeEmail")}
              </button>
            </Form>
          </section>

          <section aria-labelledby="totp-title">
            <h2 id="totp-title">{t("staff.auth.totp.title")}</h2>
            {loaded.totp ? (
              <Form method="post">
                <CsrfField />
                <p>{t("staff.auth.account.totpOn")}</p>
                <button type="submit" name="intent" value="totp-remove" disabled={factorCount <= 1}>
                  {t("staff.auth.account.totpRemove")}
                </button>
                {factorCount <= 1 ? <p className="staff-note">{t("staff.auth.account.lastFactor")}</p> : null}
              </Form>
            ) : loaded.totpOffer ? (
              <TotpSetup offer={loaded.totpOffer} busy={busy} intent="totp-confirm">
                <CsrfField />
              </TotpSetup>
            ) : null}
          </section>

          <section aria-labelledby="passkeys-title">
            <h2 id="passkeys-title">{t("staff.auth.passkey.listTitle")}</h2>
            {loaded.passkeys.length > 0 ? (
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("staff.auth.passkey.name")}</th>
                    <th scope="col">{t("staff.auth.passkey.added")}</th>
                    <th scope="col">{t("staff.auth.passkey.lastUsed")}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t("staff.auth.passkey.actions")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {loaded.passkeys.map((passkey) => (
                    <tr key={passkey.id}>
                      <td>{passkey.name || t("staff.auth.passkey.defaultName")}</td>
                      <td>
                        <StaffTime iso={passkey.createdAt} />
                      </td>
                      <td>
                        {passkey.lastUsedAt ? (
                          <StaffTime iso={passkey.lastUsedAt} />
                        ) : (
                          t("staff.auth.passkey.never")
                        )}
                      </td>
                      <td>
                        <Form method="post">
                          <CsrfField />
                          <input type="hidden" name="id" value={passkey.id} />
                          <button
                            type="submit"
                            name="intent"
                            value="passkey-remove"
                            disabled={factorCount <= 1}
                          >
                            {t("staff.auth.passkey.remove", {
                              name: passkey.name || t("staff.auth.passkey.defaultName"),
                            })}
                          </button>
                        </Form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p>{t("staff.auth.passkey.none")}</p>
            )}
            {hydrated ? (
              <PasskeyButton
                ceremony="register"
                optionsIntent="passkey-options"
                answerIntent="passkey-register"
                label={t("staff.auth.passkey.add")}
                fields={{ csrf, name: t("staff.auth.passkey.defaultName") }}
              />
            ) : (
              <p>{t("staff.auth.passkey.needsScript")}</p>
            )}
          </section>

          <section aria-labelledby="recovery-title">
            <h2 id="recovery-title">{t("staff.auth.recovery.manageTitle")}</h2>
            <p>{t("staff.auth.recovery.left", { count: loaded.recoveryCodes })}</p>
            <Form method="post">
              <CsrfField />
              <button type="submit" name="intent" value="recovery-renew">
                {t("staff.auth.recovery.renew")}
              </button>
            </Form>
          </section>
        </>
      )}
    </div>
  );
}
