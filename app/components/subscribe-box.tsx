import { Form, useLocation } from "@remix-run/react";
import { SubscribeBotFields } from "~/components/subscribe-form";
import { useLocalizedPath, useTranslation } from "~/i18n/hooks";
import { GENERAL_TOPIC } from "~/utils/subscribe-form";

/**
 * The compact subscribe box on the home and campaign pages: an address and the general list. It
 * posts to /subscribe, which answers as the full form does (and shows that form again, filled in,
 * when something is wrong). The page stays the same for every reader: the token is the page's.
 */
export function SubscribeBox({ formShown }: { formShown: string }) {
  const { t, locale } = useTranslation();
  // The page the box is on, for the consent record: the same for every reader of this page.
  const source = useLocation().pathname;
  const localized = useLocalizedPath();
  return (
    <Form
      method="post"
      action={localized("/subscribe")}
      reloadDocument
      className="subscribe-box"
      aria-labelledby="subscribe-box-heading"
      // The browser's own check refuses a full-width ＠ that the server reads as "@"; the server
      // answers every mistake with the full form, in the reader's language.
      noValidate
    >
      <h2 id="subscribe-box-heading">{t("subscribe.boxHeading")}</h2>
      <p>{t("subscribe.boxIntro")}</p>
      <input type="hidden" name="source" value={source} />
      <input type="hidden" name="topic" value={GENERAL_TOPIC} />
      <input type="hidden" name="locale" value={locale} />
      <div className="field">
        <label htmlFor="subscribe-box-email">{t("subscribe.boxEmail")}</label>
        <input id="subscribe-box-email" name="email" type="email" autoComplete="email" inputMode="email" />
      </div>
      <SubscribeBotFields formShown={formShown} idPrefix="subscribe-box" />
      <p className="hint">{t("subscribe.consent")}</p>
      <button type="submit" className="button">
        {t("subscribe.submit")}
      </button>
    </Form>
  );
}
