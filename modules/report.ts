/**
 * The fleet report's figures, computed from the region files alone: what each region is, and
 * the most vCPUs and memory its nodegroups can scale to.
 */
import type { RegionConfig } from './config';
import { INSTANCE_TYPES, type InstanceCapacity } from './instance-types';

export interface NodegroupReport {
  readonly name: string;
  readonly instanceTypes: readonly string[];
  readonly minSize: number;
  readonly maxSize: number;
  readonly maxVcpus: number;
  readonly maxMemoryGiB: number;
}

export interface RegionReport {
  readonly colour: string;
  readonly kind: string;
  readonly awsRegion: string;
  readonly vpcCidr: string;
  readonly kubernetesVersion: string;
  readonly nodegroups: readonly NodegroupReport[];
  readonly maxVcpus: number;
  readonly maxMemoryGiB: number;
}

/**
 * A nodegroup at its maximum size, counting each node as its largest allowed instance type:
 * the autoscaler may pick any of them, so this is the ceiling.
 */
function nodegroupReport(name: string, ng: RegionConfig['nodegroups'][string]): NodegroupReport {
  const largest = (pick: (capacity: InstanceCapacity) => number) =>
    Math.max(...ng.instanceTypes.map((type) => pick(capacityOf(type))));
  return {
    name,
    instanceTypes: ng.instanceTypes,
    minSize: ng.minSize,
    maxSize: ng.maxSize,
    maxVcpus: ng.maxSize * largest((c) => c.vcpus),
    maxMemoryGiB: ng.maxSize * largest((c) => c.memoryGiB),
  };
}

function capacityOf(instanceType: string): InstanceCapacity {
  const capacity = INSTANCE_TYPES.get(instanceType);
  // Validation refuses unknown types before a report is ever made.
  if (capacity === undefined) throw new Error(`unknown instance type ${instanceType}`);
  return capacity;
}

export function fleetReport(regions: readonly RegionConfig[]): RegionReport[] {
  return regions.map((region) => {
    const nodegroups = Object.entries(region.nodegroups).map(([name, ng]) =>
      nodegroupReport(name, ng),
    );
    return {
      colour: region.colour,
      kind: region.kind,
      awsRegion: region.awsRegion,
      vpcCidr: region.vpcCidr,
      kubernetesVersion: region.kubernetesVersion,
      nodegroups,
      maxVcpus: nodegroups.reduce((sum, ng) => sum + ng.maxVcpus, 0),
      maxMemoryGiB: nodegroups.reduce((sum, ng) => sum + ng.maxMemoryGiB, 0),
    };
  });
}
