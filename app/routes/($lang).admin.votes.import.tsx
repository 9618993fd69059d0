import {
  data,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { CsrfField } from "~/components/staff/csrf-field";
import { useLocalizedPath } from "~/i18n/hooks";
import { assertLangParam } from "~/i18n/locale.server";
import { useStaffTranslation } from "~/i18n/staff-hooks";
import { describeImportError } from "~/i18n/vote-import-messages";
import { recordAudit } from "~/models/audit.server";
import { requireStaff } from "~/models/staff-session.server";
import { applyVoteImport, planVoteImport, type VoteImportPlan } from "~/models/un-vote-import.server";
import voteStyles from "~/styles/staff-votes.css";
import { UN_BODIES } from "~/utils/un-vote-rules";
import {
  MAX_VOTE_FILE_BYTES,
  VoteImportFormSchema,
  type VoteImportFieldError,
} from "~/utils/vote-import-form";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: voteStyles }];

export const meta: MetaFunction = () => [{ title: "Rollcall" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "campaigner");
  assertLangParam(params);
  return null;
}

type FieldErrors = Partial<Record<"body" | "file", VoteImportFieldError>>;

/** What the page shows of a plan: no member rows (a General Assembly file has 193 a vote). */
function summaryOf(plan: VoteImportPlan) {
  return {
    errors: plan.errors,
    counts: plan.counts,
    votes: plan.votes.map((vote) => ({
      line: vote.line,
      status: vote.status,
      id: vote.existingId,
      title: vote.fields.title,
      meeting: vote.fields.meeting,
      votedOn: vote.fields.votedOn,
      kind: vote.fields.kind,
      outcome: vote.fields.outcome,
      tally: {
        yes: vote.fields.totalYes,
        no: vote.fields.totalNo,
        abstain: vote.fields.totalAbstain,
        nonVoting: vote.fields.totalNonVoting,
      },
      vetoedBy: vote.vetoedBy,
      changedFields: vote.changedFields,
      memberChanges: vote.memberChanges,
    })),
  };
}

/** The uploaded file as text, or why it cannot be read. */
async function readUpload(
  file: FormDataEntryValue | null,
): Promise<{ text: string; name: string } | VoteImportFieldError> {
  if (!file || typeof file === "string" || file.size === 0) return "fileRequired";
  if (file.size > MAX_VOTE_FILE_BYTES) return "fileTooLarge";
  try {
    return {
      text: new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer()),
      name: file.name,
    };
  } catch {
    return "notUtf8";
  }
}

function refuse(body: string, fieldErrors: FieldErrors) {
  return data(
    { stage: "form" as const, body, fileName: "", content: "", fieldErrors, plan: null },
    { status: 400 },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, "campaigner");
  assertLangParam(params);
  const form = await request.formData();
  const submittedBody = String(form.get("body") ?? "");
  const parsed = VoteImportFormSchema.safeParse({
    intent: form.get("intent"),
    body: submittedBody,
    fileName: form.get("fileName") ?? undefined,
  });
  const fieldErrors: FieldErrors = {};
  if (!parsed.success) fieldErrors.body = "bodyRequired";

  let text: string;
  let fileName: string;
  if (parsed.success && parsed.data.intent === "apply") {
    text = String(form.get("content") ?? "");
    fileName = parsed.data.fileName;
    if (!text) fieldErrors.file = "fileRequired";
    else if (Buffer.byteLength(text) > MAX_VOTE_FILE_BYTES) fieldErrors.file = "fileTooLarge";
  } else {
    const upload = await readUpload(form.get("file"));
    if (typeof upload === "string") fieldErrors.file = upload;
    text = typeof upload === "string" ? "" : upload.text;
    fileName = typeof upload === "string" ? "" : upload.name.slice(0, 200);
  }
  if (!parsed.success || fieldErrors.body || fieldErrors.file) return refuse(submittedBody, fieldErrors);
  const { body, intent } = parsed.data;

  if (intent === "preview") {
    const plan = await planVoteImport(text, { body });
    const view = { stage: "preview" as const, body, fileName, fieldErrors: {}, plan: summaryOf(plan) };
    // The file goes back in the form, so that "import" applies exactly what was checked; the apply
    // checks it all again, in the transaction that writes it.
    if (plan.errors.length > 0) return data({ ...view, content: "" }, { status: 400 });
    return { ...view, content: plan.counts.new + plan.counts.changed > 0 ? text : "" };
  }

  const plan = await applyVoteImport(text, { body });
  const view = { body, fileName, content: "", fieldErrors: {}, plan: summaryOf(plan) };
  if (plan.errors.length > 0) return data({ ...view, stage: "preview" as const }, { status: 400 });
  await recordAudit({
    actorId: staff.user.id,
    action: "vote.imported",
    targetType: "un-vote-import",
    details: { body, file: fileName, ...plan.counts },
    ipHash: context.ipHash,
  });
  return { ...view, stage: "applied" as const };
}

