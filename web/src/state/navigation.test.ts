import { describe, expect, it } from 'vitest';
import { afterSignIn, roleHome, safeNextPath, signInPath } from './navigation';

describe('safeNextPath', () => {
  it.each([
    ['/desk', '/desk'],
    ['/field/visits/42?tab=photos#top', '/field/visits/42?tab=photos#top'],
    ['/desk/../field', '/field'],
  ])('keeps the same-origin path %s', (raw, expected) => {
    expect(safeNextPath(raw)).toBe(expected);
  });

  it.each([
    ['https://evil.example/desk'],
    ['//evil.example/desk'],
    ['/\\evil.example'],
    ['\\\\evil.example'],
    ['javascript:alert(1)'],
    ['desk'],
    ['/\tdesk'],
    ['/signin'],
    ['/signin?next=/desk'],
    ['/api/auth/refresh'],
    ['/dev/outbox'],
    [''],
    [null],
    [undefined],
  ])('refuses %j', (raw) => {
    expect(safeNextPath(raw)).toBeNull();
  });
});

describe('roleHome', () => {
  it('sends desk roles to the desk, even when they also work in the field', () => {
    expect(roleHome(['admin'])).toBe('/desk');
    expect(roleHome(['dispatcher'])).toBe('/desk');
    expect(roleHome(['supervisor'])).toBe('/desk');
    expect(roleHome(['engineer', 'dispatcher'])).toBe('/desk');
  });

  it('sends engineers to the field app', () => {
    expect(roleHome(['engineer'])).toBe('/field');
  });

  it('sends someone without a known role to the home page', () => {
    expect(roleHome([])).toBe('/');
  });
});

describe('afterSignIn', () => {
  it('goes back to a safe next path, else to the role home', () => {
    expect(afterSignIn('/field/visits/7', ['admin'])).toBe('/field/visits/7');
    expect(afterSignIn('//evil.example', ['engineer'])).toBe('/field');
    expect(afterSignIn(undefined, ['dispatcher'])).toBe('/desk');
  });
});

describe('signInPath', () => {
  it('carries where the person was, encoded', () => {
    expect(signInPath('/desk?q=a&b=c')).toBe('/signin?next=%2Fdesk%3Fq%3Da%26b%3Dc');
    expect(signInPath('/')).toBe('/signin');
    expect(signInPath('https://evil.example')).toBe('/signin');
  });
});
