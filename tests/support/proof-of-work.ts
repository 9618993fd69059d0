// Solves an ALTCHA challenge as the page's script does (app/client/proof-of-work.ts), in Node, and
// encodes it as the `pow` field the forms post.
import { solveChallenge } from "altcha-lib";
import type { Challenge } from "altcha-lib/types";
import { createSignChallenge } from "~/services/proof-of-work.server";

export async function solvedPow(challenge?: Challenge): Promise<string> {
  const issued = challenge ?? (await createSignChallenge());
  const solution = await solveChallenge(issued.challenge, issued.salt, issued.algorithm, issued.maxnumber)
    .promise;
  if (!solution) throw new Error("the challenge has no solution");
  return Buffer.from(JSON.stringify({ ...issued, number: solution.number })).toString("base64");
}
