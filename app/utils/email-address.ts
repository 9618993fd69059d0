// Email addresses are stored lower-cased and trimmed; uniqueness, rate limits and suppression use a
// normalised form on top, so that "J.Doe+petition@gmail.com" and "jdoe@gmail.com" are one person.

const GMAIL_DOMAINS = new Set(["gmail.com", "googlemail.com"]);

/** Lower-cased and trimmed: the form that is stored and sent to. */
export function canonicalEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The identity of a mailbox: `+tags` removed everywhere (most providers deliver them to the same
 * box), and for Gmail also the dots, which Gmail ignores. googlemail.com is gmail.com.
 */
export function normalizeEmail(email: string): string {
  const canonical = canonicalEmail(email);
  const at = canonical.lastIndexOf("@");
  if (at <= 0) return canonical;
  let local = canonical.slice(0, at);
  let domain = canonical.slice(at + 1);
  const plus = local.indexOf("+");
  if (plus > 0) local = local.slice(0, plus);
  if (GMAIL_DOMAINS.has(domain)) {
    local = local.replaceAll(".", "");
    domain = "gmail.com";
  }
  return `${local}@${domain}`;
}
