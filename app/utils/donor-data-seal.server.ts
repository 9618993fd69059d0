// Sealing donors' most sensitive data (a Korean resident registration number) with its own key,
// DONOR_DATA_KEY: AES-256-GCM, a random 96-bit nonce per seal. A database dump or a leaked
// APP_SECRET reveals nothing of it; only the server holding the key (and only the owner's
// receipt export) ever opens it.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";

const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

function keyBytes(base64Key: string): Buffer {
  const key = Buffer.from(base64Key, "base64");
  if (key.length !== 32) throw new Error("DONOR_DATA_KEY must be 32 bytes");
  return key;
}

/** A short fingerprint of the key, stored beside each seal: a changed key is noticed, not misread. */
export function donorKeyId(base64Key: string): string {
  return createHmac("sha256", keyBytes(base64Key))
    .update("donor-data-key-id")
    .digest("base64url")
    .slice(0, 16);
}

/** `associated` binds the seal to its row (e.g. the donation id): moved elsewhere, it will not open. */
export function sealDonorData(
  base64Key: string,
  plaintext: string,
  associated: string,
): Uint8Array<ArrayBuffer> {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keyBytes(base64Key), nonce);
  cipher.setAAD(Buffer.from(associated, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return Uint8Array.from(Buffer.concat([Buffer.from([VERSION]), nonce, cipher.getAuthTag(), body]));
}

export function openDonorData(base64Key: string, sealed: Uint8Array, associated: string): string {
  const bytes = Buffer.from(sealed);
  if (bytes[0] !== VERSION || bytes.length < 1 + NONCE_BYTES + TAG_BYTES)
    throw new Error("Not a sealed value");
  const nonce = bytes.subarray(1, 1 + NONCE_BYTES);
  const tag = bytes.subarray(1 + NONCE_BYTES, 1 + NONCE_BYTES + TAG_BYTES);
  const decipher = createDecipheriv("aes-256-gcm", keyBytes(base64Key), nonce);
  decipher.setAAD(Buffer.from(associated, "utf8"));
  decipher.setAuthTag(tag);
  return Buffer.concat([
    decipher.update(bytes.subarray(1 + NONCE_BYTES + TAG_BYTES)),
    decipher.final(),
  ]).toString("utf8");
}
