import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { NewPasswordFields, usePasswordProblemText } from "~/components/staff/new-password-fields";
import { PasskeyButton, useHydrated } from "~/components/staff/passkey-button";
import { RecoveryCodes, TotpSetup } from "~/components/staff/second-factor-setup";
import { assertLangParam } from "~/i18n/locale.server";
import { samePrefixAs } from "~/i18n/locales";
import { useLocalizedPath } from "~/i18n/hooks";
import { useStaffTranslation } from "~/i18n/staff-hooks";
import { finishEnrolment, setEnrolmentPassword } from "~/models/staff-account.server";
import { consumeEnrolment, findEnrolment } from "~/models/staff-enrolment.server";
import {
  parseCredentialJson,
  passkeyRegistrationOptions,
  registerPasskey,
} from "~/models/staff-passkey.server";
import { passwordProblem } from "~/models/staff-password.server";
import { findPendingSignIn } from "~/models/staff-sign-in.server";
import { getStaffSession, startStaffSession } from "~/models/staff-session.server";
import {
  enableTotp,
  groupedSecret,
  newTotpSecret,
  sealTotpSecret,
  totpEnrolment,
} from "~/models/staff-totp.server";
import authStyles from "~/styles/staff-auth.css";
import type { PageHandle } from "~/utils/page-handle";
import { EnrolPasswordSchema, TotpConfirmSchema } from "~/utils/staff-auth-forms.server";
import type { PasswordProblemKey } from "~/utils/staff-password-rules";

const NO_STORE = { "Cache-Control": "no-store" };

export const handle: PageHandle = { hydrate: true };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: authStyles }];
export const meta: MetaFunction = () => [
  { title: "Rollcall" },
  { name: "robots", content: "noindex, nofollow" },
];

/** A new authenticator-app secret to offer, sealed for the account so the form can carry it. */
async function totpOffer(userId: string, email: string) {
  const secret = newTotpSecret();
  const { qrSvg } = await totpEnrolment(secret, email);
  return { sealed: sealTotpSecret(secret, userId), grouped: groupedSecret(secret), qrSvg };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  assertLangParam(params);
  // Half-enrolled: the link was used to set the password; the session carries the rest.
  const pending = await findPendingSignIn(request);
  if (pending && !pending.enrolled) {
    return data(
      { step: "factor" as const, email: pending.email, totp: await totpOffer(pending.userId, pending.email) },
      { headers: NO_STORE },
    );
  }
  const user = await findEnrolment(params.token ?? "");
  if (user) return data({ step: "password" as const, email: user.email, totp: null }, { headers: NO_STORE });
  const session = await getStaffSession(request);
  return data(
    { step: session?.mfaVerifiedAt ? ("done" as const) : ("invalid" as const), email: null, totp: null },
    { status: session?.mfaVerifiedAt ? 200 : 410, headers: NO_STORE },
  );
}

type ActionResult =
  | { error: "password"; problem: string; name: string }
  | { error: "code" | "passkey" | "invalid" }
  | { passkeyOptions: unknown }
  | { codes: string[] };

export async function action({ request, params, context }: ActionFunctionArgs) {
  assertLangParam(params);
  const form = await request.formData();
  const intent = form.get("intent");
  const origin = { ipHash: context.ipHash, userAgent: request.headers.get("user-agent") ?? "" };
  const reply = (result: ActionResult, status = 400, headers: Record<string, string> = {}) =>
    data(result, { status, headers: { ...NO_STORE, ...headers } });

  if (intent === "password") {
    const token = params.token ?? "";
    const user = await findEnrolment(token);
    if (!user) return reply({ error: "invalid" }, 410);
    const input = EnrolPasswordSchema.safeParse(Object.fromEntries(form));
    if (!input.success) return reply({ error: "password", problem: "too-long", name: "" });
    const { password, confirm, name = "" } = input.data;
    const problem = passwordProblem(password, user.email) ?? (password === confirm ? null : "mismatch");
    if (problem) return reply({ error: "password", problem, name });
    // The link is spent in the same step that sets the password: a second use finds it used.
    if (!(await consumeEnrolment(token))) return reply({ error: "invalid" }, 410);
    await setEnrolmentPassword(user.id, password, name || undefined);
    const cookie = await startStaffSession(user.id, origin, { mfaVerified: false, replacing: request });
    return redirect(new URL(request.url).pathname, { headers: { ...NO_STORE, "Set-Cookie": cookie } });
  }

  const pending = await findPendingSignIn(request);
  if (!pending || pending.enrolled) return reply({ error: "invalid" }, 410);
  const finish = async (factor: "totp" | "passkey") => {
    const codes = await finishEnrolment(pending.userId, factor, context.ipHash);
    const cookie = await startStaffSession(pending.userId, origin, { mfaVerified: true, replacing: request });
    return reply({ codes }, 200, { "Set-Cookie": cookie });
  };

  switch (intent) {
    case "totp": {
      const input = TotpConfirmSchema.safeParse(Object.fromEntries(form));
      if (!input.success || !(await enableTotp(pending.userId, input.data.sealed, input.data.code))) {
        return reply({ error: "code" });
      }
      return finish("totp");
    }
    case "passkey-options":
      return reply(
        {
          passkeyOptions: await passkeyRegistrationOptions(
            { id: pending.userId, email: pending.email, name: pending.name },
            pending.sessionId,
          ),
        },
        200,
      );
    case "passkey": {
      const name = String(form.get("name") ?? "").slice(0, 100);
      const ok = await registerPasskey(
        pending.userId,
        pending.sessionId,
        parseCredentialJson(form.get("response")),
        name,
      );
      return ok ? finish("passkey") : reply({ error: "passkey" });
    }
    default:
      throw redirect(samePrefixAs(new URL(request.url).pathname, "/admin/sign-in"));
  }
}

