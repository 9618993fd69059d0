// Loaded only once a signer starts filling in the sign form (see sign-form.tsx), so the campaign
// page carries none of this. Asks whether signing needs a proof of work right now and, if it
// does, solves it in the background; a submit made before it is solved waits for it.
import { solveChallenge } from "altcha-lib";
import type { Challenge } from "altcha-lib/types";

type ChallengeAnswer = { challenge: Challenge | null; waitMessage: string };

export async function armSignForm(form: HTMLFormElement): Promise<void> {
  // The form posts to its campaign page (or the embed); the challenge is asked for that campaign.
  const slug = /\/campaigns\/([^/]+)$/.exec(new URL(form.action).pathname)?.[1];
  // WebCrypto exists only on https:// (and localhost); elsewhere the signature is simply held.
  if (!slug || !globalThis.crypto?.subtle) return;
  const locale = encodeURIComponent(document.documentElement.lang);
  let answer: ChallengeAnswer;
  try {
    const response = await fetch(`/api/campaigns/${slug}/challenge?locale=${locale}`, {
      headers: { Accept: "application/json" },
    });
    if (!response.ok) return;
    answer = (await response.json()) as ChallengeAnswer;
  } catch {
    return; // offline or the server is busy: the form still posts, as without JavaScript
  }
  const { challenge, waitMessage } = answer;
  if (!challenge) return;

  const field = Object.assign(document.createElement("input"), { type: "hidden", name: "pow" });
  // An empty live region first, so the message put in it later is announced.
  const status = Object.assign(document.createElement("p"), { className: "challenge-status" });
  status.setAttribute("role", "status");
  form.append(field, status);

  let solved = false;
  const { algorithm, challenge: hash, maxnumber, salt } = challenge;
  const solving = solveChallenge(hash, salt, algorithm, maxnumber)
    .promise.then((solution) => {
      if (solution) field.value = btoa(JSON.stringify({ ...challenge, number: solution.number }));
    })
    // Unsolved, the signature is still accepted (and held for review): never block the supporter.
    .catch(() => undefined)
    .finally(() => {
      solved = true;
    });
  form.addEventListener("submit", (event) => {
    if (solved) return;
    event.preventDefault();
    status.textContent = waitMessage;
    form.querySelector("button[type=submit]")?.setAttribute("disabled", "");
    // form.submit() skips submit handlers, so this runs once.
    void solving.then(() => form.submit());
  });
}
