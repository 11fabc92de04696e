import assert from 'node:assert/strict';
import { test } from 'node:test';
import { byteSize } from './byte-size.js';

test('sizes with and without units', () => {
  assert.equal(byteSize('1048576', '--x'), 1_048_576);
  assert.equal(byteSize('512MiB', '--x'), 512 * 1024 ** 2);
  assert.equal(byteSize('2gib', '--x'), 2 * 1024 ** 3);
  assert.equal(byteSize('1.5GB', '--x'), 1_500_000_000);
  assert.equal(byteSize('1 KiB', '--x'), 1024);
  assert.equal(byteSize('10B', '--x'), 10);
  assert.equal(byteSize('1.5KiB', '--x'), 1536);
});

test('what is not a size is refused, naming the option', () => {
  for (const text of ['', '0', '-5', 'big', '5 parsecs', '1e3', '0.4', '1.5', '2.5B', '99999999999TiB']) {
    assert.throws(
      () => byteSize(text, '--registry-max-blob-size'),
      (error: Error) =>
        error.message ===
        `--registry-max-blob-size must be a size such as 512MiB, 2GiB or a number of bytes, not '${text}'`,
      text,
    );
  }
});
