import { badInput } from './cli-error.js';

const units: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/**
 * A size given on the command line: a whole number of bytes, or a number with a unit (`512MiB`, `2GiB`, `1.5GB`;
 * KiB/MiB/GiB/TiB are powers of 1024, KB/MB/GB/TB of 1000, case ignored). Bad input names the option.
 */
export function byteSize(text: string, option: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = units[(match?.[2] || 'b').toLowerCase()];
  // A fraction of a unit is rounded down to whole bytes (1.5KiB = 1536); a fraction of a byte is refused.
  const bytes = match && unit !== undefined ? Number(match[1]) * unit : Number.NaN;
  const whole = unit === 1 ? bytes : Math.floor(bytes);
  if (!Number.isSafeInteger(whole) || whole < 1)
    throw badInput(`${option} must be a size such as 512MiB, 2GiB or a number of bytes, not '${text}'`);
  return whole;
}
