// The campaign page's script (docs/decisions/0016): public pages are plain HTML with no framework,
// and the sign form posts without any of this. Once a signer starts filling the form in, it asks
// whether signing needs a proof of work right now and, only if it does, loads the solver and
// solves it in the background; a submit made before it is solved waits for it.
import type { Challenge } from "altcha-lib/types";

type ChallengeAnswer = { challenge: Challenge | null; waitMessage: string };

async function armSignForm(form: HTMLFormElement): Promise<void> {
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
  // The solver is a chunk of its own, fetched only now that a challenge is on.
  const solving = import("altcha-lib")
    .then(({ solveChallenge }) => solveChallenge(hash, salt, algorithm, maxnumber).promise)
    .then((solution) => {
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

const form = document.querySelector<HTMLFormElement>("form.sign-form");
form?.addEventListener("focusin", () => void armSignForm(form), { once: true });
