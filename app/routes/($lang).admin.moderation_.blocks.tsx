import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfField } from "~/components/staff/csrf-field";
import { StaffTime } from "~/components/staff/staff-time";
import { useLocalizedPath } from "~/i18n/hooks";
import { assertLangParam } from "~/i18n/locale.server";
import { useStaffTranslation } from "~/i18n/staff-hooks";
import { addAbuseBlock, BlockSchema, listAbuseBlocks, removeAbuseBlock } from "~/models/abuse-block.server";
import { recordAudit } from "~/models/audit.server";
import { requireStaff } from "~/models/staff-session.server";
import opsStyles from "~/styles/staff-ops.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: opsStyles }];

const BLOCK_ERRORS = ["required", "domain", "cidr", "cidrTooWide", "reasonTooLong", "duplicate"] as const;
type BlockError = (typeof BLOCK_ERRORS)[number];
type FieldErrors = Partial<Record<"kind" | "value" | "reason", BlockError>>;

const RemoveSchema = z.object({ id: z.uuid() });

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "campaigner");
  assertLangParam(params);
  const blocks = await listAbuseBlocks();
  return {
    blocks: blocks.map((block) => ({ ...block, createdAt: block.createdAt.toISOString() })),
  };
}

function errorKey(message: string | undefined): BlockError {
  return BLOCK_ERRORS.find((key) => key === message) ?? "required";
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, "campaigner");
  assertLangParam(params);
  const form = await request.formData();
  if (form.get("intent") === "remove") {
    const parsed = RemoveSchema.safeParse({ id: form.get("id") });
    const removed = parsed.success ? await removeAbuseBlock(parsed.data.id) : null;
    if (!removed) throw new Response("Not Found", { status: 404 });
    await recordAudit({
      actorId: staff.user.id,
      action: "block.removed",
      targetType: "abuse-block",
      targetId: removed.id,
      details: { kind: removed.kind, value: removed.value },
      ipHash: context.ipHash,
    });
    return { errors: null, values: null, added: null, removed: removed.value };
  }
  const values = {
    kind: String(form.get("kind") ?? ""),
    value: String(form.get("value") ?? ""),
    reason: String(form.get("reason") ?? ""),
  };
  const parsed = BlockSchema.safeParse(values);
  if (!parsed.success) {
    const fields: FieldErrors = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] === "reason" ? "reason" : issue.path[0] === "kind" ? "kind" : "value";
      fields[field] ??= errorKey(issue.message);
    }
    return data({ errors: fields, values, added: null, removed: null }, { status: 400 });
  }
  const created = await addAbuseBlock(parsed.data);
  if (!created) {
    const errors: FieldErrors = { value: "duplicate" };
    return data({ errors, values, added: null, removed: null }, { status: 400 });
  }
  await recordAudit({
    actorId: staff.user.id,
    action: "block.added",
    targetType: "abuse-block",
    targetId: created.id,
    details: { kind: parsed.data.kind, value: parsed.data.value, reason: parsed.data.reason },
    ipHash: context.ipHash,
  });
  return { errors: null, values: null, added: parsed.data.value, removed: null };
}

export default function BlockList() {
  const { blocks } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useStaffTranslation();
  const localized = useLocalizedPath();
  const errors = actionData?.errors ?? {};
  const values = actionData?.values;
  return (
    <div className="ops-blocks">
      <p>
        <Link to={localized("/admin/moderation")}>{t("staff.ops.moderation.heading")}</Link>
      </p>
      <h1>{t("staff.ops.blocks.heading")}</h1>
      <p>{t("staff.ops.blocks.intro")}</p>
      {actionData?.added ? (
        <p role="status" className="ops-status">
          {t("staff.ops.blocks.added", { value: actionData.added })}
        </p>
      ) : null}
      {actionData?.removed ? (
        <p role="status" className="ops-status">
          {t("staff.ops.blocks.removed", { value: actionData.removed })}
        </p>
      ) : null}

      <section aria-labelledby="add-block">
        <h2 id="add-block">{t("staff.ops.blocks.addHeading")}</h2>
        {/* The key makes the fields empty again after a block was added. */}
        <Form method="post" className="ops-form" noValidate key={actionData?.added ?? "form"}>
          <CsrfField />
          <input type="hidden" name="intent" value="add" />
          <fieldset>
            <legend>{t("staff.ops.blocks.kind")}</legend>
            <label>
              <input
                type="radio"
                name="kind"
                value="email_domain"
                defaultChecked={(values?.kind ?? "email_domain") === "email_domain"}
              />{" "}
              {t("staff.ops.blocks.kindDomain")}
            </label>
            <label>
              <input type="radio" name="kind" value="ip_range" defaultChecked={values?.kind === "ip_range"} />{" "}
              {t("staff.ops.blocks.kindRange")}
            </label>
          </fieldset>
          <label htmlFor="block-value">{t("staff.ops.blocks.value")}</label>
          <input
            id="block-value"
            name="value"
            defaultValue={values?.value}
            aria-invalid={errors.value ? true : undefined}
            aria-describedby={errors.value ? "block-value-error block-value-hint" : "block-value-hint"}
          />
          <p id="block-value-hint" className="staff-note">
            {t("staff.ops.blocks.valueHint")}
          </p>
          {errors.value ? (
            <p id="block-value-error" className="field-error">
              {t(`staff.ops.blocks.error.${errors.value}`)}
            </p>
          ) : null}
          <label htmlFor="block-reason">{t("staff.ops.blocks.reason")}</label>
          <input
            id="block-reason"
            name="reason"
            defaultValue={values?.reason}
            maxLength={200}
            aria-invalid={errors.reason ? true : undefined}
            aria-describedby={errors.reason ? "block-reason-error" : undefined}
          />
          {errors.reason ? (
            <p id="block-reason-error" className="field-error">
              {t(`staff.ops.blocks.error.${errors.reason}`)}
            </p>
          ) : null}
          <button type="submit">{t("staff.ops.blocks.add")}</button>
        </Form>
      </section>

      <section aria-labelledby="block-list">
        <h2 id="block-list">{t("staff.ops.blocks.listHeading")}</h2>
        {blocks.length === 0 ? (
          <p>{t("staff.ops.blocks.empty")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t("staff.ops.blocks.kind")}</th>
                <th scope="col">{t("staff.ops.blocks.value")}</th>
                <th scope="col">{t("staff.ops.blocks.reason")}</th>
                <th scope="col">{t("staff.ops.blocks.addedAt")}</th>
                <th scope="col">{t("staff.ops.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {blocks.map((block) => (
                <tr key={block.id}>
                  <td>
                    {t(
                      block.kind === "email_domain"
                        ? "staff.ops.blocks.kindDomain"
                        : "staff.ops.blocks.kindRange",
                    )}
                  </td>
                  <td>
                    <code>{block.value}</code>
                  </td>
                  <td>{block.reason}</td>
                  <td>
                    <StaffTime iso={block.createdAt} />
                  </td>
                  <td>
                    <Form method="post">
                      <CsrfField />
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="id" value={block.id} />
                      <button
                        type="submit"
                        aria-label={t("staff.ops.blocks.removeOne", { value: block.value })}
                      >
                        {t("staff.ops.blocks.remove")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
