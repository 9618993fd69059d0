// CSV files streamed to staff at constant memory (docs/decisions/0020). PostgreSQL writes the CSV
// itself, `COPY (SELECT …) TO STDOUT WITH (FORMAT csv)`, and its bytes go to the response as they
// arrive: JavaScript never holds a row as an object, only the connection's buffers. The database
// connection is read only as fast as the response is, so a slow reader slows PostgreSQL down
// (through TCP) instead of filling this process's memory.
import { to as copyTo } from "pg-copy-streams";
import type { ExportConnection } from "~/utils/db.server";

// Spreadsheets run a cell that starts with one of these as a formula (CSV injection): a signer
// named "=HYPERLINK(…)" must not become a link in a campaigner's Excel. The full-width forms are
// included because Japanese and Korean IMEs type them and some spreadsheets accept them too.
const FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r", "\uFF1D", "\uFF0B", "\uFF0D", "\uFF20"];

/** A string as a PostgreSQL literal (standard_conforming_strings, the default since 9.1). */
export function sqlLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

const FORMULA_START_LIST = FORMULA_STARTS.map((start) =>
  start === "\t" ? "chr(9)" : start === "\r" ? "chr(13)" : sqlLiteral(start),
).join(", ");

/**
 * A SQL expression for the text `expression` with a leading quote when a spreadsheet would read it
 * as a formula. Applied to every column whose text a signer, a subscriber or a job can choose.
 */
export function formulaGuardSql(expression: string): string {
  return `CASE WHEN left(${expression}, 1) IN (${FORMULA_START_LIST}) THEN '''' || ${expression} ELSE ${expression} END`;
}

/**
 * One CSV line built in JavaScript, for the rare export that cannot be a COPY (its cells are
 * decrypted here): RFC 4180 quoting and the same formula guard as formulaGuardSql.
 */
export function csvLine(cells: readonly (string | number)[]): string {
  return cells
    .map((cell) => {
      let text = String(cell);
      if (typeof cell === "string" && FORMULA_STARTS.some((start) => text.startsWith(start)))
        text = `'${text}`;
      return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    })
    .join(",");
}

/** A small CSV held in memory: the byte-order mark, the header, the lines (LF, as COPY writes). */
export function csvBodyOf(
  header: readonly string[],
  lines: readonly (readonly (string | number)[])[],
): string {
  return BOM + [header.join(","), ...lines.map(csvLine)].join("\n") + "\n";
}

// Excel opens a CSV as the system's legacy code page unless it starts with a byte-order mark,
// which turns Korean and Japanese names into mojibake.
const BOM = "\uFEFF";

/**
 * A CSV body: the byte-order mark and `header` (plain names: no quoting needed), then PostgreSQL's
 * own CSV of `select` (RFC 4180 quoting; lines end in LF, as COPY writes them). The statement runs
 * on `connection`, which is closed when the body ends, fails, or is cancelled (the reader went
 * away), so a cancelled download also stops the database's work.
 */
export function copyCsvBody(
  connection: ExportConnection,
  header: string[],
  select: string,
): ReadableStream<Uint8Array> {
  const source = connection.client.query(copyTo(`COPY (${select}) TO STDOUT WITH (FORMAT csv)`));
  const chunks = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  // Errors while the body is read reach the reader through `chunks`. After a cancel, closing the
  // connection fails the statement once more, with nobody left to tell: that one is dropped here.
  source.on("error", () => {});
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(new TextEncoder().encode(BOM + header.join(",") + "\n"));
      },
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) {
            connection.close("finished");
            controller.close();
          } else {
            controller.enqueue(next.value);
          }
        } catch (error) {
          connection.close("abort");
          controller.error(error);
        }
      },
      cancel() {
        connection.close("abort");
        source.destroy();
      },
    },
    // Nothing is read ahead of the response: the stream's own buffer holds at most one chunk.
    { highWaterMark: 0 },
  );
}

/** A filename safe in a Content-Disposition header on every platform: ASCII letters, digits, -_. */
export function safeFilename(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[-.]+/, "");
  return (cleaned || "export").slice(0, 120);
}

/** The response for a CSV download: an attachment, never cached, never sniffed as HTML. */
export function csvResponse(body: ReadableStream<Uint8Array> | string, filename: string): Response {
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${safeFilename(filename)}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}

/** The answer when every export connection is in use: try again shortly (plain text, translated). */
export function exportsBusyResponse(text: string): Response {
  return new Response(text, {
    status: 503,
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "retry-after": "60",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
