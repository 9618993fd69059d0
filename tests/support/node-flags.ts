// The V8 flags production runs with are the ones in package.json's `start` and `worker` scripts
// (docs/decisions/0020). Tests and benchmarks that start the built app read them from there, so
// what they measure is what an operator runs.
import fs from "node:fs";

/** The flags between `node` and the script's entry file in package.json's `script`. */
export function productionNodeFlags(script: "start" | "worker"): string[] {
  const scripts = (JSON.parse(fs.readFileSync("package.json", "utf8")) as { scripts: Record<string, string> })
    .scripts;
  const words = scripts[script]!.split(/\s+/);
  const node = words.indexOf("node");
  const entry = words.findIndex((word) => word.startsWith("build/server/"));
  if (node === -1 || entry < node)
    throw new Error(`package.json's ${script} script does not run build/server/`);
  return words.slice(node + 1, entry);
}
