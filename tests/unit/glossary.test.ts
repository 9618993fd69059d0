// docs/glossary.md, checked: every catalogue string and every seed text uses its terms, its
// register and its way of naming the Security Council (the rules: tests/support/glossary-rules.ts).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEMO_CAMPAIGNS } from "../../prisma/data/demo-campaigns";
import { COUNTRIES } from "../../prisma/data/un-member-states";
import {
  avoidedTerms,
  avoidedTermsIn,
  councilNameFaults,
  japaneseRegisterFaults,
  koreanRegisterFaults,
  quotedTitleFaults,
  registerExceptions,
  type Locale,
  type Text,
} from "../support/glossary-rules";

const ROOT = path.resolve(__dirname, "../..");
const glossary = fs.readFileSync(path.join(ROOT, "docs/glossary.md"), "utf8");

function catalogueFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".json"))
    .map((file) => path.join(dir, file));
}

function catalogueTexts(): Text[] {
  const files = [...catalogueFiles("app/i18n"), ...catalogueFiles("app/emails/i18n")];
  return files.flatMap((file) => {
    const locale = /(?:^|\.)(en|ko|ja)\.json$/.exec(path.basename(file))?.[1] as Locale;
    const messages = JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8")) as Record<string, string>;
    return Object.entries(messages).map(([key, text]) => ({
      where: `${file} ${key}`,
      locale,
      text,
      heading: /\.(?:title|heading)$/.test(key),
    }));
  });
}

function seedTexts(): Text[] {
  const campaigns = DEMO_CAMPAIGNS.flatMap((campaign) =>
    (["en", "ko", "ja"] as const).flatMap((locale) =>
      Object.entries(campaign.texts[locale]).map(([field, text]) => ({
        where: `prisma/data/demo-campaigns.ts ${campaign.slug} ${locale} ${field}`,
        locale,
        text,
        heading: field === "title",
        standalone: field !== "title",
      })),
    ),
  );
  const countries = COUNTRIES.flatMap((country) =>
    (["en", "ko", "ja"] as const).map((locale) => ({
      where: `prisma/data/un-member-states.ts ${country.iso3} ${locale}`,
      locale,
      text: country[locale],
      name: true,
    })),
  );
  return [...campaigns, ...countries];
}

const texts = [...catalogueTexts(), ...seedTexts()];
const exceptions = registerExceptions(glossary);
const terms = avoidedTerms(glossary);

/** Every fault a rule finds, as "where: fault", outside the glossary's explained exceptions. */
function faults(rule: (item: Text) => string[], locale?: Locale, options = { names: true }): string[] {
  return texts
    .filter((item) => !locale || item.locale === locale)
    .filter((item) => options.names || !item.name)
    .filter((item) => !exceptions.has(item.where))
    .flatMap((item) => rule(item).map((fault) => `${item.where}: ${fault}`));
}

describe("the glossary (docs/glossary.md)", () => {
  it("is read: it lists the terms to avoid, and the strings it checks include every catalogue and the seed", () => {
    expect(terms).toEqual(
      expect.arrayContaining(["탈북자", "帰還", "アメリカ", "イギリス", "still alive", "=匿名"]),
    );
    const places = new Set(texts.map((item) => item.where.split(" ")[0]));
    expect(places).toEqual(
      new Set([
        "app/i18n/en.json",
        "app/i18n/ko.json",
        "app/i18n/ja.json",
        "app/emails/i18n/en.json",
        "app/emails/i18n/ko.json",
        "app/emails/i18n/ja.json",
        ...catalogueFiles("app/i18n/staff"),
        "prisma/data/demo-campaigns.ts",
        "prisma/data/un-member-states.ts",
      ]),
    );
  });

  it("lists only exceptions that exist", () => {
    const known = new Set(texts.map((item) => item.where));
    expect([...exceptions].filter((where) => !known.has(where))).toEqual([]);
  });

  it("has no string using a term it replaces", () => {
    expect(faults((item) => avoidedTermsIn(item, terms).map((term) => `uses ${term}`))).toEqual([]);
  });

  it("has every Korean string in one register: ~해 주세요 for requests, ~습니다 for statements", () => {
    expect(faults((item) => koreanRegisterFaults(item.text), "ko", { names: false })).toEqual([]);
  });

  it("has every Japanese sentence in です / ます", () => {
    expect(faults((item) => japaneseRegisterFaults(item.text), "ja", { names: false })).toEqual([]);
  });

  it("names the Security Council in full once, then by its short form", () => {
    expect(faults(councilNameFaults)).toEqual([]);
  });

  it("quotes a UN agenda title with the state's formal name", () => {
    expect(faults(quotedTitleFaults)).toEqual([]);
  });
});

