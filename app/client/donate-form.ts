// The donate form's optional script (docs/decisions/0016): the form works without it, CSS showing
// the chosen currency's preset amounts. A preset chosen before the currency changes stays checked
// though hidden, and would be read in the new currency; this moves the choice to the preset in the
// same place in the new currency's list. Typing another amount chooses "another amount".
import { armProofOfWork } from "~/client/proof-of-work";

const form = document.querySelector<HTMLFormElement>("form.donate-form");
const currency = form?.querySelector<HTMLSelectElement>("select[name=currency]");
const presetsOf = (code: string) =>
  Array.from(form?.querySelectorAll<HTMLInputElement>(`[data-currency="${code}"] input`) ?? []);

currency?.addEventListener("change", () => {
  const checked = form?.querySelector<HTMLInputElement>("[data-currency] input:checked");
  const group = checked?.closest<HTMLElement>("[data-currency]");
  if (!checked || !group) return;
  const next = presetsOf(currency.value)[presetsOf(group.dataset.currency ?? "").indexOf(checked)];
  if (next) next.checked = true;
  else checked.checked = false;
});

form?.querySelector("input[name=customAmount]")?.addEventListener("input", () => {
  const custom = form.querySelector<HTMLInputElement>("input[name=amount][value=custom]");
  if (custom) custom.checked = true;
});

// Under abnormal load (card testing) a gift needs a proof of work, as signing does
// (docs/decisions/0013): asked once the donor starts filling the form in, solved while they type.
if (form) {
  const campaign = form.querySelector<HTMLInputElement>("input[name=campaign]")?.value ?? "";
  const query = new URLSearchParams({ campaign, locale: document.documentElement.lang });
  form.addEventListener("focusin", () => void armProofOfWork(form, `/api/donate/challenge?${query}`), {
    once: true,
  });
}
