// Council seats are stored one row per member per year; people read them as terms.

export type CouncilSeatRow = { year: number; kind: "permanent" | "elected" };
export type CouncilTerm = { kind: "permanent"; from: number } | { kind: "elected"; from: number; to: number };

/**
 * Consecutive years of the same kind collapse into one term, newest first; a permanent seat is one
 * term however many years are on record. `recorded` is the span of years any seat is recorded for:
 * an elected run of a single year at its end is the first year of a two-year term (UN Charter,
 * Article 23(2)) whose second year is not on record yet, and at its start the second year of one
 * begun before. A single year inside the record stays one year (Italy and the Netherlands split
 * 2017–2018).
 */
export function collapseCouncilTerms(
  seats: CouncilSeatRow[],
  recorded: { first: number; last: number },
): CouncilTerm[] {
  const sorted = [...seats].sort((a, b) => a.year - b.year);
  const terms: CouncilTerm[] = [];
  const permanent = sorted.find((seat) => seat.kind === "permanent");
  if (permanent) terms.push({ kind: "permanent", from: permanent.year });
  let run: { from: number; to: number } | null = null;
  const close = () => {
    if (!run) return;
    const single = run.from === run.to;
    terms.push({
      kind: "elected",
      from: single && run.from === recorded.first ? run.from - 1 : run.from,
      to: single && run.to === recorded.last ? run.to + 1 : run.to,
    });
    run = null;
  };
  for (const seat of sorted) {
    if (seat.kind !== "elected") continue;
    if (run && seat.year === run.to + 1) run.to = seat.year;
    else {
      close();
      run = { from: seat.year, to: seat.year };
    }
  }
  close();
  return terms.sort((a, b) => (a.kind === "permanent" ? -1 : b.kind === "permanent" ? 1 : b.from - a.from));
}

/** The elected term that includes `year`, if any. */
export function termCovering(terms: CouncilTerm[], year: number): CouncilTerm | undefined {
  return terms.find((term) => term.from <= year && (term.kind === "permanent" || term.to >= year));
}
