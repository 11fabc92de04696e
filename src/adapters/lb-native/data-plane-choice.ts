/**
 * Which ALB data plane `berth up` runs: haproxy on the hot path when the `haproxy` binary runs (`haproxy -v`, asked
 * once, when the first load balancer needs its data plane), else berth's own proxy alone. BERTH_LB_DATA_PLANE
 * decides instead: `node` for berth's proxy alone, `haproxy` for haproxy or an error saying it is missing.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BerthError } from '../../errors/index.js';

export type DataPlaneChoice = 'haproxy' | 'node';

let installed: Promise<boolean> | undefined;

export async function dataPlaneChoice(
  wanted: string | undefined = process.env['BERTH_LB_DATA_PLANE'],
): Promise<DataPlaneChoice> {
  if (wanted === 'node') return 'node';
  if (wanted !== undefined && wanted !== '' && wanted !== 'haproxy')
    throw new BerthError(
      'BERTH_LB_DATA_PLANE',
      `BERTH_LB_DATA_PLANE is '${wanted}'; it takes 'haproxy' or 'node' (unset: haproxy when installed)`,
    );
  installed ??= promisify(execFile)('haproxy', ['-v']).then(
    () => true,
    () => false,
  );
  if (await installed) return 'haproxy';
  if (wanted === 'haproxy')
    throw new BerthError(
      'BERTH_LB_DATA_PLANE',
      'BERTH_LB_DATA_PLANE=haproxy, but no haproxy runs from PATH: install it (scripts/setup does, Debian package haproxy) or unset the variable',
    );
  return 'node';
}
