import { Form } from "@remix-run/react";
import { useState } from "react";
import { CsrfField } from "~/components/staff/csrf-field";
import { LOCALES, type Locale } from "~/i18n/locales";
import { useStaffTranslation } from "~/i18n/staff-hooks";
import type { StaffMessageKey } from "~/i18n/staff-messages";
import {
  translationFieldName,
  TRANSLATION_FIELDS,
  type CampaignFormErrors,
  type CampaignFormValues,
  type TranslationField,
} from "~/utils/campaign-fields";
import { CURRENCIES } from "~/utils/money";

export type TargetChoice = { iso3: string; name: string; council: "permanent" | "elected" | null };

type Props = {
  mode: "create" | "edit";
  /** The campaign's state, when editing: a public campaign's slug change is explained. */
  status?: string;
  values: CampaignFormValues;
  errors?: CampaignFormErrors;
  choices: TargetChoice[];
  year: number;
};

const LONG_FIELDS = new Set<TranslationField>(["petition", "background", "outcome"]);

function FieldError({ id, error }: { id: string; error?: StaffMessageKey }) {
  const { t } = useStaffTranslation();
  return error ? (
    <p id={`${id}-error`} className="field-error">
      {t(error)}
    </p>
  ) : null;
}

/** aria attributes for a field with a hint and perhaps an error. */
function described(id: string, error: unknown, hint = true) {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return { "aria-describedby": ids || undefined, "aria-invalid": error ? true : undefined };
}

