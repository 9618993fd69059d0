import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect } from "react";
import { CsrfField } from "~/components/staff/csrf-field";
import { StaffTime } from "~/components/staff/staff-time";
import { UpdateEditor } from "~/components/staff/update-editor";
import { useLocalizedPath } from "~/i18n/hooks";
import { LOCALES, samePrefixAs } from "~/i18n/locales";
import { assertLangParam, getRequestLocale } from "~/i18n/locale.server";
import { useStaffTranslation } from "~/i18n/staff-hooks";
import type { StaffMessageKey } from "~/i18n/staff-messages";
import { requireStaff } from "~/models/staff-session.server";
import {
  composeUpdatePreview,
  editUpdate,
  getUpdateForStaff,
  listAudienceChoices,
  listVoteChoices,
  listVotingCountries,
  pauseUpdate,
  resumeUpdate,
  scheduleUpdate,
  seoulInputValue,
  sendTestUpdate,
  sendUpdateNow,
  unscheduleUpdate,
  updateFormValues,
  updateProgress,
  type UpdateActionResult,
} from "~/models/update-admin.server";
import campaignStyles from "~/styles/staff-campaigns.css";
import updateStyles from "~/styles/staff-updates.css";
import { hasRole } from "~/utils/staff-roles";
import { readUpdateForm } from "~/utils/update-fields";
import { TestSendSchema } from "~/utils/update-form.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: campaignStyles },
  { rel: "stylesheet", href: updateStyles },
];

export const meta: MetaFunction = () => [{ title: "Rollcall" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "viewer");
  assertLangParam(params);
  const update = await getUpdateForStaff(params.id ?? "");
  if (!update) throw new Response("Not Found", { status: 404 });
  const locale = getRequestLocale(request);
  const mayAct = hasRole(staff.user.role, "campaigner");
  const editing = mayAct && update.status === "draft";
  // The plain-text part of each language's email, as a subscriber without a known country gets it.
  const texts = await Promise.all(
    LOCALES.map(async (language) => ({
      language,
      text: (await composeUpdatePreview(update.id, language))?.message.text ?? "",
    })),
  );
  const audiences = await listAudienceChoices(locale);
  return {
    update: {
      id: update.id,
      status: update.status,
      languages: update.languages,
      subject: (
        update.translations.find((t) => t.locale === locale) ??
        update.translations.find((t) => t.locale === "en")
      )?.subject,
      audience: update.campaignId ? (audiences.find((a) => a.id === update.campaignId)?.title ?? "") : null,
      vote: update.unVote
        ? `${update.unVote.votedOn.toISOString().slice(0, 10)} · ${update.unVote.resolution ?? update.unVote.meeting} · ${update.unVote.title}`
        : null,
      createdAt: update.createdAt.toISOString(),
      scheduledAt: update.scheduledAt?.toISOString() ?? null,
      scheduledInput: update.scheduledAt ? seoulInputValue(update.scheduledAt) : "",
      pausedAt: update.pausedAt?.toISOString() ?? null,
      sentAt: update.sentAt?.toISOString() ?? null,
    },
    progress: await updateProgress(update.id),
    countries: await listVotingCountries(update.unVoteId, locale),
    texts,
    mayAct,
    staffEmail: staff.user.email,
    editor: editing ? { values: updateFormValues(update), audiences, votes: await listVoteChoices() } : null,
  };
}

const INTENTS = ["save", "test", "send", "schedule", "unschedule", "pause", "resume"] as const;
type Intent = (typeof INTENTS)[number];