function formatSize(locale: string): string {
  return new Intl.NumberFormat(locale, { style: "unit", unit: "megabyte", maximumFractionDigits: 0 }).format(
    MAX_VOTE_FILE_BYTES / 1024 / 1024,
  );
}

export default function VoteImport() {
  const actionData = useActionData<typeof action>();
  const { t, locale } = useStaffTranslation();
  const localized = useLocalizedPath();
  const size = formatSize(locale);
  const plan = actionData?.plan;
  const fieldErrors: FieldErrors = actionData?.fieldErrors ?? {};
  const showUpload = !actionData || actionData.stage !== "preview" || (plan?.errors.length ?? 0) > 0;
  return (
    <>
      <p>
        <Link to={localized("/admin/votes")}>{t("staff.votes.detail.back")}</Link>
      </p>
      <h1>{t("staff.votes.import.title")}</h1>

      {actionData?.stage === "applied" && plan ? (
        <p role="status" className="votes-status">
          {plan.counts.new + plan.counts.changed === 0
            ? t("staff.votes.import.nothingToChange")
            : t("staff.votes.import.applied", plan.counts)}
        </p>
      ) : null}

      {plan && plan.errors.length > 0 ? (
        <section aria-labelledby="import-errors" className="votes-errors" role="alert">
          <h2 id="import-errors">
            {t("staff.votes.import.errorsHeading", { count: plan.errors.length, file: actionData.fileName })}
          </h2>
          <ul>
            {plan.errors.map((error, index) => (
              <li key={index}>{describeImportError(t, error)}</li>
            ))}
          </ul>
          <p>{t("staff.votes.import.errorsHint")}</p>
        </section>
      ) : null}

      {plan && plan.errors.length === 0 && plan.votes.length > 0 ? (
        <section aria-labelledby="import-plan">
          <h2 id="import-plan">{t("staff.votes.import.previewHeading", { file: actionData.fileName })}</h2>
          {actionData.stage === "preview" ? (
            <p role="status">
              {plan.counts.new + plan.counts.changed === 0
                ? t("staff.votes.import.nothingToChange")
                : t("staff.votes.import.summary", plan.counts)}
            </p>
          ) : null}
          <div className="votes-table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("staff.votes.import.col.line")}</th>
                  <th scope="col">{t("staff.votes.import.col.status")}</th>
                  <th scope="col">{t("staff.votes.col.vote")}</th>
                  <th scope="col">{t("staff.votes.col.date")}</th>
                  <th scope="col">{t("staff.votes.col.outcome")}</th>
                  <th scope="col">{t("staff.votes.col.tally")}</th>
                </tr>
              </thead>
              <tbody>
                {plan.votes.map((vote) => (
                  <tr key={vote.line}>
                    <td>{vote.line}</td>
                    <td>
                      {t(`staff.votes.import.status.${vote.status}`)}
                      {vote.changedFields.length > 0 ? (
                        <>
                          <br />
                          {t("staff.votes.import.changedFields", { fields: vote.changedFields.join(", ") })}
                        </>
                      ) : null}
                      {vote.memberChanges.length > 0 ? (
                        <ul>
                          {vote.memberChanges.map((change) => (
                            <li key={change.iso3}>
                              {t("staff.votes.import.memberChange", {
                                iso3: change.iso3,
                                from: t(`staff.votes.choice.${change.from ?? "none"}`),
                                to: t(`staff.votes.choice.${change.to ?? "none"}`),
                              })}
                            </li>
                          ))}
                        </ul>
                      ) : null}
                    </td>
                    <th scope="row">
                      {actionData.stage === "applied" && vote.id ? (
                        <Link to={localized(`/admin/votes/${vote.id}`)} lang="en">
                          {vote.title}
                        </Link>
                      ) : (
                        <span lang="en">{vote.title}</span>
                      )}
                      <br />
                      {t(`staff.votes.kind.${vote.kind}`)} · {vote.meeting}
                    </th>
                    <td>{vote.votedOn}</td>
                    <td className={`votes-outcome--${vote.outcome}`}>
                      {t(`staff.votes.outcome.${vote.outcome}`)}
                      {vote.vetoedBy.length > 0 ? (
                        <>
                          <br />
                          {t("staff.votes.vetoedBy", { members: vote.vetoedBy.join(", ") })}
                        </>
                      ) : null}
                    </td>
                    <td>
                      {vote.outcome === "adopted_without_vote" ? "—" : t("staff.votes.tally", vote.tally)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {actionData.stage === "preview" ? (
            <Form method="post" encType="multipart/form-data" className="votes-form">
              <CsrfField />
              <input type="hidden" name="intent" value="apply" />
              <input type="hidden" name="body" value={actionData.body} />
              <input type="hidden" name="fileName" value={actionData.fileName} />
              {actionData.content ? (
                <>
                  <input type="hidden" name="content" value={actionData.content} />
                  <button type="submit">{t("staff.votes.import.apply")}</button>
                </>
              ) : null}
              <Link to={localized("/admin/votes/import")}>{t("staff.votes.import.startAgain")}</Link>
            </Form>
          ) : null}
        </section>
      ) : null}

      {showUpload ? (
        <>
          <p>{t("staff.votes.import.intro")}</p>
          <Form method="post" encType="multipart/form-data" className="votes-form" noValidate>
            <CsrfField />
            <input type="hidden" name="intent" value="preview" />
            <label htmlFor="vote-body">{t("staff.votes.import.body")}</label>
            <select
              id="vote-body"
              name="body"
              defaultValue={actionData?.body ?? "security_council"}
              aria-invalid={fieldErrors.body ? true : undefined}
              aria-describedby={fieldErrors.body ? "vote-body-error" : undefined}
            >
              {UN_BODIES.map((body) => (
                <option key={body} value={body}>
                  {t(`staff.votes.body.${body}`)}
                </option>
              ))}
            </select>
            {fieldErrors.body ? (
              <p id="vote-body-error" className="field-error">
                {t(`staff.votes.import.error.${fieldErrors.body}`, { size })}
              </p>
            ) : null}
            <label htmlFor="vote-file">{t("staff.votes.import.file")}</label>
            <input
              id="vote-file"
              name="file"
              type="file"
              accept=".csv,text/csv"
              aria-invalid={fieldErrors.file ? true : undefined}
              aria-describedby={fieldErrors.file ? "vote-file-error vote-file-hint" : "vote-file-hint"}
            />
            <p id="vote-file-hint" className="staff-note">
              {t("staff.votes.import.fileHint", { size })}
            </p>
            {fieldErrors.file ? (
              <p id="vote-file-error" className="field-error">
                {t(`staff.votes.import.error.${fieldErrors.file}`, { size })}
              </p>
            ) : null}
            <button type="submit">{t("staff.votes.import.preview")}</button>
          </Form>
        </>
      ) : null}
    </>
  );
}
