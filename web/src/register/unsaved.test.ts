import { describe, expect, it } from 'vitest';
import { leavesPage } from './unsaved';

const here = { origin: 'https://desk.example.cn', pathname: '/desk/customers/c1', search: '' };

/** A click on an element inside a link to `href` (resolved against the page), as the router sees it. */
function click(href: string | null, init: Partial<MouseEvent> = {}, link: Record<string, unknown> = {}) {
  const url = href === null ? null : new URL(href, `${here.origin}${here.pathname}`);
  const anchor =
    url === null
      ? null
      : {
          nodeName: 'A',
          href: url.href,
          origin: url.origin,
          pathname: url.pathname,
          search: url.search,
          target: '',
          download: '',
          getAttribute: () => href,
          ...link,
        };
  const span = { nodeName: 'SPAN' };
  return {
    defaultPrevented: false,
    button: 0,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    composedPath: () => (anchor === null ? [span] : [span, anchor]) as unknown as EventTarget[],
    ...init,
  };
}

describe('the unsaved-changes guard', () => {
  it('asks on a plain click on a link to another page of the app', () => {
    expect(leavesPage(click('/desk/contracts'), here)).toBe(true);
    expect(leavesPage(click('/desk/customers/c1?tab=x'), here)).toBe(true);
  });

  it('lets through what does not leave the page or what the browser opens elsewhere', () => {
    expect(leavesPage(click(null), here)).toBe(false);
    expect(leavesPage(click('#customer-name'), here)).toBe(false);
    expect(leavesPage(click('/desk/customers/c1'), here)).toBe(false);
    expect(leavesPage(click('https://elsewhere.example.com/'), here)).toBe(false);
    expect(leavesPage(click('/desk/contracts', { ctrlKey: true }), here)).toBe(false);
    expect(leavesPage(click('/desk/contracts', { button: 1 }), here)).toBe(false);
    expect(leavesPage(click('/desk/contracts', { defaultPrevented: true }), here)).toBe(false);
    expect(leavesPage(click('/desk/contracts', {}, { target: '_blank' }), here)).toBe(false);
    expect(leavesPage(click('/export.csv', {}, { download: 'export.csv' }), here)).toBe(false);
  });
});
