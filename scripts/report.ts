/**
 * npm run report [-- --json]
 * A table of every region: kind, AWS region, VPC, Kubernetes version, nodegroups, and the most
 * vCPUs and memory each can scale to. `--json` prints the same figures for scripts.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Table from 'cli-table3';
import { ConfigError } from '../modules/config';
import { loadRegions } from '../modules/fleet';
import { fleetReport } from '../modules/report';
import { PROJECT_ROOT } from './lib/environment';

function main(): void {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false } } });
  const report = fleetReport(loadRegions(join(PROJECT_ROOT, 'regions')));
  if (values.json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  const table = new Table({
    head: [
      'colour',
      'kind',
      'AWS region',
      'VPC',
      'k8s',
      'nodegroups (min..max)',
      'max vCPU',
      'max memory',
    ],
    colAligns: ['left', 'left', 'left', 'left', 'left', 'left', 'right', 'right'],
    // Colours only on a terminal; piped output stays plain text.
    style: process.stdout.isTTY ? {} : { head: [], border: [] },
  });
  for (const region of report) {
    table.push([
      region.colour,
      region.kind,
      region.awsRegion,
      region.vpcCidr,
      region.kubernetesVersion,
      region.nodegroups
        .map((ng) => `${ng.name} ${ng.instanceTypes.join('/')} ${ng.minSize}..${ng.maxSize}`)
        .join('\n'),
      region.maxVcpus.toLocaleString('en-US'),
      `${region.maxMemoryGiB.toLocaleString('en-US')} GiB`,
    ]);
  }
  console.log(table.toString());
}

try {
  main();
} catch (error) {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
  process.exit(1);
}
