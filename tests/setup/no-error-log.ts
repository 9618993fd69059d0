import { afterEach, beforeEach } from "vitest";
import { checkErrorLogs, startRecordingErrorLogs } from "../support/error-logs";

// Like console.error (no-console-error.ts), an undeclared log.error fails the test. Only this
// process is watched: an app run as a child process (e2e, crash tests) logs to its own stdout.
beforeEach(startRecordingErrorLogs);
afterEach(checkErrorLogs);
