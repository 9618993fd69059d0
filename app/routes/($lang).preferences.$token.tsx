import {
  data,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { assertLangParam, getRequestLocale } from "~/i18n/locale.server";
import { useTranslation } from "~/i18n/hooks";
import { LOCALE_ENDONYMS, LOCALES } from "~/i18n/locales";
import {
  changeLanguage,
  changeTopics,
  findSubscriberByPreferencesToken,
  loadPreferences,
  unsubscribeFromEverything,
} from "~/models/preferences.server";
import { eraseSubscriber } from "~/models/subscriber-data.server";
import { pageMeta } from "~/utils/meta";
import { PreferencesIntentSchema } from "~/utils/preferences-form";

// A subscriber's own page, reached only through the link in their emails: per reader, never cached.
// Every change is a plain form POST, so it works without JavaScript.

const NO_STORE = { "Cache-Control": "no-store", "X-Robots-Tag": "noindex" };

type Notice = "languageSaved" | "topicsSaved" | "unsubscribed" | "confirmErase" | "erased";

async function subscriberFor(params: LoaderFunctionArgs["params"]) {
  assertLangParam(params);
  const subscriber = await findSubscriberByPreferencesToken(params.token ?? "");
  if (!subscriber) throw new Response("Not Found", { status: 404, headers: NO_STORE });
  return subscriber;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const subscriber = await subscriberFor(params);
  // Once erased there is nothing to show but that: the page right after erasing, and a 404 status.
  if (subscriber.erased) return data({ erased: true as const }, { status: 404, headers: NO_STORE });
  const preferences = await loadPreferences(subscriber.id, getRequestLocale(request));
  return data({ erased: false as const, ...preferences }, { headers: NO_STORE });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const subscriber = await subscriberFor(params);
  if (subscriber.erased) throw new Response("Not Found", { status: 404, headers: NO_STORE });
  const form = await request.formData();
  const parsed = PreferencesIntentSchema.safeParse({
    intent: form.get("intent"),
    locale: form.get("locale") ?? undefined,
    topics: form.getAll("topic"),
  });
  if (!parsed.success) {
    return data(
      { notice: null, error: "preferences.error.invalid" as const },
      { status: 400, headers: NO_STORE },
    );
  }
  const input = parsed.data;
  let notice: Notice;
  switch (input.intent) {
    case "language":
      await changeLanguage(subscriber.id, input.locale!);
      notice = "languageSaved";
      break;
    case "topics":
      await changeTopics(subscriber.id, input.topics, context.ipHash);
      notice = "topicsSaved";
      break;
    case "unsubscribe-all":
      await unsubscribeFromEverything(subscriber.id);
      notice = "unsubscribed";
      break;
    case "erase":
      notice = "confirmErase";
      break;
    case "erase-confirmed":
      await eraseSubscriber(subscriber.id);
      notice = "erased";
      break;
  }
  return data({ notice, error: null }, { headers: NO_STORE });
}

export const headers: HeadersFunction = () => NO_STORE;

export const meta: MetaFunction<typeof loader> = (args) => [
  ...pageMeta(args, "preferences.title"),
  { name: "robots", content: "noindex" },
];

export default function PreferencesPage() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const { t } = useTranslation();
  if (acted?.notice === "erased" || loaded.erased) {
    return (
      <div className="prose">
        <h1>{t("preferences.erasedTitle")}</h1>
        <p role="status">{t("preferences.erasedBody")}</p>
      </div>
    );
  }
  if (acted?.notice === "confirmErase") {
    return (
      <div className="prose">
        <h1>{t("preferences.eraseTitle")}</h1>
        <Form method="post" className="stack">
          <p>{t("preferences.eraseWarning")}</p>
          <button type="submit" name="intent" value="erase-confirmed" className="button">
            {t("preferences.eraseConfirm")}
          </button>
        </Form>
        <Form method="get">
          <button type="submit" className="button">
            {t("preferences.eraseCancel")}
          </button>
        </Form>
      </div>
    );
  }
  return <PreferencesForms page={loaded} notice={acted?.notice ?? null} error={acted?.error ?? null} />;
}

type Preferences = Awaited<ReturnType<typeof loadPreferences>>;

function PreferencesForms({
  page,
  notice,
  error,
}: {
  page: Preferences;
  notice: Notice | null;
  error: "preferences.error.invalid" | null;
}) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  return (
    <>
      <h1>{t("preferences.title")}</h1>
      <p className="lead">{t("preferences.intro", { email: page.email })}</p>
      {notice ? (
        <p role="status">{t(`preferences.notice.${notice as Exclude<Notice, "confirmErase" | "erased">}`)}</p>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {t(error)}
        </p>
      ) : null}

      <Form method="post" className="sign-form" aria-labelledby="preferences-language">
        <h2 id="preferences-language">{t("preferences.languageHeading")}</h2>
        <div className="field">
          <label htmlFor="preferences-locale">{t("preferences.language")}</label>
          <select id="preferences-locale" name="locale" defaultValue={page.locale}>
            {LOCALES.map((option) => (
              <option key={option} value={option} lang={option}>
                {LOCALE_ENDONYMS[option]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" name="intent" value="language" className="button">
          {t("preferences.saveLanguage")}
        </button>
      </Form>

      <Form method="post" className="sign-form" aria-labelledby="preferences-topics">
        <h2 id="preferences-topics">{t("preferences.topicsHeading")}</h2>
        <fieldset className="field">
          <legend>{t("preferences.topics")}</legend>
          {page.topics.map((topic, index) => (
            <div key={topic.value}>
              <input
                id={`preferences-topic-${index}`}
                type="checkbox"
                name="topic"
                value={topic.value}
                defaultChecked={topic.subscribed}
              />
              <label htmlFor={`preferences-topic-${index}`}>
                {topic.title ?? t("subscribe.generalList")}
              </label>
            </div>
          ))}
        </fieldset>
        <button type="submit" name="intent" value="topics" className="button">
          {t("preferences.saveTopics")}
        </button>
      </Form>

      <Form method="post" className="sign-form" aria-labelledby="preferences-leave">
        <h2 id="preferences-leave">{t("preferences.leaveHeading")}</h2>
        <p>{t("preferences.leaveBody")}</p>
        <button type="submit" name="intent" value="unsubscribe-all" className="button">
          {t("preferences.unsubscribeAll")}
        </button>
      </Form>

      <section className="sign-form" aria-labelledby="preferences-data">
        <h2 id="preferences-data">{t("preferences.dataHeading")}</h2>
        <p>{t("preferences.exportBody")}</p>
        <p>
          <a href={`${pathname}/export.json`} download>
            {t("preferences.export")}
          </a>
        </p>
        <Form method="post" className="stack">
          <p>{t("preferences.eraseBody")}</p>
          <button type="submit" name="intent" value="erase" className="button">
            {t("preferences.erase")}
          </button>
        </Form>
      </section>
    </>
  );
}
