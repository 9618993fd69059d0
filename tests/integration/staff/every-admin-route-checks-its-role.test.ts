// Walks every staff route module with no session and with each role, loader and action alike:
// no session is sent to sign-in, a role below the route's minimum gets 403, and the minimum role
// gets past the gate. A new /admin route must be listed in MINIMUM_ROLES, so one added without a
// role check (or with the wrong one) fails here.
import fs from "node:fs";
import path from "node:path";
import type { ActionFunction, LoaderFunction } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { STAFF_ROLES, type StaffRoleName } from "~/utils/staff-roles";
import { createCampaign, createCountry } from "../../factories";
import { signedInStaff, staffRequest, TEST_CONTEXT } from "../../support/staff";

type Gate = StaffRoleName | "none";
type RouteRoles = { loader?: Gate; action?: Gate };

// The minimum role of each staff route's loader and action. "none": answers without a session
// (405 for a sign-out GET, say) and must never reach data.
const MINIMUM_ROLES: Record<string, RouteRoles> = {
  "($lang).admin.tsx": { loader: "viewer" },
  "($lang).admin._index.tsx": { loader: "viewer" },
  "($lang).admin.sign-out.tsx": { loader: "none", action: "viewer" },
  "($lang).admin.account.tsx": { loader: "viewer", action: "viewer" },
  // Owners and admins manage staff and read the audit log.
  "($lang).admin.staff._index.tsx": { loader: "admin", action: "admin" },
  "($lang).admin.staff.$id.tsx": { loader: "admin", action: "admin" },
  "($lang).admin.audit.tsx": { loader: "admin" },
  // Viewers read campaigns; campaigners create and run them.
  "($lang).admin.campaigns._index.tsx": { loader: "viewer" },
  "($lang).admin.campaigns.new.tsx": { loader: "campaigner", action: "campaigner" },
  "($lang).admin.campaigns.$id._index.tsx": { loader: "viewer", action: "campaigner" },
  "($lang).admin.campaigns.$id.edit.tsx": { loader: "campaigner", action: "campaigner" },
  "($lang).admin.campaigns.$id.preview.$locale.tsx": { loader: "viewer" },
  "($lang).admin.campaigns.$id.dashboard.tsx": { loader: "viewer" },
  // Moderation changes what counts: campaigners and above, reading included (it shows held signers).
  "($lang).admin.moderation.tsx": { loader: "campaigner", action: "campaigner" },
  "($lang).admin.moderation_.blocks.tsx": { loader: "campaigner", action: "campaigner" },
  // Operations: anyone reads job failures; retrying, dismissing and sweeping is for admins.
  "($lang).admin.operations.tsx": { loader: "viewer", action: "admin" },
  // Exports carry personal data: a campaign's signatures (without emails) from campaigners up;
  // the subscriber list and job failures only for owners and admins.
  "($lang).admin.campaigns.$id.export[.csv].ts": { loader: "campaigner" },
  "($lang).admin.export.subscribers[.csv].ts": { loader: "admin" },
  "($lang).admin.export.job-failures[.csv].ts": { loader: "admin" },
  "($lang).admin.campaigns.$id.delivery.$iso3.tsx": { loader: "campaigner" },
  "($lang).admin.campaigns.$id.delivery.$iso3_.pack[.pdf].ts": { loader: "campaigner" },
  // Recorded UN votes: anyone reads them; campaigners import votes and link them to campaigns.
  "($lang).admin.votes._index.tsx": { loader: "viewer" },
  "($lang).admin.votes.import.tsx": { loader: "campaigner", action: "campaigner" },
  "($lang).admin.votes.$id.tsx": { loader: "viewer", action: "campaigner" },
  // Viewers read updates and their previews; campaigners write, test, send, schedule and pause them.
  "($lang).admin.updates._index.tsx": { loader: "viewer" },
  "($lang).admin.updates.new.tsx": { loader: "campaigner", action: "campaigner" },
  "($lang).admin.updates.$id._index.tsx": { loader: "viewer", action: "campaigner" },
  "($lang).admin.updates.$id.preview.$locale.ts": { loader: "viewer" },
  // Donations are money and who gave it: admins reconcile the list and the export (donors' names
  // and addresses only in owners' files); yearly statements email every donor, so owners only.
  "($lang).admin.donations._index.tsx": { loader: "admin" },
  "($lang).admin.donations.export[.csv].ts": { loader: "admin" },
  "($lang).admin.donations.statements.tsx": { loader: "owner", action: "owner" },
};

