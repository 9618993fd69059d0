// `npm run build` (and `npm run dev`, watching) bundles the scripts public pages load, outside
// Remix's client build: those pages ship no framework (docs/decisions/0016). File names carry a
// content hash, so the files are cached for a year; public/client/manifest.json maps each entry
// to its file for the server (app/utils/client-scripts.server.ts).
import fs from "node:fs";
import path from "node:path";
import * as esbuild from "esbuild";
import { CLIENT_SCRIPTS, CLIENT_SCRIPTS_DIR, CLIENT_SCRIPTS_MANIFEST } from "~/utils/client-scripts.server";

const ENTRY_DIR = "app/client";

function writeManifest(metafile: esbuild.Metafile): void {
  const manifest: Record<string, string> = {};
  const entries = new Map(CLIENT_SCRIPTS.map((name) => [path.join(ENTRY_DIR, `${name}.ts`), name]));
  for (const [file, output] of Object.entries(metafile.outputs)) {
    // Chunks loaded with import() have an entry point too, outside app/client/.
    const name = output.entryPoint && entries.get(output.entryPoint);
    if (name) manifest[name] = "/" + path.relative("public", file).split(path.sep).join("/");
  }
  fs.writeFileSync(CLIENT_SCRIPTS_MANIFEST, JSON.stringify(manifest, null, 2) + "\n");
}

const options: esbuild.BuildOptions = {
  entryPoints: CLIENT_SCRIPTS.map((name) => path.join(ENTRY_DIR, `${name}.ts`)),
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "browser",
  target: ["es2020"],
  minify: true,
  outdir: CLIENT_SCRIPTS_DIR,
  entryNames: "[name]-[hash]",
  chunkNames: "[name]-[hash]",
  metafile: true,
  logLevel: "warning",
  plugins: [
    {
      name: "manifest",
      setup(build) {
        build.onEnd((result) => {
          if (result.metafile) writeManifest(result.metafile);
        });
      },
    },
  ],
};

/** Bundles once; with `watch`, again on every change until the process ends. */
export async function buildClientScripts({ watch = false } = {}): Promise<void> {
  fs.rmSync(CLIENT_SCRIPTS_DIR, { recursive: true, force: true });
  if (!watch) {
    await esbuild.build(options);
    return;
  }
  const context = await esbuild.context(options);
  await context.watch();
}

if (import.meta.url === `file://${process.argv[1]}`) await buildClientScripts();
