import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

// Built with `vite build --config web/vite.config.ts` from the repository root: every path is anchored to
// this folder, not to the working directory.
const root = import.meta.dirname;

export default defineConfig({
  root,
  publicDir: 'public',
  server: {
    // `vite` in development: the API comes from the local runtime (`npm start`, port 3000 by default).
    proxy: { '/api': `http://127.0.0.1:${process.env.API_PORT ?? '3000'}` },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // index.html lists the entry's chunks for the browser to fetch at once; a lazy route's or module's own
    // chunks are left for the browser to find as it reads them. Vite's default adds a
    // <link rel="modulepreload"> per chunk from script at the moment of the import, in the middle of the
    // first render: about 1 ms of main thread per link on a desktop, 40% of the start-up's longest task
    // for /field (its chunks come from the service worker's cache anyway). CSS is still put in first.
    modulePreload: {
      resolveDependencies: (_file, deps, { hostType }) => (hostType === 'html' ? deps : []),
    },
  },
  plugins: [
    preact(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      // The app registers the worker itself (src/components/UpdatePrompt.tsx): nothing is injected into
      // index.html, so the page carries no inline script under a `script-src 'self'` policy.
      injectRegister: false,
      registerType: 'prompt',
      // The glob already takes every icon; the plugin adds manifest.webmanifest itself.
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png}'],
      },
      includeManifestIcons: false,
      manifest: {
        id: '/',
        name: 'Sitecall',
        short_name: 'Sitecall',
        description: '维保服务台：报障、SLA 时钟与现场工程师离线作业',
        lang: 'zh-CN',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: '#0f3b82',
        background_color: '#f4f6fa',
        categories: ['business', 'productivity', 'utilities'],
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
    }),
  ],
});
