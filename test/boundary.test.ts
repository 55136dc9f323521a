import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CORE = join(ROOT, 'src', 'core');

/** Packages the core must not know about: the chat platforms' SDKs. */
const FORBIDDEN_PACKAGES = [/^@slack\//, /^discord\.js(\/|$)/, /^@discordjs\//];
/** Source folders and files the core must not reach into: it is what they build on. */
const FORBIDDEN_PATHS = ['src/adapters', 'src/commands', 'src/cli', 'src/cli.ts', 'src/app.ts'];

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(?:[cm]?ts|[cm]?js|tsx|jsx)$/.test(entry.name) ? [path] : [];
  });
}

/** Every module specifier a file names: static and type imports, re-exports, dynamic import() and require(). */
function importSpecifiers(source: string): string[] {
  const patterns = [
    /\bimport\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bexport\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
    /\brequire\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((m) => m[1]!));
}

/** The forbidden specifiers in `source`, a file at `file` (relative imports resolve from there). */
function violations(file: string, source = readFileSync(file, 'utf8')): string[] {
  const found: string[] = [];
  for (const specifier of importSpecifiers(source)) {
    const bare = specifier.replace(/^node:/, '');
    if (FORBIDDEN_PACKAGES.some((p) => p.test(bare))) found.push(specifier);
    if (specifier.startsWith('.') || specifier.startsWith('/')) {
      const target = relative(ROOT, resolve(dirname(file), specifier)).split('\\').join('/');
      if (FORBIDDEN_PATHS.some((p) => target === p || target.startsWith(`${p}/`))) found.push(specifier);
    }
  }
  return found;
}

describe('src/core stays platform-free', () => {
  const files = sourceFiles(CORE);

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [relative(ROOT, f), f]))('%s imports no platform SDK, adapter, command or CLI code', (_name, file) => {
    expect(violations(file)).toEqual([]);
  });

  it('recognises every import form it guards against', () => {
    const sample = [
      "import { App } from '@slack/bolt';",
      "import type { WebClient } from '@slack/web-api';",
      "import * as discord from 'discord.js';",
      "export { REST } from '@discordjs/rest';",
      "const bolt = await import('@slack/bolt');",
      "const d = require('discord.js');",
      "import '../adapters/store/open-database.ts';",
      "import { x } from '../../commands/dispatch.ts';",
    ].join('\n');
    const found = violations(join(CORE, 'search', 'example.ts'), sample).sort();
    expect(found).toEqual(
      [
        '@slack/bolt',
        '@slack/web-api',
        'discord.js',
        '@discordjs/rest',
        '@slack/bolt',
        'discord.js',
        '../../commands/dispatch.ts',
      ].sort(),
    );
    // From src/core/search, '../adapters/…' is src/core/adapters: allowed. '../../adapters/…' is not.
    expect(violations(join(CORE, 'search', 'example.ts'), "import '../../adapters/store/schema.ts';")).toHaveLength(1);
    expect(violations(join(CORE, 'example.ts'), "import { tokenize } from './search/tokenize.ts';")).toEqual([]);
    expect(violations(join(CORE, 'example.ts'), "import type { App } from '../app.ts';")).toHaveLength(1);
  });
});
