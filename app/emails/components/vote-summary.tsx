// An update about a UN vote: the tally, and how the reader's own country voted when we know it.
// Everything here is per (language, country), never per reader, so a fan-out renders it once for
// each such group.
import { Section, Text } from "@react-email/components";
import { emailStyles } from "~/emails/components/email-layout";
import { emailTranslator } from "~/emails/translate";
import type { Locale } from "~/i18n/locales";

export type UnBodyName = "security_council" | "general_assembly" | "third_committee" | "human_rights_council";
export type VoteOutcome = "adopted" | "rejected" | "adopted_without_vote";
export type MemberChoice = "yes" | "no" | "abstain" | "absent";

export type VoteSummaryData = {
  body: UnBodyName;
  /** The day of the vote, `YYYY-MM-DD`. */
  votedOn: string;
  title: string;
  /** The document symbol, else the draft's, else the meeting record. */
  symbol: string;
  outcome: VoteOutcome;
  totals: { yes: number; no: number; abstain: number; nonVoting: number };
  /** The reader's country, in the reader's language, and its vote; null when unknown. */
  country: { name: string; choice: MemberChoice } | null;
};

export function VoteSummary({ locale, vote }: { locale: Locale; vote: VoteSummaryData }) {
  const t = emailTranslator(locale);
  const styles = emailStyles(locale);
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(
    new Date(`${vote.votedOn}T00:00:00Z`),
  );
  const number = new Intl.NumberFormat(locale);
  const box = { borderLeft: "4px solid #1d4ed8", padding: "4px 0 4px 16px", margin: "0 0 24px" };
  return (
    <Section style={box}>
      <Text style={{ ...styles.text, fontWeight: 700, margin: "0 0 8px" }}>{t("update.vote.heading")}</Text>
      <Text style={{ ...styles.small, margin: "0 0 8px" }}>
        {t("update.vote.when", { body: t(`update.vote.body.${vote.body}`), date, symbol: vote.symbol })}
      </Text>
      <Text style={{ ...styles.text, margin: "0 0 8px" }}>{vote.title}</Text>
      <Text style={{ ...styles.text, margin: "0 0 8px" }}>
        {t(`update.vote.outcome.${vote.outcome}`)}
        {vote.outcome === "adopted_without_vote"
          ? null
          : ` · ${t("update.vote.tally", {
              yes: number.format(vote.totals.yes),
              no: number.format(vote.totals.no),
              abstain: number.format(vote.totals.abstain),
              nonVoting: number.format(vote.totals.nonVoting),
            })}`}
      </Text>
      {vote.country ? (
        <Text style={{ ...styles.text, fontWeight: 700, margin: "0" }}>
          {t("update.vote.country", {
            country: vote.country.name,
            choice: t(`update.vote.choice.${vote.country.choice}`),
          })}
        </Text>
      ) : null}
    </Section>
  );
}
