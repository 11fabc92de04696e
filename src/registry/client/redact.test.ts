import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactAuthorization, redactHeaders, redactText, redactUrl } from './redact.js';

test('URLs lose user-info, fragments and unknown query values; scope and service stay, sorted as Go sorts', () => {
  assert.equal(
    redactUrl('https://u:p@auth.example/token?service=reg&scope=repository%3Aa%3Apull&account=alice#x'),
    'https://auth.example/token?account=REDACTED&scope=repository%3Aa%3Apull&service=reg',
  );
  assert.equal(
    redactUrl('https://bucket.s3.amazonaws.com/blob?X-Amz-Signature=abc&X-Amz-Credential=AKIA'),
    'https://bucket.s3.amazonaws.com/blob?X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED',
  );
  assert.equal(redactUrl('http://127.0.0.1:5000/v2/'), 'http://127.0.0.1:5000/v2/');
  assert.equal(redactUrl('not a url'), '<invalid URL>');
});

test('headers and texts: credentials blanked, the scheme kept', () => {
  assert.equal(redactAuthorization('Bearer eyJhbGciOi.x.y'), 'Bearer REDACTED');
  assert.deepEqual(
    redactHeaders({ Authorization: 'Basic YWxpY2U6cHc=', accept: ['a', 'b'], none: undefined }),
    {
      Authorization: 'Basic REDACTED',
      accept: 'a, b',
    },
  );
  assert.equal(
    redactText('bad token Bearer abcdefghijklmnop at https://x/y?sig=secret&scope=repository:a:pull'),
    'bad token Bearer REDACTED at https://x/y?sig=REDACTED&scope=repository:a:pull',
  );
  assert.equal(redactText('jwt eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.sig'), 'jwt REDACTED');
});
