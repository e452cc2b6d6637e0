// The bundle budget counts what a first visit loads: the entry and its static imports, not lazy chunks.
import { describe, expect, it } from 'vitest';
import { initialFiles } from './budget.js';

const chunk = (imports: string[], css: string[] = []) => ({
  type: 'chunk' as const,
  code: '',
  isEntry: false,
  facadeModuleId: null,
  imports,
  viteMetadata: { importedCss: new Set(css) },
});

describe('initialFiles', () => {
  it('follows static imports once each and collects their CSS; lazy chunks are left out', () => {
    const bundle = {
      'hub.js': chunk(['shared.js'], ['hub.css']),
      'shared.js': chunk(['hub.js'], ['shared.css']),
      'account.lazy.js': chunk(['shared.js']),
      'shared.css': { type: 'asset' as const, source: '' },
    };
    expect(initialFiles(bundle, 'hub.js')).toEqual({
      js: ['hub.js', 'shared.js'],
      css: ['hub.css', 'shared.css'],
    });
  });
});
