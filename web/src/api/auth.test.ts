import { describe, expect, it } from 'vitest';
import { parseCodeAccepted, parseTokens } from './auth';

const answer = {
  accessToken: 'eyJ.x.y',
  tokenType: 'Bearer',
  expiresIn: 900,
  refreshToken: 'r'.repeat(43),
  staff: { id: 'st-1', name: '王管理', roles: ['admin', 'engineer'], companyId: 'default' },
};

describe('parseTokens', () => {
  it('accepts the documented answer', () => {
    expect(parseTokens(answer)).toEqual({
      accessToken: 'eyJ.x.y',
      expiresIn: 900,
      refreshToken: 'r'.repeat(43),
      staff: answer.staff,
    });
  });

  it('leaves out a role this version does not know', () => {
    const staff = { ...answer.staff, roles: ['admin', 'auditor'] };

    expect(parseTokens({ ...answer, staff }).staff.roles).toEqual(['admin']);
  });

  it.each([
    [null],
    [{ ...answer, tokenType: 'MAC' }],
    [{ ...answer, expiresIn: 0 }],
    [{ ...answer, staff: { ...answer.staff, roles: 'admin' } }],
    [{ ...answer, staff: undefined }],
  ])('rejects %j', (body) => {
    expect(() => parseTokens(body)).toThrow(TypeError);
  });
});

describe('parseCodeAccepted', () => {
  it('reads the wait before another code', () => {
    expect(parseCodeAccepted({ accepted: true, resendAfterSeconds: 60 })).toEqual({ resendAfterSeconds: 60 });
  });

  it('falls back to a minute when the wait is missing', () => {
    expect(parseCodeAccepted({ accepted: true })).toEqual({ resendAfterSeconds: 60 });
  });
});
