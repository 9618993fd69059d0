// Staff passwords: scrypt at one of OWASP's listed settings, its parameters written into the stored
// string so that they can be raised later without invalidating anyone's password; at least 12
// characters, never one from the common-password list that ships with zxcvbn-ts.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { dictionary } from "@zxcvbn-ts/language-common";

import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "~/utils/staff-password-rules";

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH };

// OWASP Password Storage Cheat Sheet: N=2^16, r=8, p=2 costs the same as N=2^17, r=8, p=1 with half
// the memory (64 MiB), which matters when several staff sign in at once on a small server.
const CURRENT = { N: 2 ** 16, r: 8, p: 2 };
const KEY_LENGTH = 32;

type ScryptParams = { N: number; r: number; p: number };

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 128 * params.N * params.r + 32 * 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFKC"), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64url. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, CURRENT);
  return [
    "scrypt",
    CURRENT.N,
    CURRENT.r,
    CURRENT.p,
    salt.toString("base64url"),
    key.toString("base64url"),
  ].join("$");
}

function parseHash(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return null;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 2 ** 20) return null;
  return {
    params: { N, r, p },
    salt: Buffer.from(parts[4]!, "base64url"),
    key: Buffer.from(parts[5]!, "base64url"),
  };
}

let dummyHash: Promise<string> | undefined;

/**
 * Whether `password` matches the stored hash. With no hash (an unknown address, an account not
 * enrolled) it hashes against a dummy all the same, so the answer takes as long either way.
 */
export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  dummyHash ??= hashPassword(randomBytes(24).toString("base64url"));
  const parsed = parseHash(stored ?? "") ?? parseHash(await dummyHash)!;
  const key = await derive(password.slice(0, PASSWORD_MAX_LENGTH), parsed.salt, parsed.params);
  return Boolean(stored) && key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/** Whether a stored hash was made with weaker parameters than today's (rehash at the next sign-in). */
export function needsRehash(stored: string): boolean {
  const parsed = parseHash(stored);
  return !parsed || parsed.params.N * parsed.params.r * parsed.params.p < CURRENT.N * CURRENT.r * CURRENT.p;
}

let common: Set<string> | undefined;

function commonPasswords(): Set<string> {
  common ??= new Set(dictionary["passwords-common"].map((word) => word.toLowerCase()));
  return common;
}

export type PasswordProblem = "too-short" | "too-long" | "common" | "contains-email";

/**
 * Why a new password is refused, or null. Besides the list itself, a listed password with digits
 * or symbols added at its ends ("password1234!") is as guessable as the list, and so is one that
 * repeats a single character or contains the person's own address.
 */
export function passwordProblem(password: string, email: string): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return "too-short";
  if (length > PASSWORD_MAX_LENGTH) return "too-long";
  const lower = password.toLowerCase();
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/gu, "");
  const list = commonPasswords();
  if (list.has(lower) || (core.length > 0 && list.has(core)) || /^(.)\1*$/u.test(lower)) return "common";
  const local = email.trim().toLowerCase().split("@")[0] ?? "";
  if (local.length >= 3 && lower.includes(local)) return "contains-email";
  return null;
}
