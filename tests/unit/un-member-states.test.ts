import countries from "i18n-iso-countries";
import { describe, expect, it } from "vitest";

import { COUNTRIES } from "../../prisma/data/un-member-states";

// First column of shared/data/unsc-membership.csv (deduplicated), hard-coded so CI does not need that file.
const UNSC_MEMBERSHIP_ISO3 = [
  "CHN",
  "FRA",
  "RUS",
  "GBR",
  "USA",
  "ARG",
  "AUS",
  "LUX",
  "KOR",
  "RWA",
  "TCD",
  "CHL",
  "JOR",
  "LTU",
  "NGA",
  "AGO",
  "MYS",
  "NZL",
  "ESP",
  "VEN",
  "EGY",
  "JPN",
  "SEN",
  "UKR",
  "URY",
  "BOL",
  "ETH",
  "KAZ",
  "SWE",
  "ITA",
  "NLD",
  "CIV",
  "GNQ",
  "KWT",
  "PER",
  "POL",
  "BEL",
  "DOM",
  "DEU",
  "IDN",
  "ZAF",
  "EST",
  "NER",
  "VCT",
  "TUN",
  "VNM",
  "IND",
  "IRL",
  "KEN",
  "MEX",
  "NOR",
  "ALB",
  "BRA",
  "GAB",
  "GHA",
  "ARE",
  "ECU",
  "MLT",
  "MOZ",
  "CHE",
  "DZA",
  "GUY",
  "SLE",
  "SVN",
  "DNK",
  "GRC",
  "PAK",
  "PAN",
  "SOM",
  "BHR",
  "COL",
  "COD",
  "LVA",
  "LBR",
];

describe("UN member states data", () => {
  it("has exactly 193 UN member states", () => {
    expect(COUNTRIES.filter((c) => c.unMember)).toHaveLength(193);
  });

  it("has the two General Assembly observer states as non-members", () => {
    for (const iso3 of ["VAT", "PSE"]) {
      const row = COUNTRIES.find((c) => c.iso3 === iso3);
      expect(row, iso3).toBeDefined();
      expect(row?.unMember, iso3).toBe(false);
    }
    expect(
      COUNTRIES.filter((c) => !c.unMember)
        .map((c) => c.iso3)
        .sort(),
    ).toEqual(["PSE", "VAT"]);
    expect(COUNTRIES).toHaveLength(195);
  });

  it("is sorted by iso3", () => {
    const codes = COUNTRIES.map((c) => c.iso3);
    expect(codes).toEqual([...codes].sort());
  });

  it("has unique iso3 and iso2 codes", () => {
    expect(new Set(COUNTRIES.map((c) => c.iso3)).size).toBe(COUNTRIES.length);
    expect(new Set(COUNTRIES.map((c) => c.iso2)).size).toBe(COUNTRIES.length);
  });

  it("maps every iso3 to its iso2 per i18n-iso-countries", () => {
    for (const c of COUNTRIES) {
      expect(countries.alpha3ToAlpha2(c.iso3), c.iso3).toBe(c.iso2);
    }
  });

  it("has no empty names and no name equal to its code", () => {
    for (const c of COUNTRIES) {
      for (const name of [c.en, c.ko, c.ja]) {
        expect(name.trim(), c.iso3).not.toBe("");
        expect(name, c.iso3).not.toBe(c.iso3);
        expect(name, c.iso3).not.toBe(c.iso2);
      }
    }
  });

  it("includes every state in the UNSC membership data", () => {
    const present = new Set(COUNTRIES.map((c) => c.iso3));
    for (const iso3 of UNSC_MEMBERSHIP_ISO3) {
      expect(present.has(iso3), iso3).toBe(true);
    }
  });
});
