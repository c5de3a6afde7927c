import { join } from 'node:path';
import { resolveRegion } from '../modules/config';
import { loadRegions } from '../modules/fleet';
import { fleetReport } from '../modules/report';
import pink from '../regions/pink';

describe('fleetReport', () => {
  test('lists every region with its kind, AWS region, VPC and version', () => {
    const rows = fleetReport(loadRegions(join(__dirname, '..', 'regions'))).map((r) => [
      r.colour,
      r.kind,
      r.awsRegion,
      r.vpcCidr,
      r.kubernetesVersion,
    ]);
    expect(rows).toEqual([
      ['global', 'GlobalRegion', 'us-east-1', '10.0.0.0/16', '1.33'],
      ['orange', 'MultiRegion', 'eu-central-1', '10.20.0.0/16', '1.33'],
      ['pink', 'MultiRegion', 'us-west-2', '10.10.0.0/16', '1.33'],
      ['teal', 'MultiRegion', 'us-west-2', '10.11.0.0/16', '1.33'],
    ]);
  });

  test("computes pink's ceiling from its nodegroups' max sizes and instance types", () => {
    const [report] = fleetReport([resolveRegion('pink', pink)]);
    expect(report.nodegroups).toEqual([
      {
        name: 'acceptor',
        instanceTypes: ['c5.2xlarge'],
        minSize: 3,
        maxSize: 30,
        maxVcpus: 240,
        maxMemoryGiB: 480,
      },
      {
        name: 'core',
        instanceTypes: ['m5.4xlarge'],
        minSize: 3,
        maxSize: 50,
        maxVcpus: 800,
        maxMemoryGiB: 3200,
      },
      {
        name: 'tenantUnit',
        instanceTypes: ['r5.4xlarge'],
        minSize: 1,
        maxSize: 100,
        maxVcpus: 1600,
        maxMemoryGiB: 12800,
      },
    ]);
    expect([report.maxVcpus, report.maxMemoryGiB]).toEqual([2640, 16480]);
  });

  test('counts a nodegroup of several instance types at its largest', () => {
    const input = {
      ...pink,
      nodegroups: {
        ...pink.nodegroups,
        core: { ...pink.nodegroups.core, instanceTypes: ['m5.2xlarge', 'r5.4xlarge'], maxSize: 10 },
      },
    };
    const [report] = fleetReport([resolveRegion('pink', input)]);
    const core = report.nodegroups.find((ng) => ng.name === 'core');
    expect([core?.maxVcpus, core?.maxMemoryGiB]).toEqual([160, 1280]);
  });

  test('follows a change of max size', () => {
    const input = {
      ...pink,
      nodegroups: {
        ...pink.nodegroups,
        tenantUnit: { ...pink.nodegroups.tenantUnit, maxSize: 50 },
      },
    };
    const [report] = fleetReport([resolveRegion('pink', input)]);
    expect([report.maxVcpus, report.maxMemoryGiB]).toEqual([2640 - 800, 16480 - 6400]);
  });
});
