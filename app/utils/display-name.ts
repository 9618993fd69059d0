import type { DisplayChoice } from "~/generated/prisma/enums";

// "Initials only" means what a reader of the name's own script expects. Korean and Japanese names
// are shown with the given name masked (김민준 → 김○준, 山田 太郎 → 山田○○), as Korean and Japanese
// sites do; the first character of each word ("김.", "山. 太.") reads as nothing there. Latin and
// other names keep Western initials ("Kim Min-jun" → "K. M.").
const MASK = "○";
const HANGUL = /\p{Script=Hangul}/u;
const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

function westernInitials(name: string): string {
  return name
    .split(/\s+/)
    .map((part) => Array.from(part)[0]!.toLocaleUpperCase() + ".")
    .join(" ");
}

/** 김민준 → 김○준, 이준 → 이○, 남궁민수 → 남○○수: the first and last characters stay. */
function maskKorean(name: string): string {
  const chars = Array.from(name.replace(/\s+/g, ""));
  if (chars.length <= 2) return chars[0]! + MASK;
  return chars[0]! + MASK.repeat(chars.length - 2) + chars.at(-1)!;
}

/** 山田 太郎 → 山田○○; without a space the family name cannot be told apart: 山田太郎 → 山○○○. */
function maskJapanese(name: string): string {
  const [family, ...given] = name.split(/\s+/);
  if (given.length > 0) return family + MASK.repeat(Array.from(given.join("")).length);
  const chars = Array.from(family!);
  return chars[0]! + MASK.repeat(Math.max(chars.length - 1, 1));
}

/** A signer's name as they chose to show it: in full, or as initials in the name's own script. */
export function displayName(name: string, choice: Exclude<DisplayChoice, "anonymous">): string {
  if (choice === "full_name") return name;
  const trimmed = name.trim();
  if (HANGUL.test(trimmed)) return maskKorean(trimmed);
  if (JAPANESE.test(trimmed)) return maskJapanese(trimmed);
  return westernInitials(trimmed);
}
