/**
 * The unsaved-changes guard of a form: while `dirty`, leaving the page asks first. A reload, a closed
 * tab or a typed address get the browser's own question (`beforeunload`); a link inside the app gets
 * `confirm(message)`, answered before preact-iso's router sees the click (a capturing listener on
 * window runs before the router's). The browser's back button is not held: the history entry has
 * already changed when the app hears of it.
 */
import { useEffect, useRef } from 'preact/hooks';

/** Where the page is: `window.location`, or its like in a test. */
export interface Here {
  origin: string;
  pathname: string;
  search: string;
}

/** Whether a click would make the router leave the page: a plain click on a same-origin link elsewhere. */
export function leavesPage(
  event: Pick<
    MouseEvent,
    'defaultPrevented' | 'button' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'composedPath'
  >,
  here: Here,
): boolean {
  if (event.defaultPrevented || event.button !== 0) return false;
  if (event.ctrlKey || event.metaKey || event.altKey || event.shiftKey) return false;
  const link = event
    .composedPath()
    .find(
      (el): el is HTMLAnchorElement => (el as Element).nodeName === 'A' && !!(el as HTMLAnchorElement).href,
    );
  if (link === undefined || link.download || !/^(_?self)?$/i.test(link.target)) return false;
  const href = link.getAttribute('href') ?? '';
  if (href.startsWith('#') || link.origin !== here.origin) return false;
  return link.pathname + link.search !== here.pathname + here.search;
}

export function useUnsavedGuard(dirty: boolean, message: string): void {
  const state = useRef({ dirty, message });
  state.current = { dirty, message };
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!state.current.dirty) return;
      event.preventDefault();
      // Older browsers show the question only when returnValue is set.
      event.returnValue = '';
    };
    const onClick = (event: MouseEvent) => {
      if (!state.current.dirty) return;
      if (!leavesPage(event, window.location)) return;
      if (window.confirm(state.current.message)) return;
      event.preventDefault();
      event.stopImmediatePropagation();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    window.addEventListener('click', onClick, true);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      window.removeEventListener('click', onClick, true);
    };
  }, []);
}
