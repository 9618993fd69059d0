// The campaign page's script (docs/decisions/0016): public pages are plain HTML with no framework,
// and the sign form posts without any of this. Once a signer starts filling the form in, it asks
// whether signing needs a proof of work right now and, only if it does, solves it in the
// background (app/client/proof-of-work.ts).
import { armProofOfWork } from "~/client/proof-of-work";

function armSignForm(form: HTMLFormElement): void {
  // The form posts to its campaign page (or the embed); the challenge is asked for that campaign.
  const slug = /\/campaigns\/([^/]+)$/.exec(new URL(form.action).pathname)?.[1];
  if (!slug) return;
  const locale = encodeURIComponent(document.documentElement.lang);
  void armProofOfWork(form, `/api/campaigns/${slug}/challenge?locale=${locale}`);
}

const form = document.querySelector<HTMLFormElement>("form.sign-form");
form?.addEventListener("focusin", () => armSignForm(form), { once: true });
