// What the WebAssembly is made of: twiggy's per-function sizes of the linked app (before
// wasm-bindgen, splitting and wasm-opt, which drop the names), summed by the crate that
// defines each function (generic code counts for the crate that defines it, e.g. `tachys`
// for the views); names and custom sections left out. Usage: node bench/composition.mjs APP.wasm. Prints Markdown.
import { execFileSync } from 'node:child_process';

const [wasm] = process.argv.slice(2);
const csv = execFileSync('twiggy', ['top', '-n', '1000000', '-f', 'csv', wasm], { maxBuffer: 256 * 1024 * 1024 }).toString();
const sums = new Map();
let total = 0;
for (const line of csv.split('\n').slice(1)) {
  const m = line.match(/^"?(.*?)"?,(\d+),[\d.]+,/);
  if (!m) continue;
  const [, name, size] = m;
  const bytes = Number(size);
  // Names, custom sections and wasm-bindgen's descriptors are not sent to browsers.
  if (/custom section|subsection|__wbindgen_describe/.test(name)) continue;
  total += bytes;
  const crate = name.match(/([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::/)?.[1];
  const key = crate ?? (name.startsWith('data') ? '(data)' : '(other)');
  sums.set(key, (sums.get(key) ?? 0) + bytes);
}
console.log(`## WebAssembly by crate (${new Date().toISOString().slice(0, 10)})\n`);
console.log('| crate | bytes | share |\n| --- | ---: | ---: |');
for (const [crate, bytes] of [...sums].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
  console.log(`| ${crate} | ${bytes.toLocaleString('en')} | ${((100 * bytes) / total).toFixed(1)}% |`);
}
console.log(`| total | ${total.toLocaleString('en')} | |\n`);
