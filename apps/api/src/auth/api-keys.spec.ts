import {
  formatApiKey,
  formatInvitationToken,
  parseApiKey,
  parseInvitationToken,
  randomSecret,
  sameDigest,
  SecretIssuer,
  sha256Hex,
} from './api-keys';

const managerId = '01936f0e-1b2c-7d3e-8f40-123456789abc';
const id = '01936f0e-1b2c-7d3e-8f40-cba987654321';

describe('API keys', () => {
  it('name their Manager and owner, so authentication needs no lookup table', () => {
    const secret = randomSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const admin = formatApiKey({ kind: 'administrator', managerId, id }, secret);
    const member = formatApiKey({ kind: 'member', managerId, id }, secret);
    expect(admin).toBe(`sma_${managerId}_${id}_${secret}`);
    expect(parseApiKey(admin)).toEqual({ kind: 'administrator', managerId, id });
    expect(parseApiKey(member)).toEqual({ kind: 'member', managerId, id });
  });

  it('parse nothing that is not one of ours', () => {
    for (const key of ['', 'sma_x_y_z', `smx_${managerId}_${id}_${randomSecret()}`, `sma_${managerId}_${id}_short`]) {
      expect(parseApiKey(key)).toBeNull();
    }
  });

  it('are compared by their SHA-256 digests in constant time', () => {
    const key = formatApiKey({ kind: 'member', managerId, id }, randomSecret());
    expect(sha256Hex(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(sameDigest(sha256Hex(key), sha256Hex(key))).toBe(true);
    expect(sameDigest(sha256Hex(key), sha256Hex(`${key}x`))).toBe(false);
    expect(sameDigest('', '')).toBe(false);
  });
});

describe('Invitation tokens', () => {
  it('name their member', () => {
    const secret = randomSecret();
    const token = formatInvitationToken(id, secret);
    expect(parseInvitationToken(token)).toEqual({ memberId: id, secret });
    expect(parseInvitationToken(`${id}-${secret}`)).toBeNull();
  });
});

describe('The secret issuer', () => {
  const issuer = new SecretIssuer(Buffer.from('a server secret of at least 32 chars'));
  const request = { scope: managerId, key: 'k-1', requestHash: 'h' };

  it('gives a retried request (same key, same request) the same secret, and any other request another', () => {
    expect(issuer.issue('member-key', request)).toBe(issuer.issue('member-key', request));
    expect(issuer.issue('member-key', request)).not.toBe(issuer.issue('member-key', { ...request, requestHash: 'h2' }));
    expect(issuer.issue('member-key', request)).not.toBe(issuer.issue('owner-key', request));
    expect(new SecretIssuer(Buffer.from('another secret, also 32 chars long')).issue('member-key', request)).not.toBe(
      issuer.issue('member-key', request),
    );
  });

  it('draws a random secret when the request is not idempotent', () => {
    expect(issuer.issue('member-key', undefined)).not.toBe(issuer.issue('member-key', undefined));
  });
});
