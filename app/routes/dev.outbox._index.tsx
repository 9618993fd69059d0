import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { getRequestLocale } from "~/i18n/locale.server";
import { useTranslation } from "~/i18n/hooks";
import { queueEmail } from "~/models/email-delivery.server";
import { assertOutboxEnabled } from "~/models/outbox-access.server";
import { listOutboxMessages } from "~/models/outbox.server";
import { getPrisma } from "~/utils/db.server";
import { pageMeta } from "~/utils/meta";
import type { PageHandle } from "~/utils/page-handle";

// A developer tool, not a public page: it runs Remix in the browser like the staff area will.
export const handle: PageHandle = { hydrate: true };

const TestEmailSchema = z.object({ email: z.email().max(320) });

export async function loader({ request }: LoaderFunctionArgs) {
  const { csrfToken } = await assertOutboxEnabled(request);
  const locale = getRequestLocale(request);
  const messages = await listOutboxMessages();
  return {
    locale,
    csrfToken,
    messages: messages.map((m) => ({
      id: m.id,
      to: m.to.join(", "),
      subject: m.subject,
      createdAt: m.createdAt.toISOString(),
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  await assertOutboxEnabled(request);
  const form = await request.formData();
  const parsed = TestEmailSchema.safeParse({ email: String(form.get("email") ?? "").trim() });
  if (!parsed.success) {
    return data(
      { error: "outbox.invalidEmail" as const, email: String(form.get("email") ?? "") },
      { status: 400 },
    );
  }
  const locale = getRequestLocale(request);
  await getPrisma().$transaction((tx) =>
    queueEmail(tx, { kind: "test-email", toEmail: parsed.data.email, locale }),
  );
  return redirect("/dev/outbox?queued=1");
}

export const meta: MetaFunction<typeof loader> = (args) => [
  ...pageMeta(args, "outbox.title"),
  { name: "robots", content: "noindex" },
];

export default function Outbox() {
  const { messages, locale, csrfToken } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const time = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "medium" });
  return (
    <>
      <h1>{t("outbox.title")}</h1>
      <p>{t("outbox.intro")}</p>
      <section aria-labelledby="send-test">
        <h2 id="send-test">{t("outbox.sendTestHeading")}</h2>
        {params.get("queued") ? <p role="status">{t("outbox.testQueued")}</p> : null}
        <Form method="post" className="stack" noValidate>
          {csrfToken ? <input type="hidden" name="csrf" value={csrfToken} /> : null}
          <label htmlFor="test-email">{t("outbox.emailLabel")}</label>
          <input
            id="test-email"
            name="email"
            type="email"
            autoComplete="email"
            defaultValue={actionData?.email}
            aria-invalid={actionData?.error ? true : undefined}
            aria-describedby={actionData?.error ? "test-email-error" : undefined}
          />
          {actionData?.error ? (
            <p id="test-email-error" className="field-error">
              {t(actionData.error)}
            </p>
          ) : null}
          <button type="submit" className="button">
            {t("outbox.sendTestButton")}
          </button>
        </Form>
      </section>
      {messages.length === 0 ? (
        <p>{t("outbox.empty")}</p>
      ) : (
        <table className="outbox-table">
          <thead>
            <tr>
              <th scope="col">{t("outbox.time")}</th>
              <th scope="col">{t("outbox.to")}</th>
              <th scope="col">{t("outbox.subject")}</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((message) => (
              <tr key={message.id}>
                <td>{time.format(new Date(message.createdAt))}</td>
                <td>{message.to}</td>
                <td>
                  <Link to={`/dev/outbox/${message.id}`}>{message.subject}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
