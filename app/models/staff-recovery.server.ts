// Ten one-time recovery codes per account, for the day a phone is lost: shown once, stored only as
// keyed hashes, each usable once.
import { randomInt } from "node:crypto";
import type { Prisma } from "~/generated/prisma/client";
import { getPrisma } from "~/utils/db.server";
import { keyedMac, verifyingKeys } from "~/utils/keys.server";

export const RECOVERY_CODE_COUNT = 10;
// Crockford's base32 alphabet: no I, L, O or U to misread. Ten characters carry 50 bits.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

function newCode(): string {
  const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return `${chars.slice(0, 5).join("")}-${chars.slice(5).join("")}`;
}

/** Upper case without spaces or dashes; the letters people confuse read as the digits they look like. */
export function normalizeRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, "").replace(/[IL]/g, "1").replace(/O/g, "0");
}

function codeHashes(code: string): Uint8Array<ArrayBuffer>[] {
  const normalized = normalizeRecoveryCode(code);
  return verifyingKeys("staff-recovery").map((key) =>
    Uint8Array.from(keyedMac("staff-recovery", normalized, key)),
  );
}

/** Replaces the account's codes with ten new ones and returns them (the only time they are seen). */
export async function renewRecoveryCodes(
  userId: string,
  db: Pick<Prisma.TransactionClient, "staffRecoveryCode"> = getPrisma(),
): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
  await db.staffRecoveryCode.deleteMany({ where: { userId } });
  await db.staffRecoveryCode.createMany({
    data: codes.map((code) => ({ userId, codeHash: codeHashes(code)[0]! })),
  });
  return codes;
}

/** Uses up a recovery code: true for the first use only, even when two arrive at once. */
export async function useRecoveryCode(userId: string, code: string, now = new Date()): Promise<boolean> {
  if (normalizeRecoveryCode(code).length !== 10) return false;
  const { count } = await getPrisma().staffRecoveryCode.updateMany({
    where: { userId, codeHash: { in: codeHashes(code) }, usedAt: null },
    data: { usedAt: now },
  });
  return count === 1;
}

export async function unusedRecoveryCodes(userId: string): Promise<number> {
  return getPrisma().staffRecoveryCode.count({ where: { userId, usedAt: null } });
}
