import { describe, expect, it } from "vitest";
import {
  hashPassword,
  passwordProblem,
  PASSWORD_MIN_LENGTH,
  verifyPassword,
} from "~/models/staff-password.server";
import { renewRecoveryCodes, useRecoveryCode } from "~/models/staff-recovery.server";
import { checkPassword } from "~/models/staff-sign-in.server";
import {
  acceptTotpCode,
  enableTotp,
  newTotpSecret,
  openTotpSecret,
  sealTotpSecret,
  totpCodeAt,
  totpEnrolment,
} from "~/models/staff-totp.server";
import { getPrisma } from "~/utils/db.server";
import { createStaffUser } from "../../support/staff";

describe("staff passwords", () => {
  it("refuses a short, a common or a listed-with-digits password, and one containing the address", () => {
    const email = "minji.kim@ngo.example";
    expect(passwordProblem("a".repeat(PASSWORD_MIN_LENGTH - 1) + "", email)).toBe("too-short");
    expect(passwordProblem("x".repeat(300), email)).toBe("too-long");
    expect(passwordProblem("1q2w3e4r5t6y", email)).toBe("common");
    expect(passwordProblem("qwerty123456", email)).toBe("common");
    expect(passwordProblem("password1234!", email)).toBe("common");
    expect(passwordProblem("zzzzzzzzzzzzzz", email)).toBe("common");
    expect(passwordProblem("Minji.Kim-likes-tea", email)).toBe("contains-email");
    expect(passwordProblem("violet harbour lantern 42", email)).toBeNull();
  });

  it(
    "verifies the right password only, keeps its parameters in the hash, and takes as long for no account",
    { timeout: 120_000 },
    async () => {
      const hash = await hashPassword("violet harbour lantern 42");
      expect(hash).toMatch(/^scrypt\$65536\$8\$2\$[\w-]{22}\$[\w-]{43}$/);
      expect(await verifyPassword("violet harbour lantern 42", hash)).toBe(true);
      expect(await verifyPassword("violet harbour lantern 43", hash)).toBe(false);
      expect(await verifyPassword("violet harbour lantern 42", null)).toBe(false);

      const time = async (stored: string | null) => {
        const start = performance.now();
        await verifyPassword("some guess at a password", stored);
        return performance.now() - start;
      };
      await time(null);
      const known = Math.min(await time(hash), await time(hash));
      const unknown = Math.min(await time(null), await time(null));
      // Both run one scrypt at the same parameters: within a factor, not a hash versus a lookup.
      expect(unknown).toBeGreaterThan(known / 3);
    },
  );
});

describe("raising the parameters", () => {
  it("stores a hash made at older parameters again, at today's, at the next sign-in", async () => {
    const { scryptSync, randomBytes } = await import("node:crypto");
    const salt = randomBytes(16);
    const key = scryptSync("violet harbour lantern 42", salt, 32, { N: 2 ** 14, r: 8, p: 1 });
    const old = ["scrypt", 2 ** 14, 8, 1, salt.toString("base64url"), key.toString("base64url")].join("$");
    expect(await verifyPassword("violet harbour lantern 42", old)).toBe(true);
    const user = await createStaffUser("viewer");
    await getPrisma().staffUser.update({ where: { id: user.id }, data: { passwordHash: old } });
    const result = await checkPassword({
      email: user.email,
      password: "violet harbour lantern 42",
      ipHash: "x",
    });
    expect(result).toMatchObject({ ok: true });
    const stored = await getPrisma().staffUser.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.passwordHash).toMatch(/^scrypt\$65536\$8\$2\$/);
    expect(await verifyPassword("violet harbour lantern 42", stored.passwordHash)).toBe(true);
  }, 60_000);
});

describe("authenticator app codes", () => {
  it("seals the secret for one account only", async () => {
    const secret = newTotpSecret();
    const sealed = sealTotpSecret(secret, "5f6d3c1e-0000-4000-8000-000000000001");
    expect(sealed).not.toContain(secret);
    expect(openTotpSecret(sealed, "5f6d3c1e-0000-4000-8000-000000000001")).toBe(secret);
    expect(openTotpSecret(sealed, "5f6d3c1e-0000-4000-8000-000000000002")).toBeNull();
    const { uri, qrSvg } = await totpEnrolment(secret, "a@ngo.example");
    expect(uri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    expect(qrSvg).toMatch(/^<svg/);
  });

  it("accepts a code once, refuses an older step after a newer one, and one of two racing submissions", async () => {
    const user = await createStaffUser("campaigner");
    const secret = newTotpSecret();
    const now = Date.UTC(2026, 10, 30, 3, 0, 10);
    expect(await enableTotp(user.id, sealTotpSecret(secret, user.id), "000000", now)).toBe(
      totpCodeAt(secret, now) === "000000",
    );
    expect(
      await enableTotp(user.id, sealTotpSecret(secret, user.id), totpCodeAt(secret, now - 60_000), now),
    ).toBe(false);
    // Enrolment's own code is spent: it cannot sign in.
    expect(await enableTotp(user.id, sealTotpSecret(secret, user.id), totpCodeAt(secret, now), now)).toBe(
      true,
    );
    expect(await acceptTotpCode(user.id, totpCodeAt(secret, now), now)).toBe(false);

    const later = now + 90_000;
    const code = totpCodeAt(secret, later);
    const racing = await Promise.all([
      acceptTotpCode(user.id, code, later),
      acceptTotpCode(user.id, code, later),
    ]);
    expect(racing.filter(Boolean)).toHaveLength(1);
    expect(await acceptTotpCode(user.id, code, later + 5_000)).toBe(false);
    // The previous step is still inside the ±1 window, but older than the one used.
    expect(await acceptTotpCode(user.id, totpCodeAt(secret, later - 30_000), later)).toBe(false);
    // The next step works, from the app's clock running 30 s ahead.
    expect(await acceptTotpCode(user.id, totpCodeAt(secret, later + 30_000), later)).toBe(true);
    const stored = await getPrisma().staffUser.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.totpLastStep).toBe(BigInt(Math.floor((later + 30_000) / 30_000)));
  });
});

describe("recovery codes", () => {
  it("works once, in any case and spacing, and only for its own account; renewal voids the old ones", async () => {
    const user = await createStaffUser("viewer");
    const other = await createStaffUser("viewer");
    const codes = await renewRecoveryCodes(user.id);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect(codes[0]).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(await useRecoveryCode(other.id, codes[0]!)).toBe(false);
    expect(await useRecoveryCode(user.id, ` ${codes[0]!.toLowerCase().replace("-", " ")} `)).toBe(true);
    expect(await useRecoveryCode(user.id, codes[0]!)).toBe(false);
    const racing = await Promise.all([
      useRecoveryCode(user.id, codes[1]!),
      useRecoveryCode(user.id, codes[1]!),
    ]);
    expect(racing.filter(Boolean)).toHaveLength(1);
    const stored = await getPrisma().staffRecoveryCode.findMany({ where: { userId: user.id } });
    expect(stored.some((row) => Buffer.from(row.codeHash).toString().includes(codes[2]!))).toBe(false);
    await renewRecoveryCodes(user.id);
    expect(await useRecoveryCode(user.id, codes[2]!)).toBe(false);
  });
});
