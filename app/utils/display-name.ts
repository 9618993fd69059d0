import type { DisplayChoice } from "~/generated/prisma/enums";

/** A signer's name as they chose to show it: in full, or as initials. */
export function displayName(name: string, choice: Exclude<DisplayChoice, "anonymous">): string {
  if (choice === "full_name") return name;
  return name
    .trim()
    .split(/\s+/)
    .map((part) => Array.from(part)[0]!.toLocaleUpperCase() + ".")
    .join(" ");
}
