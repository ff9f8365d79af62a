// Builds the front-end assets of kancelaria into kancelaria/static/dist/.
//
// - kancelaria.css: GOV.UK Frontend 5 compiled with the kancelaria brand
//   (frontend/kancelaria.scss), preceded by the @font-face rules of the
//   self-hosted Noto Sans (latin, latin-ext, cyrillic, cyrillic-ext; 400, 700);
// - govuk-frontend.min.js and htmx.min.js;
// - fonts/: the Noto Sans woff2 files and DejaVu Sans (TTF, used for PDFs).
//
// Works offline from node_modules. Files are written only when their content
// changes, so running the build twice leaves the output untouched.

import { createHash } from "node:crypto";
import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

import * as sass from "sass";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const modules = path.join(root, "node_modules");
const dist = path.join(root, "kancelaria", "static", "dist");
const fontsDir = path.join(dist, "fonts");

const FONT_SUBSETS = ["latin", "latin-ext", "cyrillic", "cyrillic-ext"];
const FONT_WEIGHTS = [400, 700];
const PDF_FONTS = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"];

let written = 0;
let unchanged = 0;
const produced = new Set();

async function put(target, content) {
  produced.add(path.resolve(target));
  const data = typeof content === "string" ? Buffer.from(content, "utf-8") : content;
  try {
    const current = await readFile(target);
    if (current.equals(data)) {
      unchanged += 1;
      return;
    }
  } catch {
    // Not there yet.
  }
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, data);
  written += 1;
}

async function copy(source, target) {
  await put(target, await readFile(source));
}

// The @font-face rules of Noto Sans, taken from @fontsource (with their
// unicode-range, so a browser downloads only the subsets a page uses) and
// pointed at dist/fonts/.
async function fontFaces() {
  const rules = [];
  for (const weight of FONT_WEIGHTS) {
    const css = await readFile(path.join(modules, "@fontsource", "noto-sans", `${weight}.css`), "utf-8");
    for (const block of css.split("@font-face")) {
      const name = block.match(/\/files\/(noto-sans-([a-z-]+)-\d+-normal)\.woff2/);
      if (!name || !FONT_SUBSETS.includes(name[2])) continue;
      const range = block.match(/unicode-range:\s*([^;]+);/);
      const file = `${name[1]}.woff2`;
      await copy(path.join(modules, "@fontsource", "noto-sans", "files", file), path.join(fontsDir, file));
      rules.push(
        `@font-face{font-family:"Noto Sans";font-style:normal;font-display:swap;font-weight:${weight};` +
          `src:url("fonts/${file}") format("woff2");` +
          (range ? `unicode-range:${range[1].trim()};` : "") +
          "}",
      );
    }
  }
  const expected = FONT_SUBSETS.length * FONT_WEIGHTS.length;
  if (rules.length !== expected) {
    throw new Error(`expected ${expected} Noto Sans faces in @fontsource/noto-sans, found ${rules.length}`);
  }
  return rules.join("\n");
}

async function styles(faces) {
  const result = await sass.compileAsync(path.join(root, "frontend", "kancelaria.scss"), {
    loadPaths: [modules],
    style: "compressed",
    quietDeps: true,
    // No byte-order mark: the font rules go in front of the compiled CSS, and a BOM
    // in the middle of the file would break the first rule after it.
    charset: false,
    silenceDeprecations: ["import", "global-builtin", "color-functions", "slash-div", "if-function"].filter(
      (id) => id in sass.deprecations,
    ),
  });
  // The footer of GOV.UK Frontend draws the Royal crest from an image; the crest
  // is not ours to use and the image is not shipped, so the reference goes.
  const css = result.css.replaceAll(/url\(["']?images\/govuk-crest\.svg["']?\)/g, "none");
  await put(path.join(dist, "kancelaria.css"), `@charset "UTF-8";\n${faces}\n${css.replace(/^\uFEFF/, "")}\n`);
}

async function scripts() {
  await copy(
    path.join(modules, "govuk-frontend", "dist", "govuk", "govuk-frontend.min.js"),
    path.join(dist, "govuk-frontend.min.js"),
  );
  // The script names its source map; ship it, so that the reference resolves.
  await copy(
    path.join(modules, "govuk-frontend", "dist", "govuk", "govuk-frontend.min.js.map"),
    path.join(dist, "govuk-frontend.min.js.map"),
  );
  await copy(path.join(modules, "htmx.org", "dist", "htmx.min.js"), path.join(dist, "htmx.min.js"));
}

async function pdfFonts() {
  for (const file of PDF_FONTS) {
    await copy(path.join(modules, "dejavu-fonts-ttf", "ttf", file), path.join(fontsDir, file));
  }
}

// Remove what an earlier build left behind and this one no longer makes
// (for example a font of a subset that is no longer used).
async function prune(dir) {
  let entries = [];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.resolve(dir, entry.name);
    if (entry.isDirectory()) {
      await prune(full);
    } else if (!produced.has(full)) {
      await rm(full);
    }
  }
}

const started = Date.now();
await mkdir(fontsDir, { recursive: true });
const faces = await fontFaces();
await Promise.all([styles(faces), scripts(), pdfFonts()]);
await prune(dist);
const css = await readFile(path.join(dist, "kancelaria.css"));
const digest = createHash("sha256").update(css).digest("hex").slice(0, 12);
console.log(
  `kancelaria front end: ${written} written, ${unchanged} unchanged in ${Date.now() - started} ms ` +
    `(kancelaria.css ${(css.length / 1024).toFixed(0)} KiB, sha256 ${digest})`,
);
