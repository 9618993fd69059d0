// One problem of a vote file as a sentence, for the staff import page and the CLI (which reads the
// English catalogue): the importer reports codes and values, never text.
import type votesEn from "~/i18n/staff/votes.en.json";
import type { MessageValues } from "~/i18n/format";
import type { VoteImportError } from "~/utils/un-vote-csv";

type VotesKey = keyof typeof votesEn;

export function describeImportError(
  t: (key: VotesKey, values?: MessageValues) => string,
  error: VoteImportError,
): string {
  const { line, code, year, ...values } = error;
  // A year is a name, not a quantity: "2014", never "2,014".
  const message = t(`staff.votes.error.${code}`, {
    ...(values as MessageValues),
    ...(year === undefined ? {} : { year: String(year) }),
  });
  return t("staff.votes.error.atLine", { line, message });
}