export default function StaffEnrol() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const { t } = useStaffTranslation();
  const problemText = usePasswordProblemText();
  const localized = useLocalizedPath();
  const hydrated = useHydrated();
  const busy = useNavigation().state !== "idle";

  if (result && "codes" in result) {
    return (
      <div className="staff-auth">
        <h1>{t("staff.auth.enrol.doneTitle")}</h1>
        <RecoveryCodes codes={result.codes} />
        <p>
          <Link to={localized("/admin")}>{t("staff.auth.enrol.continue")}</Link>
        </p>
      </div>
    );
  }
  if (loaded.step === "invalid" || loaded.step === "done") {
    return (
      <div className="staff-auth">
        <h1>{t(loaded.step === "done" ? "staff.auth.enrol.doneTitle" : "staff.auth.enrol.invalidTitle")}</h1>
        <p>{t(loaded.step === "done" ? "staff.auth.enrol.alreadyDone" : "staff.auth.enrol.invalidBody")}</p>
        <p>
          <Link to={localized(loaded.step === "done" ? "/admin" : "/admin/sign-in")}>
            {t(loaded.step === "done" ? "staff.auth.enrol.continue" : "staff.auth.signIn.title")}
          </Link>
        </p>
      </div>
    );
  }
  const error = result && "error" in result ? result : null;

  if (loaded.step === "factor" && loaded.totp) {
    return (
      <div className="staff-auth">
        <h1>{t("staff.auth.enrol.factorTitle")}</h1>
        <p>{t("staff.auth.enrol.factorIntro")}</p>
        {error ? (
          <p role="alert" className="staff-auth__error">
            {t(error.error === "passkey" ? "staff.auth.passkey.failed" : "staff.auth.totp.wrongCode")}
          </p>
        ) : null}
        <section aria-labelledby="enrol-passkey">
          <h2 id="enrol-passkey">{t("staff.auth.passkey.title")}</h2>
          <p>{t("staff.auth.passkey.intro")}</p>
          {hydrated ? (
            <PasskeyButton
              ceremony="register"
              optionsIntent="passkey-options"
              answerIntent="passkey"
              label={t("staff.auth.passkey.create")}
              fields={{ name: t("staff.auth.passkey.defaultName") }}
            />
          ) : (
            <p>{t("staff.auth.passkey.needsScript")}</p>
          )}
        </section>
        <section aria-labelledby="enrol-totp">
          <h2 id="enrol-totp">{t("staff.auth.totp.title")}</h2>
          <TotpSetup offer={loaded.totp} busy={busy} />
        </section>
      </div>
    );
  }

  const problem = error?.error === "password" ? error.problem : null;
  return (
    <div className="staff-auth">
      <h1>{t("staff.auth.enrol.title")}</h1>
      <p>{t("staff.auth.enrol.intro", { email: loaded.email ?? "" })}</p>
      {error?.error === "invalid" ? (
        <p role="alert" className="staff-auth__error">
          {t("staff.auth.enrol.invalidBody")}
        </p>
      ) : null}
      <Form method="post" className="staff-auth__form">
        <input type="hidden" name="intent" value="password" />
        <label htmlFor="name">{t("staff.auth.field.name")}</label>
        <input
          id="name"
          name="name"
          autoComplete="name"
          maxLength={100}
          defaultValue={error?.error === "password" ? error.name : ""}
        />
        <NewPasswordFields email={loaded.email ?? ""} idPrefix="" invalid={Boolean(problem)} />
        {problem ? (
          <p role="alert" className="staff-auth__error">
            {problemText(problem as PasswordProblemKey)}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {t("staff.auth.enrol.setPassword")}
        </button>
      </Form>
    </div>
  );
}