// Each rule, shown catching the mistakes it was written for: a check that cannot fail proves nothing.
describe("the glossary's rules catch", () => {
  const ko = (text: string, extra: Partial<Text> = {}): Text => ({
    where: "x",
    locale: "ko",
    text,
    ...extra,
  });
  const ja = (text: string, extra: Partial<Text> = {}): Text => ({
    where: "x",
    locale: "ja",
    text,
    ...extra,
  });

  it("replaced terms, and a whole-string term only as a whole string", () => {
    expect(avoidedTermsIn(ko("탈북자 지원"), terms)).toEqual(["탈북자"]);
    expect(avoidedTermsIn(ja("拉致被害者の帰還"), terms)).toEqual(["帰還"]);
    expect(avoidedTermsIn(ja("アメリカ合衆国、英国"), terms)).toEqual(["アメリカ"]);
    expect(
      avoidedTermsIn({ where: "x", locale: "en", text: "all abductees who are Still Alive" }, terms),
    ).toEqual(["still alive"]);
    expect(avoidedTermsIn(ja("匿名"), terms)).toEqual(["=匿名"]);
    expect(avoidedTermsIn(ja("匿名希望"), terms)).toEqual([]);
    expect(avoidedTermsIn(ja("確認リンクの有効期限は7日間です。"), terms)).toEqual(["/有効期限は[#0-9{]/"]);
    expect(avoidedTermsIn(ja("リンクの有効期限が切れています"), terms)).toEqual([]);
  });

  it("Korean outside the register, and leaves the register itself alone", () => {
    expect(koreanRegisterFaults("이름을 더해 주십시오.")).toEqual(["~십시오 (주십시오)"]);
    expect(koreanRegisterFaults("서명자 목록에 어떻게 표시할까요?")).toEqual(["해요체 (표시할까요)"]);
    expect(koreanRegisterFaults("링크가 만료됐어요. 다시 신청해 주세요.")).toEqual(["해요체 (만료됐어요)"]);
    expect(koreanRegisterFaults("서명이 접수되었다.")).toEqual(["plain ~다 (접수되었다)"]);
    expect(koreanRegisterFaults("{org}은(는) 사이트를 운영합니다.")).toEqual(["both forms of a particle"]);
    expect(koreanRegisterFaults("{email}(으)로 연락해 주세요.")).toEqual(["both forms of a particle"]);
    expect(koreanRegisterFaults("{count, plural, other {서명 #명}}")).toEqual([]);
    expect(koreanRegisterFaults("개요")).toEqual([]);
    expect(koreanRegisterFaults("다시 신청해 주세요. 링크는 7일 후에 만료됩니다. 받으셨습니까?")).toEqual([]);
  });

  it("Japanese plain endings", () => {
    expect(japaneseRegisterFaults("署名は集計される。")).toEqual(["plain ending (…署名は集計される)"]);
    expect(japaneseRegisterFaults("リンクは無効だ。")).toEqual(["plain ending (…リンクは無効だ)"]);
    expect(japaneseRegisterFaults("署名を確認しました。メールをご確認ください。")).toEqual([]);
  });

  it("the Security Council named the wrong way", () => {
    expect(councilNameFaults(ko("안전보장이사회 이사국"))).toEqual(["안전보장이사회 without 유엔"]);
    expect(councilNameFaults(ko("유엔 안전보장이사회 이사국입니다."))).toEqual([
      "유엔 안전보장이사회 without (안보리)",
    ]);
    expect(councilNameFaults(ko("유엔 안전보장이사회", { heading: true }))).toEqual([]);
    expect(councilNameFaults(ko("유엔 안전보장이사회(안보리)와 안전보장이사회"))).toContain(
      "안전보장이사회 more than once (then 안보리)",
    );
    expect(councilNameFaults(ko("안보리 이사국에 요청해 주세요.", { standalone: true }))).toEqual([
      "안보리 before 유엔 안전보장이사회(안보리)",
    ]);
    expect(councilNameFaults(ko("유엔 안전보장이사회(안보리)는 … 안보리는", { standalone: true }))).toEqual(
      [],
    );
    expect(councilNameFaults(ja("安全保障理事会の理事国"))).toEqual(["安全保障理事会 without 国連"]);
    expect(councilNameFaults(ja("安保理の理事国です。", { standalone: true }))).toEqual([
      "安保理 before 国連安全保障理事会",
    ]);
  });

  it("a quoted UN title in the informal name", () => {
    const title = "The situation in the Democratic People's Republic of Korea";
    expect(quotedTitleFaults(ja(`「北朝鮮の状況（${title}）」`))).toHaveLength(1);
    expect(quotedTitleFaults(ja(`「朝鮮民主主義人民共和国の状況（${title}）」`))).toEqual([]);
    expect(quotedTitleFaults(ko(`‘북한 상황(${title})’`))).toHaveLength(1);
  });
});
