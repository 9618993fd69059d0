// What Japanese and Korean keyboards send reaches the public forms' rules in the spelling a reader
// expects (full-width digits, dashes and spaces, half-width katakana, jamo from macOS, a full-width
// ＠), without rewriting what a person chose to write (김ㅇㅇ, 神).
import { describe, expect, it } from "vitest";
import { validateDonation } from "~/utils/donation-form";
import { DonorManageFormSchema } from "~/utils/donor-manage-form";
import { normalizeRrn, validateKoreanReceipt } from "~/utils/korean-receipt-form";
import { SignFormSchema } from "~/utils/sign-form";
import { CreateStaffSchema } from "~/utils/staff-admin-forms.server";
import { EnrolPasswordSchema, SignInSchema } from "~/utils/staff-auth-forms.server";
import { SubscribeFormSchema } from "~/utils/subscribe-form";

const signer = { name: "Ann Lee", email: "ann@example.org", country: "JPN", display: "full_name" };

function signed(fields: Partial<Record<string, string>>) {
  return SignFormSchema.safeParse({ ...signer, ...fields });
}

describe("the sign form", () => {
  it.each([
    ["１００－０００１", "100-0001"],
    ["〒１００－０００１", "100-0001"],
    ["〒 100-0001", "100-0001"],
    ["100ー0001", "100-0001"],
    ["100ｰ0001", "100-0001"],
    ["100‐0001", "100-0001"],
    ["100−0001", "100-0001"],
    ["100–0001", "100-0001"],
    ["ＳＷ１Ａ　　１ＡＡ", "SW1A 1AA"],
  ])("stores the postcode %s as %s", (typed, stored) => {
    expect(signed({ postcode: typed }).data?.postcode).toBe(stored);
  });

  it("refuses a postcode that is too long only once normalised", () => {
    // Six letters typed, eighteen once NFKC spells out the ligature ﬃ.
    expect(signed({ postcode: "ﬃ".repeat(6) }).error?.issues[0]?.message).toBe("sign.error.postcodeInvalid");
  });

  it("stores a name typed with the ideographic space with an ordinary one", () => {
    expect(signed({ name: "山田　太郎" }).data?.name).toBe("山田 太郎");
    expect(signed({ name: "　山田　　太郎　" }).data?.name).toBe("山田 太郎");
  });

  it("stores half-width katakana as full-width", () => {
    expect(signed({ name: "ﾔﾏﾀﾞ ﾀﾛｳ" }).data?.name).toBe("ヤマダ タロウ");
  });

  it("composes a Hangul name typed as conjoining jamo", () => {
    const name = signed({ name: "\u1100\u1175\u11B7\u1106\u1175\u11AB\u110C\u116E\u11AB" }).data?.name;
    expect(name).toBe("김민준");
    expect(Array.from(name ?? "")).toHaveLength(3);
  });

  it("keeps compatibility jamo and ideographs as typed, where NFKC alone would rewrite them", () => {
    // NFKC turns ㅇ into a conjoining jamo that renders broken after 김, and 神 into 神.
    expect(signed({ name: "김ㅇㅇ" }).data?.name).toBe("김ㅇㅇ");
    expect(signed({ name: "\uFA19田 一郎" }).data?.name).toBe("\uFA19田 一郎");
  });

  it("widens half-width Hangul jamo to the compatibility jamo, not on to conjoining ones", () => {
    // Half-width ㅇ and ㅏ: NFKC alone would compose them into 아.
    expect(signed({ name: "\uFFB7\uFFC2" }).data?.name).toBe("\u3147\u314F");
  });

  it("applies the length limit to the normalised name", () => {
    // 60 typed characters, 60 × 18 once NFKC spells out ﷺ.
    const parsed = signed({ name: "ﷺ".repeat(60) });
    expect(parsed.error?.issues[0]?.message).toBe("sign.error.nameTooLong");
    expect(signed({ name: "あ".repeat(100) }).success).toBe(true);
  });

  it("understands a full-width email address", () => {
    expect(signed({ email: "ｊｏｈｎ＠ｅｘａｍｐｌｅ．ｏｒｇ" }).data?.email).toBe("john@example.org");
    expect(signed({ email: "john@example。org" }).data?.email).toBe("john@example.org");
    expect(signed({ email: "john@ｅｘａｍｐｌｅ｡ｏｒｇ" }).data?.email).toBe("john@example.org");
  });

  it("refuses an address that is still not one once normalised", () => {
    for (const email of ["ｊｏｈｎ＠ｅｘａｍｐｌｅ", "山田＠example.org", "john。smith@example"]) {
      expect(signed({ email }).error?.issues[0]?.message).toBe("sign.error.emailInvalid");
    }
  });
});

describe("the other public forms", () => {
  it("subscribe: a full-width address and an ideographic space in the name", () => {
    const parsed = SubscribeFormSchema.safeParse({
      email: "ｈａｎａ＠ｅｘａｍｐｌｅ．ｊｐ",
      name: "ﾊﾅ　ﾔﾏﾀﾞ",
      locale: "ja",
      topics: ["general"],
    });
    expect(parsed.data).toMatchObject({ email: "hana@example.jp", name: "ハナ ヤマダ" });
  });

  it("donor's manage link: a full-width address", () => {
    const parsed = DonorManageFormSchema.safeParse({ email: "　ｄｏｎｏｒ＠ｅｘａｍｐｌｅ．ｏｒｇ　" });
    expect(parsed.data?.email).toBe("donor@example.org");
  });

  it("donate: a full-width address, and a message keeps its lines and its ㅋㅋ", () => {
    const result = validateDonation(
      {
        amount: "custom",
        customAmount: "１０，０００",
        currency: "KRW",
        frequency: "once",
        email: "ｍｉｎ＠ｅｘａｍｐｌｅ。ｋｒ",
        name: "김민준",
        message: "응원합니다ㅋㅋ\n힘내세요",
      },
      "KRW",
    );
    expect(result.ok && result.gift).toMatchObject({
      amount: 10_000,
      email: "min@example.kr",
      message: "응원합니다ㅋㅋ\n힘내세요",
    });
  });

  it("Korean receipt: other dashes in the number, ideographic spaces in name and address", () => {
    expect(normalizeRrn("040229‐3123456")).toBe("040229-3123456");
    expect(normalizeRrn("040229−3123456")).toBe("040229-3123456");
    const receipt = validateKoreanReceipt(
      {
        krReceipt: "on",
        krLegalName: "김　　민준",
        krAddress: "서울특별시　종로구 　세종대로 1",
        krRrn: "0402293123456",
      },
      "KRW",
    );
    expect(receipt).toMatchObject({
      ok: true,
      details: { legalName: "김 민준", address: "서울특별시 종로구 세종대로 1" },
    });
  });
});

describe("the staff forms", () => {
  it("read a full-width address and a name with an ideographic space", () => {
    expect(SignInSchema.parse({ email: "ｋｉｍ＠ｅｘａｍｐｌｅ．ｏｒｇ", password: "x" }).email).toBe(
      "kim@example.org",
    );
    const staff = CreateStaffSchema.parse({
      email: "ＫＩＭ＠ＥＸＡＭＰＬＥ．ＯＲＧ",
      name: "김　민준",
      role: "campaigner",
      locale: "ko",
    });
    expect(staff).toMatchObject({ email: "kim@example.org", name: "김 민준" });
    expect(EnrolPasswordSchema.parse({ name: "ﾔﾏﾀﾞ", password: "x", confirm: "x" }).name).toBe("ヤマダ");
  });
});
