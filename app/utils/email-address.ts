// An address is stored as typed, trimmed, with its domain lower-cased: the part before the @ is the
// mail server's to interpret, and mail only ever goes to the address as it was given. Uniqueness
// (one signature per person) uses a normalised form on top, and only where the provider documents
// that other spellings reach the same mailbox: elsewhere "ann+x@example.org" may be somebody else.

// Providers that document sub-addressing ("+tag") and, as every large provider does, ignore case.
// Exported for SQL that must normalise exactly as normalizeEmail does (donor counts).
export const SUBADDRESSING_DOMAIN_LIST = [
  "gmail.com",
  "googlemail.com",
  "outlook.com",
  "hotmail.com",
  "live.com",
  "msn.com",
  "icloud.com",
  "me.com",
  "mac.com",
  "proton.me",
  "protonmail.com",
  "pm.me",
  "fastmail.com",
] as const;
const SUBADDRESSING_DOMAINS = new Set<string>(SUBADDRESSING_DOMAIN_LIST);

// Gmail also ignores dots, and googlemail.com is gmail.com.
export const GMAIL_DOMAIN_LIST = ["gmail.com", "googlemail.com"] as const;
const GMAIL_DOMAINS = new Set<string>(GMAIL_DOMAIN_LIST);

function splitAddress(email: string): { local: string; domain: string } | null {
  const trimmed = email.trim();
  const at = trimmed.lastIndexOf("@");
  if (at <= 0) return null;
  return { local: trimmed.slice(0, at), domain: trimmed.slice(at + 1).toLowerCase() };
}

/** Trimmed, with the domain lower-cased: the form that is stored and sent to. */
export function canonicalEmail(email: string): string {
  const parts = splitAddress(email);
  return parts ? `${parts.local}@${parts.domain}` : email.trim();
}

/**
 * The identity of a mailbox, for uniqueness and limits: at providers that document it, case and
 * `+tags` removed (and Gmail's dots); any other address exactly as canonicalEmail keeps it.
 */
export function normalizeEmail(email: string): string {
  const parts = splitAddress(email);
  if (!parts) return email.trim();
  let { local, domain } = parts;
  if (!SUBADDRESSING_DOMAINS.has(domain)) return `${local}@${domain}`;
  local = local.toLowerCase();
  const plus = local.indexOf("+");
  if (plus > 0) local = local.slice(0, plus);
  if (GMAIL_DOMAINS.has(domain)) {
    local = local.replaceAll(".", "");
    domain = "gmail.com";
  }
  return `${local}@${domain}`;
}
