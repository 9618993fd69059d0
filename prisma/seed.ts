// Seeds reference data (UN member states, Security Council seats, a recorded Council vote) and the
// demo campaigns. Safe to run on every start: reference data is brought up to date, demo campaigns
// are created only when their slug is missing, so a campaigner's edits are never overwritten.
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import type { PrismaClient } from "~/generated/prisma/client";
import { applyVoteImport } from "~/models/un-vote-import.server";
import { DEMO_CAMPAIGNS } from "./data/demo-campaigns";
import { COUNTRIES } from "./data/un-member-states";

export const FIRST_SEAT_YEAR = 2014;
export const LAST_SEAT_YEAR = 2026;

// Data files are read relative to the project root, where every npm script runs; a path relative
// to this module would break once it is bundled into build/server.
const DATA_DIR = path.resolve("prisma/data");

type CsvRow = Record<string, string>;

function readCsv(file: string): CsvRow[] {
  return parse(fs.readFileSync(path.join(DATA_DIR, file), "utf8"), {
    columns: true,
    skip_empty_lines: true,
    trim: true,
  }) as CsvRow[];
}

async function seedCountries(prisma: PrismaClient): Promise<void> {
  await prisma.$executeRaw`
    INSERT INTO countries (iso3, iso2, name_en, name_ko, name_ja, un_member)
    SELECT * FROM unnest(
      ${COUNTRIES.map((c) => c.iso3)}::text[], ${COUNTRIES.map((c) => c.iso2)}::text[],
      ${COUNTRIES.map((c) => c.en)}::text[], ${COUNTRIES.map((c) => c.ko)}::text[],
      ${COUNTRIES.map((c) => c.ja)}::text[], ${COUNTRIES.map((c) => c.unMember)}::boolean[])
    ON CONFLICT (iso3) DO UPDATE SET
      iso2 = EXCLUDED.iso2, name_en = EXCLUDED.name_en, name_ko = EXCLUDED.name_ko,
      name_ja = EXCLUDED.name_ja, un_member = EXCLUDED.un_member`;
}

/** One row per member per year from 2014 to 2026, from the membership terms in the CSV. */
export function councilSeatsByYear(rows: CsvRow[]) {
  const seats: { countryIso3: string; year: number; kind: "permanent" | "elected" }[] = [];
  for (const row of rows) {
    const first = Math.max(Number(row.first_year), FIRST_SEAT_YEAR);
    const last = row.last_year ? Math.min(Number(row.last_year), LAST_SEAT_YEAR) : LAST_SEAT_YEAR;
    const kind = row.seat === "permanent" ? "permanent" : "elected";
    for (let year = first; year <= last; year++) seats.push({ countryIso3: row.iso3!, year, kind });
  }
  return seats;
}

async function seedCouncilSeats(prisma: PrismaClient): Promise<void> {
  const seats = councilSeatsByYear(readCsv("unsc-membership.csv"));
  await prisma.councilSeat.createMany({ data: seats, skipDuplicates: true });
}

// Through the importer, like any vote file a campaigner brings: the same checks, and re-running
// the seed finds the vote unchanged.
async function seedRecordedVote(prisma: PrismaClient): Promise<void> {
  const text = fs.readFileSync(path.join(DATA_DIR, "unsc-dprk-agenda-vote-2014.csv"), "utf8");
  const plan = await applyVoteImport(text, { body: "security_council" }, prisma);
  if (plan.errors.length > 0) {
    throw new Error(`The seed's recorded vote does not import: ${JSON.stringify(plan.errors)}`);
  }
}

async function seedDemoCampaigns(prisma: PrismaClient): Promise<void> {
  const now = Date.now();
  for (const [index, demo] of DEMO_CAMPAIGNS.entries()) {
    await prisma.campaign.upsert({
      where: { slug: demo.slug },
      update: {},
      create: {
        slug: demo.slug,
        status: "live",
        signatureGoal: demo.signatureGoal,
        // Lists show the newest first; stagger the dates so they follow the file's order.
        publishedAt: new Date(now - index * 60_000),
        translations: {
          create: (["en", "ko", "ja"] as const).map((locale) => ({ locale, ...demo.texts[locale] })),
        },
        targets: { create: demo.targets.map((countryIso3, position) => ({ countryIso3, position })) },
      },
    });
  }
}

export async function seedDatabase(prisma: PrismaClient): Promise<void> {
  await seedCountries(prisma);
  await seedCouncilSeats(prisma);
  await seedRecordedVote(prisma);
  await seedDemoCampaigns(prisma);
}
