// log.error writes to stdout, where a test never looks, so without this an error the app logs and
// then recovers from would pass unnoticed. tests/setup/no-error-log.ts fails any test that logs an
// error it did not declare with expectErrorLog.
import { expect, vi, type MockInstance } from "vitest";
import { log } from "~/utils/logger.server";

type Fields = Record<string, unknown>;
type Logged = { msg: string; fields: Fields };
type Expected = { msg: string | RegExp; fields: Fields };

let logged: Logged[] = [];
let expected: Expected[] = [];
let spy: MockInstance<typeof log.error> | undefined;

/**
 * Declares that the running test logs this error on purpose: `msg` is the message (exact, or a
 * pattern) and `fields`, if given, are values the log line must carry. Each declared error must be
 * logged at least once, so a test cannot keep declaring a failure that no longer happens.
 */
export function expectErrorLog(msg: string | RegExp, fields: Fields = {}): void {
  expected.push({ msg, fields });
}

function matches(entry: Logged, { msg, fields }: Expected): boolean {
  const sameMessage = typeof msg === "string" ? entry.msg === msg : msg.test(entry.msg);
  return sameMessage && Object.entries(fields).every(([key, value]) => Object.is(entry.fields[key], value));
}

function show({ msg, fields }: Logged | Expected): string {
  return `${String(msg)} ${JSON.stringify(fields)}`;
}

/** For the setup file, before each test: records error logs instead of printing them. */
export function startRecordingErrorLogs(): void {
  logged = [];
  expected = [];
  spy = vi.spyOn(log, "error").mockImplementation((msg, fields = {}) => {
    logged.push({ msg, fields });
  });
}

/** For the setup file, after each test: every error logged was declared, and every declared one logged. */
export function checkErrorLogs(): void {
  spy?.mockRestore();
  spy = undefined;
  const unexpected = logged.filter((entry) => !expected.some((e) => matches(entry, e)));
  const missing = expected.filter((e) => !logged.some((entry) => matches(entry, e)));
  expect(unexpected.map(show), "log.error was called during the test").toEqual([]);
  expect(missing.map(show), "an error declared with expectErrorLog was never logged").toEqual([]);
}
