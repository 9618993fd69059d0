// The password rules' numbers, shared by the forms (which show them) and the server (which enforces them).
export const PASSWORD_MIN_LENGTH = 12;
// Long enough for any passphrase; short enough that hashing it costs nothing extra.
export const PASSWORD_MAX_LENGTH = 256;

export const PASSWORD_PROBLEMS = ["too-short", "too-long", "common", "contains-email", "mismatch"] as const;
export type PasswordProblemKey = (typeof PASSWORD_PROBLEMS)[number];