function TargetPicker({
  values,
  errors,
  choices,
  year,
}: Pick<Props, "values" | "errors" | "choices" | "year">) {
  const { t } = useStaffTranslation();
  const [filter, setFilter] = useState("");
  const selected = new Set(values.targets);
  // Chosen countries first, in their order (the page lists them so), then the rest by name.
  const byIso = new Map(choices.map((choice) => [choice.iso3, choice]));
  const ordered = [
    ...values.targets.flatMap((iso3) => (byIso.has(iso3) ? [byIso.get(iso3)!] : [])),
    ...choices.filter((choice) => !selected.has(choice.iso3)),
  ];
  const needle = filter.trim().toLocaleLowerCase();
  const selectedNames = values.targets.map((iso3) => byIso.get(iso3)?.name ?? iso3);
  return (
    <fieldset className="campaign-targets" {...described("targets", errors?.targets)}>
      <legend>{t("staff.campaigns.field.targets")}</legend>
      <p id="targets-hint" className="hint">
        {t("staff.campaigns.field.targetsHint", { year: String(year) })}
      </p>
      <p className="hint">
        {selectedNames.length > 0
          ? t("staff.campaigns.field.targetsSelected", { list: selectedNames.join(", ") })
          : t("staff.campaigns.field.targetsNone")}
      </p>
      <FieldError id="targets" error={errors?.targets} />
      {/* Without JavaScript the whole list shows (the browser's find works); with it, this filters. */}
      <label htmlFor="targets-filter">{t("staff.campaigns.field.targetsFilter")}</label>
      <input
        id="targets-filter"
        type="search"
        value={filter}
        onChange={(event) => setFilter(event.target.value)}
        autoComplete="off"
      />
      <ul className="campaign-targets__list">
        {ordered.map((choice) => {
          const hidden =
            needle !== "" && !`${choice.name} ${choice.iso3}`.toLocaleLowerCase().includes(needle);
          return (
            <li key={choice.iso3} hidden={hidden}>
              <input
                id={`target-${choice.iso3}`}
                type="checkbox"
                name="targets"
                value={choice.iso3}
                defaultChecked={selected.has(choice.iso3)}
              />
              <label htmlFor={`target-${choice.iso3}`}>
                {choice.name}
                {choice.council ? (
                  <span className="council-mark">
                    {" "}
                    {choice.council === "permanent"
                      ? t("staff.campaigns.council.permanent")
                      : t("staff.campaigns.council.elected", { year: String(year) })}
                  </span>
                ) : null}
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

function LanguageSection({
  locale,
  values,
  errors,
  isDefault,
}: {
  locale: Locale;
  values: CampaignFormValues;
  errors?: CampaignFormErrors;
  isDefault: boolean;
}) {
  const { t } = useStaffTranslation();
  const language = t(`staff.campaigns.language.${locale}`);
  const hints: Partial<Record<TranslationField, StaffMessageKey>> = {
    petition: "staff.campaigns.field.markdownHint",
    background: "staff.campaigns.field.markdownHint",
    outcome: "staff.campaigns.field.outcomeHint",
    shareText: "staff.campaigns.field.shareTextHint",
  };
  return (
    <fieldset className="campaign-language" id={`language-${locale}`}>
      <legend>
        {t("staff.campaigns.languageSection", { language })}
        {isDefault ? ` (${t("staff.campaigns.languageDefault")})` : null}
      </legend>
      {TRANSLATION_FIELDS.map((field) => {
        const name = translationFieldName(locale, field);
        const id = `field-${locale}-${field}`;
        const error = errors?.[name];
        const hint = hints[field];
        const common = {
          id,
          name,
          lang: locale,
          defaultValue: values.fields[name] ?? "",
          ...described(id, error, Boolean(hint)),
        };
        return (
          <div className="field" key={field}>
            <label htmlFor={id}>{t(`staff.campaigns.field.${field}`, { language })}</label>
            {LONG_FIELDS.has(field) ? (
              <textarea rows={field === "petition" ? 10 : 6} {...common} />
            ) : field === "summary" ? (
              <textarea rows={3} {...common} />
            ) : (
              <input type="text" {...common} />
            )}
            {hint ? (
              <p id={`${id}-hint`} className="hint">
                {t(hint)}
              </p>
            ) : null}
            <FieldError id={id} error={error} />
          </div>
        );
      })}
    </fieldset>
  );
}

/** The campaign form, for a new draft and for edits; works without JavaScript. */
export function CampaignEditor({ mode, status, values, errors, choices, year }: Props) {
  const { t } = useStaffTranslation();
  const field = (name: string) => values.fields[name] ?? "";
  const hasErrors = errors && Object.keys(errors).length > 0;
  const sourceLocale = (LOCALES as readonly string[]).includes(field("sourceLocale"))
    ? (field("sourceLocale") as Locale)
    : "en";
  return (
    <Form method="post" className="campaign-editor" noValidate>
      <CsrfField />
      {hasErrors ? (
        <p className="form-error" role="alert">
          {t("staff.campaigns.form.errorSummary")}
        </p>
      ) : null}
      <fieldset>
        <legend>{t("staff.campaigns.form.settings")}</legend>
        <div className="field">
          <label htmlFor="field-slug">{t("staff.campaigns.field.slug")}</label>
          <input
            id="field-slug"
            name="slug"
            type="text"
            autoComplete="off"
            spellCheck={false}
            defaultValue={field("slug")}
            {...described("field-slug", errors?.slug)}
          />
          <p id="field-slug-hint" className="hint">
            {t("staff.campaigns.field.slugHint")}
            {status && status !== "draft" ? ` ${t("staff.campaigns.field.slugLiveHint")}` : null}
          </p>
          <FieldError id="field-slug" error={errors?.slug} />
        </div>
        <div className="field">
          <label htmlFor="field-source-locale">{t("staff.campaigns.field.sourceLocale")}</label>
          <select
            id="field-source-locale"
            name="sourceLocale"
            defaultValue={sourceLocale}
            {...described("field-source-locale", errors?.sourceLocale)}
          >
            {LOCALES.map((locale) => (
              <option key={locale} value={locale}>
                {t(`staff.campaigns.language.${locale}`)}
              </option>
            ))}
          </select>
          <p id="field-source-locale-hint" className="hint">
            {t("staff.campaigns.field.sourceLocaleHint")}
          </p>
          <FieldError id="field-source-locale" error={errors?.sourceLocale} />
        </div>
        <div className="field">
          <label htmlFor="field-goal">{t("staff.campaigns.field.signatureGoal")}</label>
          <input
            id="field-goal"
            name="signatureGoal"
            type="number"
            min={1}
            step={1}
            inputMode="numeric"
            defaultValue={field("signatureGoal")}
            {...described("field-goal", errors?.signatureGoal, false)}
          />
          <FieldError id="field-goal" error={errors?.signatureGoal} />
        </div>
        <div className="field">
          <label htmlFor="field-deadline">{t("staff.campaigns.field.deadline")}</label>
          <input
            id="field-deadline"
            name="deadline"
            type="datetime-local"
            defaultValue={field("deadline")}
            {...described("field-deadline", errors?.deadline)}
          />
          <p id="field-deadline-hint" className="hint">
            {t("staff.campaigns.field.deadlineHint")}
          </p>
          <FieldError id="field-deadline" error={errors?.deadline} />
        </div>
        <fieldset className="field" {...described("field-privacy", errors?.privacyMode, false)}>
          <legend>{t("staff.campaigns.field.privacyMode")}</legend>
          {(["normal", "at_risk"] as const).map((mode) => (
            <div key={mode}>
              <input
                id={`field-privacy-${mode}`}
                type="radio"
                name="privacyMode"
                value={mode}
                defaultChecked={(field("privacyMode") || "normal") === mode}
              />
              <label htmlFor={`field-privacy-${mode}`}>
                {t(
                  mode === "normal"
                    ? "staff.campaigns.field.privacyNormal"
                    : "staff.campaigns.field.privacyAtRisk",
                )}
              </label>
            </div>
          ))}
          <FieldError id="field-privacy" error={errors?.privacyMode} />
        </fieldset>
        <fieldset className="field" aria-describedby="field-donation-goal-hint">
          <legend>{t("staff.donations.goal.legend")}</legend>
          <p id="field-donation-goal-hint" className="hint">
            {t("staff.donations.goal.hint")}
          </p>
          <div className="field">
            <label htmlFor="field-donation-goal">{t("staff.donations.goal.amount")}</label>
            <input
              id="field-donation-goal"
              name="donationGoal"
              type="text"
              inputMode="numeric"
              autoComplete="off"
              defaultValue={field("donationGoal")}
              {...described("field-donation-goal", errors?.donationGoal, false)}
            />
            <FieldError id="field-donation-goal" error={errors?.donationGoal} />
          </div>
          <div className="field">
            <label htmlFor="field-donation-currency">{t("staff.donations.goal.currency")}</label>
            <select
              id="field-donation-currency"
              name="donationGoalCurrency"
              defaultValue={field("donationGoalCurrency")}
              {...described("field-donation-currency", errors?.donationGoalCurrency, false)}
            >
              <option value="">{t("staff.donations.goal.noCurrency")}</option>
              {CURRENCIES.map((currency) => (
                <option key={currency} value={currency}>
                  {currency}
                </option>
              ))}
            </select>
            <FieldError id="field-donation-currency" error={errors?.donationGoalCurrency} />
          </div>
        </fieldset>
      </fieldset>
      <TargetPicker values={values} errors={errors} choices={choices} year={year} />
      <nav className="campaign-language-nav" aria-label={t("staff.campaigns.col.languages")}>
        <ul>
          {LOCALES.map((locale) => (
            <li key={locale}>
              <a href={`#language-${locale}`}>{t(`staff.campaigns.language.${locale}`)}</a>
            </li>
          ))}
        </ul>
      </nav>
      {LOCALES.map((locale) => (
        <LanguageSection
          key={locale}
          locale={locale}
          values={values}
          errors={errors}
          isDefault={locale === sourceLocale}
        />
      ))}
      <button type="submit" className="button">
        {t(mode === "create" ? "staff.campaigns.form.create" : "staff.campaigns.form.save")}
      </button>
    </Form>
  );
}
