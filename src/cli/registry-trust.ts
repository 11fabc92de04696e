// Registry trust settings, as an ECS container instance's Docker daemon has them (`daemon.json`
// `insecure-registries`, `/etc/docker/certs.d/<host>/ca.crt`): per-registry CA bundles and plain-HTTP registries.
// They apply to `berth pull` and to EC2-launch-type tasks only: Fargate has no such setting, so a registry with a
// private CA fails there with `x509: certificate signed by unknown authority` (ref peers-and-misconfigurations §C17).
import { readFileSync } from 'node:fs';
import type { RegistryHostOptions } from '../registry/client/index.js';
import { badInput } from './cli-error.js';

/** `--registry-ca host=file[,host=file…]`: each host's CA bundle (PEM), read once, when the option is parsed. */
export function parseRegistryCas(raw: string, option = '--registry-ca'): Record<string, RegistryHostOptions> {
  const hosts: Record<string, RegistryHostOptions> = {};
  for (const entry of list(raw)) {
    const equals = entry.indexOf('=');
    if (equals <= 0 || equals === entry.length - 1) {
      throw badInput(`${option} takes host=file (e.g. registry.local:5000=ca.pem), not '${entry}'`);
    }
    const host = entry.slice(0, equals).toLowerCase();
    const file = entry.slice(equals + 1);
    let pem: string;
    try {
      pem = readFileSync(file, 'utf8');
    } catch (error) {
      throw badInput(`${option}: cannot read ${file}: ${(error as Error).message}`);
    }
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
      throw badInput(`${option}: ${file} holds no PEM certificate`);
    }
    hosts[host] = { caBundle: pem };
  }
  return hosts;
}

/** `--insecure-registry host[,host…]`: hosts spoken to over plain HTTP although they are not loopback. */
export function parseInsecureRegistries(raw: string): string[] {
  return list(raw).map((host) => host.toLowerCase());
}

function list(raw: string): string[] {
  return raw
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}
