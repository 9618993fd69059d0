// The enrolment link is emailed to a new member in their language, never stored in the clear, and
// an email whose link was replaced is not sent.
import { beforeEach, describe, expect, it } from "vitest";
import { ensureDemoOwner } from "~/models/staff-admin.server";
import { composeTransactionalEmail, SupersededEmailError } from "~/models/transactional-email.server";
import { getPrisma } from "~/utils/db.server";
import * as listRoute from "~/routes/($lang).admin.staff._index";
import * as memberRoute from "~/routes/($lang).admin.staff.$id";
import { signedInStaff, staffRequest, TEST_CONTEXT } from "../../support/staff";

beforeEach(async () => {
  await getPrisma().$executeRawUnsafe("TRUNCATE audit_log, staff_users, email_deliveries CASCADE");
});

type Shown = { data: { created?: { enrolmentUrl: string }; enrolmentUrl?: string } };

function tokenOf(url: string): string {
  return url.split("/admin/enrol/")[1]!;
}

async function enrolmentEmails() {
  return getPrisma().emailDelivery.findMany({
    where: { kind: "staff-enrolment" },
    orderBy: { createdAt: "asc" },
  });
}

describe("the enrolment email", () => {
  it("goes to the new member in their language with the link shown on the page, which is never stored", async () => {
    const admin = await signedInStaff("admin");
    const result = (await listRoute.action({
      request: staffRequest("/admin/staff", admin, {
        email: "Kenji@NGO.example",
        name: "",
        role: "campaigner",
        locale: "ja",
      }),
      params: {},
      context: TEST_CONTEXT,
    })) as unknown as Shown;
    const token = tokenOf(result.data.created!.enrolmentUrl);

    const [delivery] = await enrolmentEmails();
    expect(delivery).toMatchObject({ toEmail: "kenji@ngo.example", locale: "ja" });
    expect(JSON.stringify(delivery!.payload)).not.toContain(token);

    const message = await composeTransactionalEmail(delivery!);
    expect(message.to).toBe("kenji@ngo.example");
    expect(message.subject).toContain("アカウントを設定してください");
    expect(message.text).toContain(`/ja/admin/enrol/${token}`);
    expect(message.html).toContain(`/ja/admin/enrol/${token}`);
  });

  it("is not sent once a newer link replaced it; the newer one is", async () => {
    const owner = await signedInStaff("owner");
    await listRoute.action({
      request: staffRequest("/admin/staff", owner, {
        email: "late@ngo.example",
        name: "",
        role: "viewer",
        locale: "ko",
      }),
      params: {},
      context: TEST_CONTEXT,
    });
    const user = await getPrisma().staffUser.findUniqueOrThrow({ where: { email: "late@ngo.example" } });
    const again = (await memberRoute.action({
      request: staffRequest(`/admin/staff/${user.id}`, owner, { intent: "enrol" }),
      params: { id: user.id },
      context: TEST_CONTEXT,
    })) as unknown as Shown;
    const [first, second] = await enrolmentEmails();
    await expect(composeTransactionalEmail(first!)).rejects.toBeInstanceOf(SupersededEmailError);
    const message = await composeTransactionalEmail(second!);
    expect(message.subject).toContain("계정을 설정해 주세요");
    expect(message.text).toContain(`/ko/admin/enrol/${tokenOf(again.data.enrolmentUrl!)}`);
  });

  it("is never sent for the demo owner, whose link goes to the terminal only", async () => {
    expect(await ensureDemoOwner()).not.toBeNull();
    expect(await ensureDemoOwner()).not.toBeNull();
    expect(await enrolmentEmails()).toHaveLength(0);
  });
});
