// A button that runs one WebAuthn ceremony: it asks the route's action for options (a fetcher),
// lets the browser talk to the authenticator, then posts the answer to the same action as an
// ordinary form submission, so the page that comes back is the action's, as with any form.
import { useFetcher, useRouteLoaderData, useSubmit } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useStaffTranslation } from "~/i18n/staff-hooks";

type Props = {
  ceremony: "register" | "authenticate";
  /** The action's intent that answers with `{ passkeyOptions }`. */
  optionsIntent: string;
  /** The action's intent that takes the answer (as JSON in the field `response`). */
  answerIntent: string;
  label: string;
  /** More fields for both posts (the CSRF token, a passkey's name, `next`). */
  fields?: Record<string, string>;
  className?: string;
};

/**
 * The host name a passkey can be made for, from the root data's APP_URL; null when it is an IP
 * address, which WebAuthn refuses as a relying party (a local run at http://127.0.0.1:3000).
 */
function usePasskeyHost(): { usable: boolean; localhostUrl: string } {
  const appUrl = (useRouteLoaderData("root") as { appUrl?: string } | undefined)?.appUrl ?? "";
  const url = appUrl ? new URL(appUrl) : null;
  const ipLiteral = !url || /^[\d.]+$|^\[/.test(url.hostname);
  return {
    usable: !ipLiteral,
    localhostUrl: url ? `${url.protocol}//localhost${url.port ? `:${url.port}` : ""}` : "",
  };
}

export function PasskeyButton({
  ceremony,
  optionsIntent,
  answerIntent,
  label,
  fields = {},
  className,
}: Props) {
  const { t } = useStaffTranslation();
  const fetcher = useFetcher<{ passkeyOptions?: unknown }>();
  const submit = useSubmit();
  const [failed, setFailed] = useState(false);
  const handled = useRef<unknown>(null);
  const fieldsRef = useRef(fields);
  fieldsRef.current = fields;
  const host = usePasskeyHost();

  useEffect(() => {
    const options = fetcher.data?.passkeyOptions;
    if (fetcher.state !== "idle" || !options || handled.current === options) return;
    handled.current = options;
    void (async () => {
      try {
        // Loaded on click only: the ceremony's code is not part of any page's first load.
        const browser = await import("@simplewebauthn/browser");
        const answer =
          ceremony === "register"
            ? await browser.startRegistration({ optionsJSON: options as never })
            : await browser.startAuthentication({ optionsJSON: options as never });
        submit(
          { ...fieldsRef.current, intent: answerIntent, response: JSON.stringify(answer) },
          { method: "post" },
        );
      } catch {
        // Cancelled, timed out, or no authenticator: the person can try again or use another way.
        setFailed(true);
      }
    })();
  }, [fetcher.state, fetcher.data, ceremony, answerIntent, submit]);

  if (!host.usable) {
    return <p className={className}>{t("staff.auth.passkey.needsHostName", { url: host.localhostUrl })}</p>;
  }
  return (
    <div className={className}>
      <button
        type="button"
        disabled={fetcher.state !== "idle"}
        onClick={() => {
          setFailed(false);
          fetcher.submit({ ...fields, intent: optionsIntent }, { method: "post" });
        }}
      >
        {label}
      </button>
      {failed ? (
        <p role="alert" className="staff-auth__error">
          {t("staff.auth.passkey.cancelled")}
        </p>
      ) : null}
    </div>
  );
}

/** Shown instead of passkey buttons when the page runs without JavaScript. */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
