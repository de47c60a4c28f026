// build.mjs: the front-end build that `make assets` runs. esbuild bundles charts.js with only the
// parts of ECharts it imports into static/dist/charts.js; the bundle is then compressed once,
// here, with Brotli (best quality) and gzip beside it (charts.js.br, charts.js.gz), which the
// app serves as they are. The app compresses its other, small files itself when first asked.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const out = 'static/dist/charts.js';
await build({
  entryPoints: ['static/src/charts.js'],
  outfile: out,
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2017',
  // ECharts keeps its development checks and warnings behind this.
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'info',
});
const body = readFileSync(out);
writeFileSync(out + '.br', brotliCompressSync(body, {
  params: {
    [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
    [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
  },
}));
writeFileSync(out + '.gz', gzipSync(body, { level: 9 }));
console.log(`${out}: ${body.length} bytes, ${readFileSync(out + '.br').length} with Brotli, ${readFileSync(out + '.gz').length} with gzip`);
