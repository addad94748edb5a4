/**
 * pwa-size: the JavaScript a phone downloads to show the engineer area's first screen (`/field`), gzip, from
 * the Vite build manifest of a fresh build: the entry with its static imports (the shell every route
 * loads) plus the Field route's lazy chunk with its static imports. What the area loads after its first
 * screen (the sync runner and the wire contract's validation, the signature pad) is reported apart.
 * Baseline in the same build: the bare shell's JS alone. Target: first-route JS ≤ 50 KB gzip.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BenchResult, round } from './harness.ts';
import { buildWeb } from './offline-drain-stack.ts';

const TARGET_KB = 50;

interface Chunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  isEntry?: boolean;
}

/** The chunks `key` loads before it runs: itself and its static imports, transitively. */
export function staticClosure(
  manifest: Record<string, Chunk>,
  key: string,
  into = new Set<string>(),
): Set<string> {
  if (into.has(key) || manifest[key] === undefined) return into;
  into.add(key);
  for (const next of manifest[key].imports ?? []) staticClosure(manifest, next, into);
  return into;
}

export default async function pwaSize(): Promise<BenchResult> {
  const web = await buildWeb(true);
  try {
    const manifest = JSON.parse(readFileSync(join(web.dir, '.vite', 'manifest.json'), 'utf8')) as Record<
      string,
      Chunk
    >;
    const gz = (keys: Iterable<string>) => {
      let bytes = 0;
      for (const key of keys) {
        const file = manifest[key]?.file;
        if (file?.endsWith('.js')) bytes += gzipSync(readFileSync(join(web.dir, file)), { level: 9 }).length;
      }
      return bytes;
    };
    const fieldKey = Object.keys(manifest).find((key) => key.endsWith('src/pages/Field.tsx'));
    if (fieldKey === undefined) throw new Error('no Field route chunk in the manifest');
    const shell = staticClosure(manifest, 'index.html');
    const firstRoute = staticClosure(manifest, fieldKey, new Set(shell));
    // What the field's own chunks load later (the shell's other lazy routes are not the field's).
    const later = new Set<string>();
    for (const key of firstRoute)
      if (!shell.has(key))
        for (const dynamic of manifest[key]?.dynamicImports ?? [])
          if (!firstRoute.has(dynamic)) staticClosure(manifest, dynamic, later);
    const fieldLater = [...later].filter((key) => !firstRoute.has(key));
    const shellBytes = gz(shell);
    const firstBytes = gz(firstRoute);
    const deferredBytes = gz(fieldLater);
    const kb = (bytes: number) => round(bytes / 1024, 1);
    return {
      name: 'pwa-size',
      metrics: {
        'fieldFirstRoute.gzipKB': kb(firstBytes),
        'fieldOwn.gzipKB': kb(firstBytes - shellBytes),
        'fieldDeferred.gzipKB': kb(deferredBytes),
      },
      baseline: { 'shell.gzipKB': kb(shellBytes) },
      ratios: { 'fieldFirstRoute.gzipKB': round(firstBytes / shellBytes, 2) },
      targets: { 'fieldFirstRoute.gzipKB': `≤ ${TARGET_KB}` },
      pass: firstBytes <= TARGET_KB * 1024,
      notes: [
        `first route = shell (${shell.size} chunks) + Field route (${firstRoute.size - shell.size} chunks), gzip level 9`,
        `deferred after the first screen: ${fieldLater.map((k) => k.replace(/^.*node_modules\//, '')).join(', ')}`,
      ],
    };
  } finally {
    web.remove();
  }
}
