// Builds the dashboard into static/: one bundled script, one stylesheet, the page and the
// country outlines, all from this folder and node_modules (no network at run time).
// Run by `make install` (npm ci, then `node build.mjs`); static/ is never committed.
import { build } from "esbuild";
import { copyFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "static");
const assets = join(out, "assets");

// Current browsers (2021 on); esbuild lowers nothing they all run natively.
const TARGET = ["es2020", "chrome96", "firefox94", "safari15"];

async function main() {
  await rm(out, { recursive: true, force: true });
  await mkdir(join(assets, "licenses"), { recursive: true });
  await build({
    entryPoints: [join(here, "app", "main.js")],
    bundle: true,
    format: "esm",
    minify: true,
    sourcemap: "linked",
    target: TARGET,
    legalComments: "linked",
    outfile: join(assets, "app.js"),
  });
  await build({
    entryPoints: [join(here, "app", "style.css")],
    bundle: true,
    minify: true,
    target: TARGET,
    outfile: join(assets, "app.css"),
  });
  await copyFile(join(here, "app", "index.html"), join(out, "index.html"));
  await copyFile(join(here, "app", "favicon.svg"), join(assets, "favicon.svg"));
  await copyOutlines();
  await copyLicenses(["d3-geo", "d3-array", "internmap", "topojson-client", "world-atlas"]);
}

// Country outlines at 1:110m (Natural Earth via world-atlas), about 100 KB.
async function copyOutlines() {
  const src = join(here, "node_modules", "world-atlas", "countries-110m.json");
  await copyFile(src, join(assets, "countries-110m.json"));
}

// The bundled packages' licences travel with the built files.
async function copyLicenses(names) {
  for (const name of names) {
    const text = await readFile(join(here, "node_modules", name, "LICENSE"), "utf8");
    await writeFile(join(assets, "licenses", `${name}.txt`), text);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
