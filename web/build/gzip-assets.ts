// Writes a .gz beside every emitted JS/CSS/HTML/SVG file, so Lettr's static server (preCompressed) sends compressed
// bytes without compressing on each request.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Plugin } from 'vite';

export function gzipAssets(): Plugin {
  let outDir = '';
  return {
    name: 'lettr-gzip-assets',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const files = fs.readdirSync(outDir, { recursive: true }).map(String).filter((f) => /\.(js|css|html|svg)$/.test(f));
      for (const f of files) {
        const full = path.join(outDir, f);
        fs.writeFileSync(`${full}.gz`, zlib.gzipSync(fs.readFileSync(full), { level: 9 }));
      }
    },
  };
}
