import { Form } from "@remix-run/react";
import { CsrfField } from "~/components/staff/csrf-field";
import { LOCALES, type Locale } from "~/i18n/locales";
import { useStaffTranslation } from "~/i18n/staff-hooks";
import type { StaffMessageKey } from "~/i18n/staff-messages";
import {
  GENERAL_AUDIENCE,
  updateFieldName,
  type UpdateFormErrors,
  type UpdateFormValues,
} from "~/utils/update-fields";

export type AudienceChoice = { id: string; title: string };
export type VoteChoice = {
  id: string;
  body: "security_council" | "general_assembly" | "third_committee" | "human_rights_council";
  votedOn: string;
  symbol: string;
  title: string;
};

type Props = {
  mode: "create" | "edit";
  values: UpdateFormValues;
  errors?: UpdateFormErrors;
  audiences: AudienceChoice[];
  votes: VoteChoice[];
};

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

function LanguageTexts({ locale, values, errors }: { locale: Locale } & Pick<Props, "values" | "errors">) {
  const { t } = useStaffTranslation();
  const language = t(`staff.updates.language.${locale}`);
  return (
    <fieldset id={`texts-${locale}`}>
      <legend>{t("staff.updates.form.texts", { language })}</legend>
      {(["subject", "body"] as const).map((field) => {
        const name = updateFieldName(locale, field);
        const id = `update-${locale}-${field}`;
        const error = errors?.[name];
        const common = {
          id,
          name,
          lang: locale,
          defaultValue: values.fields[name] ?? "",
          ...described(id, error, field === "body"),
        };
        return (
          <div className="field" key={field}>
            <label htmlFor={id}>{t(`staff.updates.form.${field}`)}</label>
            {field === "body" ? <textarea rows={12} {...common} /> : <input type="text" {...common} />}
            {field === "body" ? (
              <p id={`${id}-hint`} className="hint">
                {t("staff.updates.form.bodyHint")}
              </p>
            ) : null}
            <FieldError id={id} error={error} />
          </div>
        );
      })}
    </fieldset>
  );
}

/** The update form, for a new draft and for edits; works without JavaScript. */
export function UpdateEditor({ mode, values, errors, audiences, votes }: Props) {
  const { t } = useStaffTranslation();
  const hasErrors = errors && Object.keys(errors).length > 0;
  const chosen = new Set(values.languages);
  return (
    <Form method="post" className="campaign-editor update-editor" noValidate>
      <CsrfField />
      {mode === "edit" ? <input type="hidden" name="intent" value="save" /> : null}
      {hasErrors ? (
        <p className="form-error" role="alert">
          {t(errors.form ?? "staff.updates.form.errorSummary")}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor="update-audience">{t("staff.updates.form.audience")}</label>
        <select
          id="update-audience"
          name="audience"
          defaultValue={values.fields.audience}
          {...described("update-audience", errors?.audience)}
        >
          <option value={GENERAL_AUDIENCE}>{t("staff.updates.audience.general")}</option>
          {audiences.map((audience) => (
            <option key={audience.id} value={audience.id}>
              {t("staff.updates.audience.campaign", { title: audience.title })}
            </option>
          ))}
        </select>
        <p id="update-audience-hint" className="hint">
          {t("staff.updates.form.audienceHint")}
        </p>
        <FieldError id="update-audience" error={errors?.audience} />
      </div>
      <div className="field">
        <label htmlFor="update-vote">{t("staff.updates.form.vote")}</label>
        <select
          id="update-vote"
          name="unVoteId"
          defaultValue={values.fields.unVoteId}
          {...described("update-vote", errors?.unVoteId)}
        >
          <option value="">{t("staff.updates.form.noVote")}</option>
          {votes.map((vote) => {
            const label = [vote.votedOn, t(`staff.updates.body.${vote.body}`), vote.symbol, vote.title].join(
              " · ",
            );
            return (
              <option key={vote.id} value={vote.id}>
                {label}
              </option>
            );
          })}
        </select>
        <p id="update-vote-hint" className="hint">
          {t("staff.updates.form.voteHint")}
        </p>
        <FieldError id="update-vote" error={errors?.unVoteId} />
      </div>
      <fieldset {...described("update-languages", errors?.languages)}>
        <legend>{t("staff.updates.form.languages")}</legend>
        <p id="update-languages-hint" className="hint">
          {t("staff.updates.form.languagesHint")}
        </p>
        <FieldError id="update-languages" error={errors?.languages} />
        {LOCALES.map((locale) => (
          <div key={locale}>
            <input
              id={`update-language-${locale}`}
              type="checkbox"
              name="languages"
              value={locale}
              defaultChecked={chosen.has(locale)}
            />
            <label htmlFor={`update-language-${locale}`}>{t(`staff.updates.language.${locale}`)}</label>
          </div>
        ))}
      </fieldset>
      {/* Every language's fields show, so nothing typed is lost when a box is unticked by mistake;
          only the ticked languages are saved. */}
      {LOCALES.map((locale) => (
        <LanguageTexts key={locale} locale={locale} values={values} errors={errors} />
      ))}
      <p>
        <button type="submit" className="button">
          {t(mode === "create" ? "staff.updates.form.create" : "staff.updates.form.save")}
        </button>
      </p>
    </Form>
  );
}
