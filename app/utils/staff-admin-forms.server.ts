// Input of the staff management forms and `npm run staff:create`: one schema for the form's action
// and the command line, so they accept exactly the same things. A server module, so that the staff
// pages' browser code never pulls in zod (450 KB) for schemas only their actions use.
import { z } from "zod";
import { LOCALES } from "~/i18n/locales";
import { STAFF_ROLES } from "~/utils/staff-roles";
import { typedEmail, typedLine } from "~/utils/typed-text";

export const StaffEmailSchema = z.email().max(320);
export const StaffRoleSchema = z.enum(STAFF_ROLES);

export const CreateStaffSchema = z.object({
  email: z.string().overwrite(typedEmail).toLowerCase().pipe(StaffEmailSchema),
  name: z.string().overwrite(typedLine).max(100),
  role: StaffRoleSchema,
  locale: z.enum(LOCALES),
});
export type CreateStaffInput = z.infer<typeof CreateStaffSchema>;

export const ChangeRoleSchema = z.object({ role: StaffRoleSchema });

/** The audit log's filters, from the page's query string; anything malformed is ignored. */
export const AuditFilterSchema = z.object({
  action: z.string().max(64).optional().catch(undefined),
  actor: z.uuid().optional().catch(undefined),
  from: z.iso.date().optional().catch(undefined),
  to: z.iso.date().optional().catch(undefined),
  before: z
    .string()
    .regex(/^[1-9]\d{0,18}$/)
    .optional()
    .catch(undefined),
});

/** The first field error of each field, for messages next to the inputs. */
export function fieldErrorsOf(error: z.ZodError): Record<string, true> {
  const fields: Record<string, true> = {};
  for (const issue of error.issues) {
    const name = issue.path[0];
    if (typeof name === "string") fields[name] = true;
  }
  return fields;
}
