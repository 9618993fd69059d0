import { Form } from "@remix-run/react";
import { useTranslation } from "~/i18n/hooks";
import { LOCALE_ENDONYMS, LOCALES } from "~/i18n/locales";
import { GENERAL_TOPIC, type SubscribeFormErrors, type SubscribeFormValues } from "~/utils/subscribe-form";

export type TopicOption = { value: string; title: string | null };

type Props = {
  topics: TopicOption[];
  countries: { iso3: string; name: string }[];
  formShown: string;
  /** The page the form is on, for the consent record. */
  source: string;
  values?: SubscribeFormValues;
  errors?: SubscribeFormErrors;
};

/** The honeypot and timing token every subscribe form carries (app/models/subscribe.server.ts). */
export function SubscribeBotFields({ formShown, idPrefix }: { formShown: string; idPrefix: string }) {
  const { t } = useTranslation();
  return (
    <>
      <input type="hidden" name="shown" value={formShown} />
      {/* Invisible to people (and to screen readers); bots that fill every field reveal themselves. */}
      <div className="honeypot" aria-hidden="true">
        <label htmlFor={`${idPrefix}-website`}>{t("sign.honeypot")}</label>
        <input id={`${idPrefix}-website`} name="website" type="text" tabIndex={-1} autoComplete="off" />
      </div>
    </>
  );
}

/** The full subscribe form: works without JavaScript, keeps what was typed, explains each error. */
export function SubscribeForm({ topics, countries, formShown, source, values = {}, errors = {} }: Props) {
  const { t, locale } = useTranslation();
  const errorText = (field: keyof SubscribeFormErrors) =>
    errors[field] ? (
      <p id={`subscribe-${field}-error`} className="field-error">
        {t(errors[field]!)}
      </p>
    ) : null;
  const invalid = (field: keyof SubscribeFormErrors) =>
    errors[field] ? { "aria-invalid": true, "aria-describedby": `subscribe-${field}-error` } : {};
  const chosen = values.topics ?? [GENERAL_TOPIC];
  return (
    <Form method="post" reloadDocument className="sign-form" noValidate>
      {Object.keys(errors).length > 0 ? (
        <p className="form-error" role="alert">
          {t(errors.form ?? "subscribe.errorSummary")}
        </p>
      ) : null}
      <input type="hidden" name="source" value={values.source ?? source} />
      <div className="field">
        <label htmlFor="subscribe-email">{t("subscribe.email")}</label>
        <input
          id="subscribe-email"
          name="email"
          type="email"
          autoComplete="email"
          inputMode="email"
          defaultValue={values.email}
          {...invalid("email")}
        />
        {errorText("email")}
      </div>
      <div className="field">
        <label htmlFor="subscribe-name">{t("subscribe.name")}</label>
        <input
          id="subscribe-name"
          name="name"
          type="text"
          autoComplete="name"
          maxLength={200}
          defaultValue={values.name}
          aria-describedby={errors.name ? "subscribe-name-error subscribe-name-hint" : "subscribe-name-hint"}
          aria-invalid={errors.name ? true : undefined}
        />
        <p id="subscribe-name-hint" className="hint">
          {t("subscribe.nameHint")}
        </p>
        {errorText("name")}
      </div>
      <div className="field">
        <label htmlFor="subscribe-locale">{t("subscribe.language")}</label>
        <select
          id="subscribe-locale"
          name="locale"
          defaultValue={values.locale ?? locale}
          {...invalid("locale")}
        >
          {LOCALES.map((option) => (
            <option key={option} value={option} lang={option}>
              {LOCALE_ENDONYMS[option]}
            </option>
          ))}
        </select>
        {errorText("locale")}
      </div>
      <div className="field">
        <label htmlFor="subscribe-country">{t("subscribe.country")}</label>
        <select
          id="subscribe-country"
          name="country"
          autoComplete="country"
          defaultValue={values.country ?? ""}
          aria-describedby={
            errors.country ? "subscribe-country-error subscribe-country-hint" : "subscribe-country-hint"
          }
          aria-invalid={errors.country ? true : undefined}
        >
          <option value="">{t("subscribe.countryNone")}</option>
          {countries.map((country) => (
            <option key={country.iso3} value={country.iso3}>
              {country.name}
            </option>
          ))}
        </select>
        <p id="subscribe-country-hint" className="hint">
          {t("subscribe.countryHint")}
        </p>
        {errorText("country")}
      </div>
      <fieldset className="field" {...invalid("topics")}>
        <legend>{t("subscribe.topics")}</legend>
        {topics.map((topic, index) => (
          <div key={topic.value}>
            <input
              id={`subscribe-topic-${index}`}
              type="checkbox"
              name="topic"
              value={topic.value}
              defaultChecked={chosen.includes(topic.value)}
            />
            <label htmlFor={`subscribe-topic-${index}`}>{topic.title ?? t("subscribe.generalList")}</label>
          </div>
        ))}
        {errorText("topics")}
      </fieldset>
      <SubscribeBotFields formShown={formShown} idPrefix="subscribe" />
      <p className="hint">{t("subscribe.consent")}</p>
      <button type="submit" className="button">
        {t("subscribe.submit")}
      </button>
    </Form>
  );
}