function isIntent(value: unknown): value is Intent {
  return typeof value === "string" && (INTENTS as readonly string[]).includes(value);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, "campaigner");
  assertLangParam(params);
  const id = params.id ?? "";
  const actor = { userId: staff.user.id, ipHash: context.ipHash };
  const form = await request.formData();
  const intent = form.get("intent");
  if (!isIntent(intent)) {
    return data(
      { intent: null, error: "staff.updates.error.wrongState" as StaffMessageKey },
      { status: 400 },
    );
  }
  const done = () =>
    redirect(samePrefixAs(new URL(request.url).pathname, `/admin/updates/${id}?done=${intent}`));
  const refused = (result: UpdateActionResult | null, status = 409) => {
    if (!result) throw new Response("Not Found", { status: 404 });
    if (result.ok) return done();
    return data(
      { intent, error: result.error },
      { status: result.error === "staff.updates.error.testLimit" ? 429 : status },
    );
  };
  switch (intent) {
    case "save": {
      const { values, input } = readUpdateForm(form);
      const result = await editUpdate(id, input, actor);
      if (!result) throw new Response("Not Found", { status: 404 });
      if (!result.ok) return data({ intent, errors: result.errors, values }, { status: 400 });
      return redirect(samePrefixAs(new URL(request.url).pathname, `/admin/updates/${id}?done=saved`));
    }
    case "test": {
      const parsed = TestSendSchema.safeParse({ locale: form.get("locale") });
      if (!parsed.success)
        return data({ intent, error: "staff.updates.error.languages" as StaffMessageKey }, { status: 400 });
      return refused(await sendTestUpdate(id, parsed.data.locale, staff.user, actor), 502);
    }
    case "schedule": {
      const scheduledAt = form.get("scheduledAt");
      const result = await scheduleUpdate(id, { scheduledAt }, actor);
      if (!result) throw new Response("Not Found", { status: 404 });
      if (result.ok) return done();
      return data(
        { intent, error: result.error, scheduledAt: typeof scheduledAt === "string" ? scheduledAt : "" },
        { status: "field" in result && result.field ? 400 : 409 },
      );
    }
    case "send":
      return refused(await sendUpdateNow(id, actor));
    case "unschedule":
      return refused(await unscheduleUpdate(id, actor));
    case "pause":
      return refused(await pauseUpdate(id, actor));
    case "resume":
      return refused(await resumeUpdate(id, actor));
  }
}

const DONE_MESSAGES: Record<string, StaffMessageKey> = {
  created: "staff.updates.done.created",
  saved: "staff.updates.done.saved",
  test: "staff.updates.done.test",
  send: "staff.updates.done.send",
  schedule: "staff.updates.done.schedule",
  unschedule: "staff.updates.done.unschedule",
  pause: "staff.updates.done.pause",
  resume: "staff.updates.done.resume",
};

// A meta refresh would reload the page under the reader (WCAG 2.2.1, and axe refuses it): with
// script the numbers are fetched again every 10 seconds; without, the reload link does it.
const PROGRESS_REFRESH_MS = 10_000;

function useRefreshWhile(active: boolean) {
  const { revalidate } = useRevalidator();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(revalidate, PROGRESS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [active, revalidate]);
}

