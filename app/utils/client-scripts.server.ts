// Where the scripts public pages load are served from (built by app/server/client-scripts-build.ts).
import fs from "node:fs";
import { getEnv } from "~/utils/env.server";

/** Every script a public page may load: each is app/client/<name>.ts. */
export const CLIENT_SCRIPTS = ["sign-form", "donate-form"] as const;
export type ClientScript = (typeof CLIENT_SCRIPTS)[number];

export const CLIENT_SCRIPTS_DIR = "public/client";
export const CLIENT_SCRIPTS_MANIFEST = `${CLIENT_SCRIPTS_DIR}/manifest.json`;

let cached: Record<string, string> | undefined;

/**
 * Each script's URL (its file name carries a content hash). Read once in production; in
 * development on every call, since the watcher rewrites it.
 */
export function clientScriptUrls(): Record<ClientScript, string> {
  if (cached) return cached as Record<ClientScript, string>;
  let manifest: Record<string, string>;
  try {
    manifest = JSON.parse(fs.readFileSync(CLIENT_SCRIPTS_MANIFEST, "utf8")) as Record<string, string>;
  } catch {
    throw new Error(`${CLIENT_SCRIPTS_MANIFEST} is missing: run npm run build`);
  }
  const missing = CLIENT_SCRIPTS.filter((name) => !manifest[name]);
  if (missing.length > 0) throw new Error(`${CLIENT_SCRIPTS_MANIFEST} lacks ${missing.join(", ")}`);
  if (getEnv().NODE_ENV === "production") cached = manifest;
  return manifest as Record<ClientScript, string>;
}
