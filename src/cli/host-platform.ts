/** `linux/<arch>` of this machine, in Go's names: what `berth pull` pulls by default and what tasks run on. */
export function hostPlatform(): string {
  const arch: Record<string, string> = {
    x64: 'amd64',
    arm64: 'arm64',
    arm: 'arm/v7',
    ia32: '386',
    s390x: 's390x',
    ppc64: 'ppc64le',
  };
  return `linux/${arch[process.arch] ?? process.arch}`;
}