function ActionButton({ intent, label, hint }: { intent: Intent; label: StaffMessageKey; hint?: string }) {
  const { t } = useStaffTranslation();
  return (
    <Form method="post">
      <CsrfField />
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className="button" aria-describedby={hint ? `${intent}-hint` : undefined}>
        {t(label)}
      </button>
      {hint ? (
        <p id={`${intent}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
    </Form>
  );
}

/** The staff time zone's short name in the reader's language ("GMT+9", "KST"). */
function zoneName(locale: string): string {
  const zone = new Intl.DateTimeFormat(locale, { timeZone: "Asia/Seoul", timeZoneName: "short" })
    .formatToParts(new Date())
    .find((part) => part.type === "timeZoneName")?.value;
  return zone ?? "UTC+9";
}

export default function UpdateOverview() {
  const { update, progress, texts, mayAct, staffEmail, editor, countries } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t, locale } = useStaffTranslation();
  const localized = useLocalizedPath();
  const number = new Intl.NumberFormat(locale);
  const done = DONE_MESSAGES[searchParams.get("done") ?? ""];
  const error = actionData && "error" in actionData ? actionData.error : null;
  const saveErrors = actionData && "errors" in actionData ? actionData : null;
  const status = update.status;
  useRefreshWhile(status === "sending");
  const scheduleValue =
    actionData && "scheduledAt" in actionData ? String(actionData.scheduledAt) : update.scheduledInput;
  return (
    <>
      <p>
        <Link to={localized("/admin/updates")}>{t("staff.updates.form.back")}</Link>
      </p>
      <h1>{update.subject || t("staff.updates.form.newTitle")}</h1>
      {done && !actionData ? (
        <p className="notice" role="status">
          {t(done)}
        </p>
      ) : null}
      {error && actionData?.intent !== "schedule" ? (
        <p className="form-error" role="alert">
          {t(error)}
        </p>
      ) : null}
      <p>
        <span className="campaign-status">{t(`staff.updates.status.${status}`)}</span>
      </p>

      <section aria-labelledby="update-details-heading">
        <h2 id="update-details-heading">{t("staff.updates.details.heading")}</h2>
        <dl className="campaign-details">
          <dt>{t("staff.updates.details.audience")}</dt>
          <dd>
            {update.audience === null
              ? t("staff.updates.audience.general")
              : t("staff.updates.audience.campaign", { title: update.audience })}
          </dd>
          <dt>{t("staff.updates.details.vote")}</dt>
          <dd>{update.vote ?? t("staff.updates.form.noVote")}</dd>
          <dt>{t("staff.updates.details.languages")}</dt>
          <dd>{update.languages.map((language) => t(`staff.updates.language.${language}`)).join(", ")}</dd>
          <dt>{t("staff.updates.details.created")}</dt>
          <dd>
            <StaffTime iso={update.createdAt} />
          </dd>
          {update.scheduledAt && status === "scheduled" ? (
            <>
              <dt>{t("staff.updates.details.scheduledAt")}</dt>
              <dd>
                <StaffTime iso={update.scheduledAt} />
              </dd>
            </>
          ) : null}
          {update.pausedAt ? (
            <>
              <dt>{t("staff.updates.details.pausedAt")}</dt>
              <dd>
                <StaffTime iso={update.pausedAt} />
              </dd>
            </>
          ) : null}
          {update.sentAt ? (
            <>
              <dt>{t("staff.updates.details.sentAt")}</dt>
              <dd>
                <StaffTime iso={update.sentAt} />
              </dd>
            </>
          ) : null}
        </dl>
      </section>

      {status !== "draft" && status !== "scheduled" ? (
        <section aria-labelledby="update-progress-heading">
          <h2 id="update-progress-heading">{t("staff.updates.progress.heading")}</h2>
          <dl className="update-progress">
            {(["planned", "sent", "waiting", "failed", "suppressed"] as const).map((key) => (
              <div key={key} style={{ display: "contents" }}>
                <dt>{t(`staff.updates.progress.${key}`)}</dt>
                <dd>{number.format(progress[key])}</dd>
              </div>
            ))}
          </dl>
          {status === "sending" ? (
            <p className="hint">
              {t("staff.updates.progress.refreshing")}{" "}
              <Link to={localized(`/admin/updates/${update.id}`)} reloadDocument>
                {t("staff.updates.progress.reload")}
              </Link>
            </p>
          ) : null}
        </section>
      ) : null}

      {mayAct ? (
        <section aria-labelledby="update-send-heading" className="update-actions">
          <h2 id="update-send-heading">{t("staff.updates.send.heading")}</h2>
          {status === "draft" || status === "scheduled" ? (
            <>
              <ActionButton
                intent="send"
                label="staff.updates.send.now"
                hint={t("staff.updates.send.nowHint")}
              />
              <Form method="post" noValidate>
                <CsrfField />
                <input type="hidden" name="intent" value="schedule" />
                <div className="field">
                  <label htmlFor="update-schedule">
                    {t("staff.updates.send.at", { zone: zoneName(locale) })}
                  </label>
                  <input
                    id="update-schedule"
                    type="datetime-local"
                    name="scheduledAt"
                    defaultValue={scheduleValue}
                    aria-invalid={actionData?.intent === "schedule" && error ? true : undefined}
                    aria-describedby={
                      actionData?.intent === "schedule" && error ? "update-schedule-error" : undefined
                    }
                  />
                  {actionData?.intent === "schedule" && error ? (
                    <p id="update-schedule-error" className="field-error">
                      {t(error)}
                    </p>
                  ) : null}
                </div>
                <button type="submit" className="button">
                  {t(
                    status === "scheduled" ? "staff.updates.send.reschedule" : "staff.updates.send.schedule",
                  )}
                </button>
              </Form>
              {status === "scheduled" ? (
                <ActionButton intent="unschedule" label="staff.updates.send.unschedule" />
              ) : null}
            </>
          ) : null}
          {status === "sending" ? <ActionButton intent="pause" label="staff.updates.send.pause" /> : null}
          {status === "paused" ? <ActionButton intent="resume" label="staff.updates.send.resume" /> : null}
        </section>
      ) : null}

      <section aria-labelledby="update-preview-heading">
        <h2 id="update-preview-heading">{t("staff.updates.preview.heading")}</h2>
        {texts.map(({ language, text }) => {
          const name = t(`staff.updates.language.${language}`);
          return (
            <div key={language}>
              <h3 id={`update-text-${language}`}>{t("staff.updates.preview.text", { language: name })}</h3>
              {update.languages.includes(language) ? null : (
                <p className="hint">{t("staff.updates.preview.fallback", { language: name })}</p>
              )}
              <p>
                {/* The email's own HTML, served by a resource route under a sandboxing policy. */}
                <a
                  href={localized(`/admin/updates/${update.id}/preview/${language}`)}
                  target="_blank"
                  rel="noreferrer"
                >
                  {t("staff.updates.preview.html", { language: name })}
                </a>
              </p>
              <pre
                className="update-text-preview"
                aria-labelledby={`update-text-${language}`}
                lang={update.languages.includes(language) ? language : "en"}
              >
                {text}
              </pre>
            </div>
          );
        })}
        {countries.length > 0 ? (
          // A plain GET form: the preview opens as a reader of that language and country gets it.
          <form
            method="get"
            action={localized(`/admin/updates/${update.id}/preview/${locale}`)}
            target="_blank"
          >
            <p id="update-country-hint" className="hint">
              {t("staff.updates.preview.countryHint")}
            </p>
            <div className="field">
              <label htmlFor="update-preview-country">{t("staff.updates.preview.country")}</label>
              <select id="update-preview-country" name="country" aria-describedby="update-country-hint">
                {countries.map((country) => (
                  <option key={country.iso3} value={country.iso3}>
                    {country.name}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="button">
              {t("staff.updates.preview.countryButton")}
            </button>
          </form>
        ) : null}
      </section>

      {mayAct && status !== "sent" ? (
        <section aria-labelledby="update-test-heading" className="update-actions">
          <h2 id="update-test-heading">{t("staff.updates.test.heading")}</h2>
          <Form method="post">
            <CsrfField />
            <input type="hidden" name="intent" value="test" />
            <p id="update-test-hint" className="hint">
              {t("staff.updates.test.hint", { email: staffEmail })}
            </p>
            <div className="field">
              <label htmlFor="update-test-locale">{t("staff.updates.test.language")}</label>
              <select id="update-test-locale" name="locale" defaultValue={locale}>
                {LOCALES.map((language) => (
                  <option key={language} value={language}>
                    {t(`staff.updates.language.${language}`)}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="button" aria-describedby="update-test-hint">
              {t("staff.updates.test.button")}
            </button>
          </Form>
        </section>
      ) : null}

      {editor ? (
        <section aria-labelledby="update-edit-heading">
          <h2 id="update-edit-heading">{t("staff.updates.form.editHeading")}</h2>
          <UpdateEditor
            mode="edit"
            values={saveErrors?.values ?? editor.values}
            errors={saveErrors?.errors}
            audiences={editor.audiences}
            votes={editor.votes}
          />
        </section>
      ) : null}
    </>
  );
}
