// The pieces of setting up a second factor that enrolment and the account page share.
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { useStaffTranslation } from "~/i18n/staff-hooks";

export type TotpOffer = { sealed: string; grouped: string; qrSvg: string };

/** The QR code and the secret as text, and the form that confirms a code from the app. */
export function TotpSetup({
  offer,
  busy,
  intent = "totp",
  children,
}: {
  offer: TotpOffer;
  busy: boolean;
  intent?: string;
  children?: ReactNode;
}) {
  const { t } = useStaffTranslation();
  return (
    <div className="staff-auth__totp">
      <p>{t("staff.auth.totp.scan")}</p>
      <img
        className="staff-auth__qr"
        src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(offer.qrSvg)}`}
        alt={t("staff.auth.totp.qrAlt")}
        width={200}
        height={200}
      />
      <p>{t("staff.auth.totp.orType")}</p>
      <p>
        <code className="staff-auth__secret" data-testid="totp-secret">
          {offer.grouped}
        </code>
      </p>
      <Form method="post" className="staff-auth__form">
        {children}
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" name="sealed" value={offer.sealed} />
        <label htmlFor="totp-code">{t("staff.auth.totp.codeLabel")}</label>
        <input
          id="totp-code"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9 ]{6,7}"
          maxLength={7}
          required
        />
        <button type="submit" disabled={busy}>
          {t("staff.auth.totp.confirm")}
        </button>
      </Form>
    </div>
  );
}

/** Ten recovery codes, shown this once. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  const { t } = useStaffTranslation();
  return (
    <section aria-labelledby="recovery-codes-title" className="staff-auth__codes">
      <h2 id="recovery-codes-title">{t("staff.auth.recovery.title")}</h2>
      <p>{t("staff.auth.recovery.intro")}</p>
      <ol data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <p className="staff-note">{t("staff.auth.recovery.once")}</p>
    </section>
  );
}
