// The service worker: keeps the app shell available offline. Built by vite-plugin-pwa (injectManifest),
// which replaces self.__WB_MANIFEST with the list of built files and their revisions.
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { SYNC_TAG } from './field/flush';
import { flushFromWorker } from './field/worker-flush';

declare const self: ServiceWorkerGlobalScope;

// A new version waits until the page asks for it (UpdatePrompt → "reload"), so a page never runs old
// code against new caches. workbox-window sends this message.
self.addEventListener('message', (event) => {
  if (event.data?.type === 'SKIP_WAITING') void self.skipWaiting();
});

precacheAndRoute(self.__WB_MANIFEST);
// Caches of earlier Workbox versions' precache format are never reused: drop them.
cleanupOutdatedCaches();

// Every navigation (a reload, a link opened from SMS, /field/...) gets the cached index.html: routes are
// resolved in the page. /api/* is excluded so that a browser navigating to an API address reaches the
// server. API fetch() calls match no route at all, so Workbox leaves them to the network: the worker never
// caches API answers.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/api\//] }));

// On the very first visit the page loaded without a worker; claiming it now lets that same page work
// offline without a reload. Updates still wait for SKIP_WAITING above.
clientsClaim();

// Background sync of the engineer's outbox (web/src/field/worker-flush.ts): the page registers SYNC_TAG after
// each queued action; the browser fires `sync` once there is a connection, even with the app closed. The
// flush shares the page's Web Lock, so nothing is sent twice. A transient failure rejects, and the browser
// tries again later. TypeScript's worker types have no SyncEvent yet.
interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}
self.addEventListener('sync' as keyof ServiceWorkerGlobalScopeEventMap, (event) => {
  const sync = event as unknown as SyncEvent;
  if (sync.tag !== SYNC_TAG) return;
  sync.waitUntil(
    flushFromWorker(self.navigator.locks).then(async (outcome) => {
      for (const client of await self.clients.matchAll({ type: 'window' }))
        client.postMessage({ type: 'field-flushed' });
      if (outcome?.kind === 'transient') throw new Error('outbox: the server did not take it; retry later');
    }),
  );
});
