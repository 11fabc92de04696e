import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConsoleGuard, sessionCookieHeader } from './guard.js';

test('the token opens a session whose cookie is HttpOnly and SameSite=Strict; its CSRF token is its own', () => {
  const guard = new ConsoleGuard('the-token');
  assert.equal(guard.tokenMatches('the-token'), true);
  assert.equal(guard.tokenMatches('the-toke'), false);
  assert.equal(guard.tokenMatches(''), false);
  const session = guard.open();
  const header = sessionCookieHeader(session);
  assert.match(header, /; HttpOnly; SameSite=Strict$/);
  assert.equal(header.includes('the-token'), false, 'the cookie is not the token');
  assert.equal(guard.session(`other=1; berth_console=${session.id}`), session);
  assert.equal(guard.session('berth_console=forged'), undefined);
  assert.equal(guard.session(undefined), undefined);
  assert.equal(guard.csrfMatches(session, session.csrf), true);
  assert.equal(guard.csrfMatches(session, guard.open().csrf), false);
  assert.equal(guard.csrfMatches(session, undefined), false);
});
