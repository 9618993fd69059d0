// Shared by the sign form's and the donate form's scripts (docs/decisions/0013): asks `url` whether
// posting `form` needs a proof of work right now and, only if it does, loads the solver and solves
// it in the background, into a hidden `pow` field; a submit made before it is solved waits for it.
import type { Challenge } from "altcha-lib/types";

type ChallengeAnswer = { challenge: Challenge | null; waitMessage: string };

export async function armProofOfWork(form: HTMLFormElement, url: string): Promise<void> {
  // WebCrypto exists only on https:// (and localhost); elsewhere the form posts without it.
  if (!globalThis.crypto?.subtle) return;
  let answer: ChallengeAnswer;
  try {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
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
    // Unsolved, the post still goes: the server decides (a signature held for review, a gift
    // refused with a message). Never block the person at the form.
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
