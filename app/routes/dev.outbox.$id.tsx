import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/hooks";
import { assertOutboxEnabled } from "~/models/outbox-access.server";
import { findOutboxMessage } from "~/models/outbox.server";
import { pageMeta } from "~/utils/meta";
import type { PageHandle } from "~/utils/page-handle";

// A developer tool, not a public page: it runs Remix in the browser like the staff area will.
export const handle: PageHandle = { hydrate: true };

export async function loader({ request, params }: LoaderFunctionArgs) {
  await assertOutboxEnabled(request);
  const message = await findOutboxMessage(params.id ?? "");
  if (!message) throw new Response("Not Found", { status: 404 });
  return {
    id: message.id,
    from: message.from,
    to: message.to.join(", "),
    subject: message.subject,
    text: message.text,
    headers: Object.entries(message.headers as Record<string, string>),
  };
}

export const meta: MetaFunction<typeof loader> = (args) => [
  ...pageMeta(args, { text: args.data?.subject ?? "" }),
  { name: "robots", content: "noindex" },
];

export default function OutboxMessage() {
  const message = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <p>
        <Link to="/dev/outbox">{t("outbox.back")}</Link>
      </p>
      <h1>{message.subject}</h1>
      <dl className="outbox-headers">
        <dt>{t("outbox.from")}</dt>
        <dd>{message.from}</dd>
        <dt>{t("outbox.to")}</dt>
        <dd>{message.to}</dd>
        {message.headers.map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <p>
        <a href={`/dev/outbox/${message.id}/html`}>{t("outbox.viewHtml")}</a>
      </p>
      <h2>{t("outbox.textPart")}</h2>
      <pre className="outbox-text">{message.text}</pre>
    </>
  );
}
