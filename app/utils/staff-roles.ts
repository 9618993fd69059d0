// Staff roles, highest first. A role can do everything the roles below it can: owners and admins
// manage staff, campaigners run campaigns, viewers read dashboards.
export const STAFF_ROLES = ["owner", "admin", "campaigner", "viewer"] as const;
export type StaffRoleName = (typeof STAFF_ROLES)[number];

export function isStaffRole(value: unknown): value is StaffRoleName {
  return typeof value === "string" && (STAFF_ROLES as readonly string[]).includes(value);
}

/** Whether `role` is `minimum` or above it. */
export function hasRole(role: StaffRoleName, minimum: StaffRoleName): boolean {
  return STAFF_ROLES.indexOf(role) <= STAFF_ROLES.indexOf(minimum);
}
