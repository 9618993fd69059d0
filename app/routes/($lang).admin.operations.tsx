import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfField } from "~/components/staff/csrf-field";
import { StaffTime } from "~/components/staff/staff-time";
import { assertLangParam } from "~/i18n/locale.server";
import { useLocalizedPath } from "~/i18n/hooks";
import { useStaffTranslation } from "~/i18n/staff-hooks";
import { listJobFailures } from "~/models/job-failure.server";
import {
  dismissJobFailure,
  listStuckEmails,
  requeueStuckEmails,
  retryJobFailure,
  sweepStuckEmails,
} from "~/models/operations.server";
import { requireStaff } from "~/models/staff-session.server";
import opsStyles from "~/styles/staff-ops.css";
import { getEnv } from "~/utils/env.server";
import { STUCK_AFTER_MINUTES } from "~/utils/staff-ops";
import { hasRole } from "~/utils/staff-roles";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: opsStyles }];

const OperationSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.enum(["retry", "dismiss"]), id: z.string().regex(/^\d{1,18}$/) }),
  z.object({ intent: z.enum(["sweep", "requeue"]), ids: z.array(z.uuid()).min(1).max(200) }),
]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "viewer");
  assertLangParam(params);
  const reveal = hasRole(staff.user.role, "admin");
  const [failures, stuck] = await Promise.all([listJobFailures(100), listStuckEmails(reveal)]);
  return {
    canAct: reveal,
    outbox: getEnv().emailTransport === "outbox" && reveal,
    failures: failures.map((failure) => ({
      id: failure.id.toString(),
      queue: failure.queue,
      jobId: failure.jobId,
      reason: failure.reason.slice(0, 500),
      attempts: failure.attempts,
      data: JSON.stringify(failure.data).slice(0, 200),
      failedAt: failure.failedAt.toISOString(),
    })),
    stuck,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, "admin");
  assertLangParam(params);
  const form = await request.formData();
  const parsed = OperationSchema.safeParse({
    intent: form.get("intent"),
    id: form.get("id") ?? undefined,
    ids: form.getAll("ids"),
  });
  if (!parsed.success) {
    return data({ error: "staff.ops.operations.noneSelected" as const, done: null }, { status: 400 });
  }
  const actor = { actorId: staff.user.id, ipHash: context.ipHash };
  const op = parsed.data;
  switch (op.intent) {
    case "retry": {
      const retried = await retryJobFailure(op.id, actor);
      if (!retried) throw new Response("Not Found", { status: 404 });
      return { error: null, done: { intent: op.intent, count: 1 } };
    }
    case "dismiss": {
      if (!(await dismissJobFailure(op.id, actor))) throw new Response("Not Found", { status: 404 });
      return { error: null, done: { intent: op.intent, count: 1 } };
    }
    case "sweep":
    case "requeue": {
      const result =
        op.intent === "sweep"
          ? await sweepStuckEmails(op.ids, actor)
          : await requeueStuckEmails(op.ids, actor);
      return { error: null, done: { intent: op.intent, count: result.changed } };
    }
  }
}

