// A Vite plugin that prints each entry page's initial JS and CSS (gzipped) and fails the build when
// the hub's initial JS is over its budget: what a first visit downloads before anything is lazy.
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

interface Chunk {
  type: 'chunk';
  code: string;
  isEntry: boolean;
  facadeModuleId: string | null;
  imports: string[];
  viteMetadata?: { importedCss: Set<string> };
}
interface Asset {
  type: 'asset';
  source: string | Uint8Array;
}
type Output = Chunk | Asset;

const gz = (data: string | Uint8Array) => gzipSync(data, { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

/** The files a page loads up front: its entry chunk and every statically imported chunk, with CSS. */
export function initialFiles(
  bundle: Record<string, Output>,
  entry: string,
): { js: string[]; css: string[] } {
  const js = new Set<string>();
  const css = new Set<string>();
  const visit = (name: string) => {
    const chunk = bundle[name];
    if (chunk?.type !== 'chunk' || js.has(name)) return;
    js.add(name);
    for (const file of chunk.viteMetadata?.importedCss ?? []) css.add(file);
    chunk.imports.forEach(visit);
  };
  visit(entry);
  return { js: [...js], css: [...css] };
}

export function budget(options: { root: string; page: string; maxInitialJsGzip: number }): Plugin {
  return {
    name: 'gatehouse-budget',
    apply: 'build',
    generateBundle(_output, rawBundle) {
      const bundle = rawBundle as unknown as Record<string, Output>;
      const lines: string[] = [];
      let failure = '';
      for (const [name, chunk] of Object.entries(bundle)) {
        if (chunk.type !== 'chunk' || !chunk.isEntry || !chunk.facadeModuleId) continue;
        const page = chunk.facadeModuleId;
        const { js, css } = initialFiles(bundle, name);
        const size = (files: string[]) =>
          files.reduce((sum, file) => {
            const out = bundle[file];
            return sum + (out ? gz(out.type === 'chunk' ? out.code : out.source) : 0);
          }, 0);
        const jsGzip = size(js);
        const cssGzip = size(css);
        const relative = path.relative(options.root, page);
        const label = relative === options.page ? 'hub' : relative;
        lines.push(
          `${label}: initial JS ${kb(jsGzip)} gzip (${js.length} files), CSS ${kb(cssGzip)} gzip`,
        );
        if (label === 'hub' && jsGzip > options.maxInitialJsGzip) {
          failure = `The hub's initial JS is ${kb(jsGzip)} gzip, over the ${kb(options.maxInitialJsGzip)} budget.`;
        }
      }
      console.log(`\nUI budget (initial load, gzip):\n  ${lines.join('\n  ')}\n`);
      if (failure) this.error(failure);
    },
  };
}
