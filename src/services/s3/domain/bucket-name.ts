/**
 * S3's general purpose bucket naming rules ("Bucket naming rules", S3 user guide): 3–63 characters of lowercase
 * letters, digits, dots and hyphens, beginning and ending with a letter or digit; no two adjacent dots; not an IP
 * address; none of the reserved prefixes (`xn--`, `sthree-`, `amzn-s3-demo-`) or suffixes (`-s3alias`, `--ol-s3`,
 * `.mrap`, `--x-s3`, `--table-s3`).
 */
export function isValidBucketName(name: string): boolean {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name)) return false;
  if (name.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(name)) return false;
  if (['xn--', 'sthree-', 'amzn-s3-demo-'].some((prefix) => name.startsWith(prefix))) return false;
  return !['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'].some((suffix) => name.endsWith(suffix));
}
