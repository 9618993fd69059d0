// The staff-maintained block list (abuse_blocks): email domains and IP ranges whose signatures are
// accepted but held (app/models/abuse.server.ts matches them). Values are checked here so that a
// typo never silently blocks nobody, or everybody.
import { isIP } from "node:net";
import { z } from "zod";
import { clearBlockRulesCache } from "~/models/abuse.server";
import { getPrisma } from "~/utils/db.server";

// A wider range than this is almost surely a typo (a /0 would hold every signature in the world).
const MIN_PREFIX = { 4: 8, 6: 16 } as const;

const DOMAIN =
  /^(?=.{1,253}$)(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])$/u;

/** A CIDR range's error (a catalogue key), or null when it is a usable IPv4 or IPv6 range. */
export function cidrProblem(value: string): "cidr" | "cidrTooWide" | null {
  const [address = "", prefix, ...rest] = value.split("/");
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return "cidr";
  const max = family === 4 ? 32 : 128;
  if (prefix === undefined) return null;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) return "cidr";
  return Number(prefix) < (family === 4 ? MIN_PREFIX[4] : MIN_PREFIX[6]) ? "cidrTooWide" : null;
}

export const BlockSchema = z
  .object({
    kind: z.enum(["email_domain", "ip_range"]),
    value: z.string().trim().toLowerCase().min(1, "required").max(253, "domain"),
    reason: z.string().trim().max(200, "reasonTooLong").default(""),
  })
  .superRefine((block, ctx) => {
    if (block.kind === "email_domain") {
      const domain = block.value.replace(/^@/, "");
      if (!DOMAIN.test(domain)) ctx.addIssue({ code: "custom", path: ["value"], message: "domain" });
    } else {
      const problem = cidrProblem(block.value);
      if (problem) ctx.addIssue({ code: "custom", path: ["value"], message: problem });
    }
  })
  .transform((block) => ({
    ...block,
    value: block.kind === "email_domain" ? block.value.replace(/^@/, "") : block.value,
  }));

export type BlockInput = z.output<typeof BlockSchema>;

export async function listAbuseBlocks() {
  return getPrisma().abuseBlock.findMany({ orderBy: [{ kind: "asc" }, { value: "asc" }] });
}

/** Adds a block; false when the same value is already on the list. */
export async function addAbuseBlock(input: BlockInput): Promise<{ id: string } | null> {
  const created = await getPrisma().abuseBlock.createManyAndReturn({
    data: [input],
    skipDuplicates: true,
    select: { id: true },
  });
  // Every process re-reads the list within 30 s; this one at once.
  clearBlockRulesCache();
  return created[0] ?? null;
}

export async function removeAbuseBlock(id: string) {
  const block = await getPrisma().abuseBlock.findUnique({ where: { id } });
  if (!block) return null;
  await getPrisma().abuseBlock.deleteMany({ where: { id } });
  clearBlockRulesCache();
  return block;
}
