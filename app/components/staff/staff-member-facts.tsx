// What the staff pages say about an account: its state and its second factors, in words (never
// colour alone), the same on the list and on the member's own page.
import { StaffTime } from "~/components/staff/staff-time";
import { useStaffTranslation } from "~/i18n/staff-hooks";
import type { StaffMessageKey } from "~/i18n/staff-messages";
import type { StaffRuleCode } from "~/models/staff-admin.server";

type Member = {
  enrolled: boolean;
  disabledAt: string | null;
  passkeys: number;
  totp: boolean;
  lastSignInAt: string | null;
};

export function StaffStatus({ member }: { member: Member }) {
  const { t } = useStaffTranslation();
  if (member.disabledAt) {
    return (
      <span className="staff-people__status staff-people__status--removed">
        {t("staff.people.status.removed")}
        {": "}
        <StaffTime iso={member.disabledAt} dateOnly />
      </span>
    );
  }
  return (
    <span className="staff-people__status">
      {t(member.enrolled ? "staff.people.status.enrolled" : "staff.people.status.pending")}
    </span>
  );
}

export function StaffFactors({ member }: { member: Member }) {
  const { t } = useStaffTranslation();
  const parts: string[] = [];
  if (member.passkeys > 0) parts.push(t("staff.people.factors.passkeys", { count: member.passkeys }));
  if (member.totp) parts.push(t("staff.people.factors.totp"));
  return <>{parts.length > 0 ? parts.join(", ") : t("staff.people.factors.none")}</>;
}

export function LastSignIn({ member }: { member: Member }) {
  const { t } = useStaffTranslation();
  return member.lastSignInAt ? <StaffTime iso={member.lastSignInAt} /> : <>{t("staff.people.never")}</>;
}

/** Why a change was refused, by the model's rule code. */
export const RULE_MESSAGES = {
  "owner-only": "staff.people.rule.ownerOnly",
  "own-role": "staff.people.rule.ownRole",
  "last-owner": "staff.people.rule.lastOwner",
  "not-found": "staff.people.rule.notFound",
  removed: "staff.people.rule.removed",
  "already-enrolled": "staff.people.rule.alreadyEnrolled",
  "email-taken": "staff.people.rule.emailTaken",
  "not-allowed": "staff.forbidden.body",
} as const satisfies Record<StaffRuleCode, StaffMessageKey>;

/** The one-time enrolment link, shown once: only in the answer to the request that made it. */
export function EnrolmentLink({ url, message }: { url: string; message: string }) {
  const { t } = useStaffTranslation();
  return (
    <div className="staff-people__link" role="status">
      <p>{message}</p>
      <p>
        <span className="staff-people__link-label">{t("staff.people.link.label")}: </span>
        <code data-testid="enrolment-link">{url}</code>
      </p>
    </div>
  );
}