export default function Operations() {
  const { failures, stuck, canAct, outbox } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useStaffTranslation();
  const localized = useLocalizedPath();
  return (
    <div className="ops-operations">
      <h1>{t("staff.ops.operations.heading")}</h1>
      {canAct ? (
        <section aria-labelledby="ops-exports">
          <h2 id="ops-exports">{t("staff.ops.operations.exportsHeading")}</h2>
          <ul>
            <li>
              <a href={localized("/admin/export/subscribers.csv")} download>
                {t("staff.ops.operations.exportSubscribers")}
              </a>
            </li>
            <li>
              <a href={localized("/admin/export/job-failures.csv")} download>
                {t("staff.ops.operations.exportFailures")}
              </a>
            </li>
          </ul>
        </section>
      ) : null}
      {actionData?.done ? (
        <p role="status" className="ops-status">
          {t(`staff.ops.operations.done.${actionData.done.intent}`, { count: actionData.done.count })}
        </p>
      ) : null}
      {actionData?.error ? (
        <p role="alert" className="field-error">
          {t(actionData.error)}
        </p>
      ) : null}

      <section aria-labelledby="job-failures">
        <h2 id="job-failures">{t("staff.ops.operations.failuresHeading")}</h2>
        <p>{t("staff.ops.operations.failuresIntro")}</p>
        {failures.length === 0 ? (
          <p>{t("staff.ops.operations.failuresEmpty")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t("staff.ops.operations.failedAt")}</th>
                <th scope="col">{t("staff.ops.operations.queue")}</th>
                <th scope="col">{t("staff.ops.operations.reason")}</th>
                <th scope="col">{t("staff.ops.operations.attempts")}</th>
                <th scope="col">{t("staff.ops.operations.data")}</th>
                {canAct ? <th scope="col">{t("staff.ops.actions")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {failures.map((failure) => (
                <tr key={failure.id}>
                  <td>
                    <StaffTime iso={failure.failedAt} />
                  </td>
                  <td>
                    <code>{failure.queue}</code>
                  </td>
                  <td>{failure.reason}</td>
                  <td>{failure.attempts}</td>
                  <td>
                    <code className="ops-data">{failure.data}</code>
                  </td>
                  {canAct ? (
                    <td>
                      <Form method="post" className="ops-row-actions">
                        <CsrfField />
                        <input type="hidden" name="id" value={failure.id} />
                        <button
                          type="submit"
                          name="intent"
                          value="retry"
                          aria-label={t("staff.ops.operations.retryOne", {
                            queue: failure.queue,
                            id: failure.id,
                          })}
                        >
                          {t("staff.ops.operations.retry")}
                        </button>
                        <button
                          type="submit"
                          name="intent"
                          value="dismiss"
                          aria-label={t("staff.ops.operations.dismissOne", {
                            queue: failure.queue,
                            id: failure.id,
                          })}
                        >
                          {t("staff.ops.operations.dismiss")}
                        </button>
                      </Form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="stuck-emails">
        <h2 id="stuck-emails">{t("staff.ops.operations.stuckHeading")}</h2>
        <p>{t("staff.ops.operations.stuckIntro", { minutes: STUCK_AFTER_MINUTES })}</p>
        {stuck.length === 0 ? (
          <p>{t("staff.ops.operations.stuckEmpty")}</p>
        ) : (
          <Form method="post">
            <CsrfField />
            <table>
              <thead>
                <tr>
                  {canAct ? <th scope="col">{t("staff.ops.moderation.select")}</th> : null}
                  <th scope="col">{t("staff.ops.operations.createdAt")}</th>
                  <th scope="col">{t("staff.ops.operations.kind")}</th>
                  <th scope="col">{t("staff.ops.operations.to")}</th>
                </tr>
              </thead>
              <tbody>
                {stuck.map((email) => (
                  <tr key={email.id}>
                    {canAct ? (
                      <td>
                        <input
                          type="checkbox"
                          name="ids"
                          value={email.id}
                          defaultChecked
                          aria-label={t("staff.ops.operations.selectEmail", { to: email.to ?? email.id })}
                        />
                      </td>
                    ) : null}
                    <td>
                      <StaffTime iso={email.createdAt} />
                    </td>
                    <td>
                      <code>{email.kind}</code>
                    </td>
                    <td>{email.to}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {canAct ? (
              <div className="ops-actions">
                <button type="submit" name="intent" value="requeue">
                  {t("staff.ops.operations.requeueSelected")}
                </button>
                <button type="submit" name="intent" value="sweep" className="ops-danger">
                  {t("staff.ops.operations.sweepSelected")}
                </button>
              </div>
            ) : null}
          </Form>
        )}
      </section>

      {outbox ? (
        <section aria-labelledby="outbox">
          <h2 id="outbox">{t("staff.ops.operations.outboxHeading")}</h2>
          <p>
            {/* A plain link: the outbox is its own page, outside the staff layout. */}
            <a href="/dev/outbox">{t("staff.ops.operations.outboxLink")}</a>
          </p>
        </section>
      ) : null}
    </div>
  );
}