// Sign-in and enrolment are for people without a session; they are tested on their own.
const PUBLIC_STAFF_ROUTE = /^\(\$lang\)\.admin_\./;
const ROUTES_DIR = path.resolve("app/routes");

const staffRouteFiles = fs
  .readdirSync(ROUTES_DIR)
  .filter((file) => /^\(\$lang\)\.admin[._]/.test(file) && !PUBLIC_STAFF_ROUTE.test(file))
  .sort();

let params: Record<string, string>;

beforeAll(async () => {
  await createCountry("KOR");
  const campaign = await createCampaign({ slug: "role-walk" });
  params = { lang: "en", id: campaign.id, iso3: "KOR", locale: "ko", token: "x".repeat(43) };
});

/** The URL path of a route file, with its params filled in. */
function urlFor(file: string): string {
  const segments = file
    .replace(/\.tsx?$/, "")
    .replace(/\[\.(\w+)\]$/, ".$1")
    .split(".")
    .slice(1)
    .filter((segment) => segment !== "_index")
    .map((segment) => segment.replace(/_$/, ""))
    .map((segment) => (segment.startsWith("$") ? (params[segment.slice(1)] ?? "x") : segment));
  return `/${segments.join("/")}`.replace(/\/(csv|pdf)$/, ".$1");
}

async function outcome(fn: LoaderFunction | ActionFunction, request: Request): Promise<number> {
  try {
    const result: unknown = await fn({ request, params: { ...params }, context: TEST_CONTEXT });
    return result instanceof Response ? result.status : 200;
  } catch (thrown) {
    if (thrown instanceof Response) {
      const location = thrown.headers.get("location") ?? "";
      return thrown.status === 302 && location.includes("/admin/sign-in") ? 401 : thrown.status;
    }
    // A handler that gets past the gate may still refuse the walk's placeholder input.
    return 299;
  }
}

describe("every staff route checks the role on the server", () => {
  it("lists every staff route file with its minimum role", () => {
    expect(staffRouteFiles.length).toBeGreaterThan(2);
    expect(staffRouteFiles.filter((file) => !(file in MINIMUM_ROLES))).toEqual([]);
  });

  for (const file of staffRouteFiles) {
    for (const kind of ["loader", "action"] as const) {
      it(`${file} ${kind}`, async () => {
        const module = (await import(path.join(ROUTES_DIR, file))) as Partial<
          Record<"loader" | "action", LoaderFunction>
        >;
        const fn = module[kind];
        const minimum = MINIMUM_ROLES[file]?.[kind];
        if (!fn) {
          expect(minimum, `${file} has no ${kind}, but a role is listed for one`).toBeUndefined();
          return;
        }
        expect(minimum, `${file} exports a ${kind}: list its minimum role`).toBeDefined();
        const request = async (role: StaffRoleName | null) => {
          const session = role ? await signedInStaff(role) : null;
          return staffRequest(urlFor(file), session, kind === "action" ? { walk: "1" } : undefined);
        };

        const anonymous = await outcome(fn, await request(null));
        if (minimum === "none") {
          expect(anonymous).toBeGreaterThanOrEqual(400);
          expect(anonymous).not.toBe(401);
          return;
        }
        expect(anonymous, "no session: the sign-in page").toBe(401);
        const rank = STAFF_ROLES.indexOf(minimum!);
        for (const [index, role] of STAFF_ROLES.entries()) {
          const status = await outcome(fn, await request(role));
          if (index > rank) expect(status, `${role} is below ${minimum}`).toBe(403);
          else expect([401, 403], `${role} may use it`).not.toContain(status);
        }
      });
    }
  }
});
