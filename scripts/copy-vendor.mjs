// Copies the self-hosted front-end libraries from node_modules into static/vendor (collected by Django).
// Nothing is ever loaded from a CDN: pages only reference /static/vendor/...
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";

const copies = [["node_modules/h5p-standalone/dist", "static/vendor/h5p-standalone"]];

for (const [from, to] of copies) {
  if (!existsSync(from)) {
    console.error(`missing ${from}: run npm ci first`);
    process.exit(1);
  }
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  cpSync(from, to, { recursive: true });
  console.log(`copied ${from} -> ${to}`);
}
