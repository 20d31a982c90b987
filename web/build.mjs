// Builds the analyst application into OUT (default dist/): index.html, assets/app.js (Preact and
// htm bundled, minified) and assets/app.css. Everything the page needs is in those files, served
// by `cordon serve` itself: no font, script or style from anywhere else (docs/web.md).
//
//   node build.mjs [OUT] [--src DIR] [--node-modules DIR]
// --src: the sources (default: src/ beside this file); --node-modules: where `npm ci` put the
// packages when not beside the sources (the CMake build runs npm ci and this script in its own
// folder, web/CMakeLists.txt, so that the source tree stays clean).
import * as esbuild from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
let out = join(here, 'dist');
let src = join(here, 'src');
const nodePaths = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--node-modules') nodePaths.push(resolve(args[++i]));
  else if (args[i] === '--src') src = resolve(args[++i]);
  else out = resolve(args[i]);
}

await mkdir(join(out, 'assets'), { recursive: true });
await esbuild.build({
  entryPoints: { app: join(src, 'app.js') },
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['chrome100', 'firefox100', 'safari15'],
  outdir: join(out, 'assets'),
  nodePaths,
  legalComments: 'eof',
  logLevel: 'warning',
});
await esbuild.build({
  entryPoints: { app: join(src, 'app.css') },
  bundle: true,
  minify: true,
  outdir: join(out, 'assets'),
  logLevel: 'warning',
});
await copyFile(join(src, 'index.html'), join(out, 'index.html'));
