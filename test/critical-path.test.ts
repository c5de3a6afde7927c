import { Testing } from 'cdktf';
import { resolveRegion } from '../modules/config';
import { RegionStack } from '../modules/region-stack';
import pink from '../regions/pink';
import {
  CREATION_SECONDS,
  criticalPath,
  dependencyGraph,
  waitsOn,
} from '../scripts/lib/critical-path';

const target = { kind: 'aws', stateBucket: 'fleet-state', stateRegion: 'us-west-2' } as const;
const graph = dependencyGraph(
  JSON.parse(Testing.synth(new RegionStack(Testing.app(), resolveRegion('pink', pink), target))),
);
const ofType = (type: string) => [...graph.keys()].filter((a) => a.startsWith(`${type}.`));

describe('the provisioning graph of pink', () => {
  const nodegroups = ofType('aws_eks_node_group');
  const releases = ofType('helm_release');

  test('creates its three nodegroups side by side, none waiting for another', () => {
    expect(nodegroups).toHaveLength(3);
    for (const a of nodegroups) {
      for (const b of nodegroups)
        expect({ a, b, waits: waitsOn(graph, a, b) }).toEqual({ a, b, waits: false });
    }
  });

  test('installs its add-ons side by side, none waiting for another', () => {
    expect(releases).toHaveLength(5);
    for (const a of releases) {
      for (const b of releases)
        expect({ a, b, waits: waitsOn(graph, a, b) }).toEqual({ a, b, waits: false });
    }
  });

  test('starts nodes after the control plane and their way out, add-ons after every node', () => {
    for (const ng of nodegroups) {
      expect(waitsOn(graph, ng, 'aws_eks_cluster.cluster_eks')).toBe(true);
      expect(waitsOn(graph, ng, 'aws_nat_gateway.network_nat-us-west-2a')).toBe(true);
    }
    for (const release of releases) {
      for (const ng of nodegroups) expect(waitsOn(graph, release, ng)).toBe(true);
    }
  });

  test('runs from the secrets key through the cluster and a nodegroup to an add-on', () => {
    const path = criticalPath(graph);
    const types = path.chain.map((step) => step.address.split('.')[0]);
    expect(types).toEqual([
      'aws_kms_key',
      'aws_iam_role_policy',
      'aws_eks_cluster',
      // The ingress nodes' launch template names the cluster's security group.
      'aws_launch_template',
      'aws_eks_node_group',
      'kubernetes_namespace_v1',
      'helm_release',
    ]);
    expect(path.totalSeconds).toBe(5 + 2 + 600 + 2 + 180 + 2 + 60);
    expect(path.maxParallel).toBeGreaterThanOrEqual(4);
  });
});

describe('criticalPath', () => {
  test('takes the longest chain, weighting each resource by its type', () => {
    const waits = new Map<string, Set<string>>([
      ['aws_vpc.v', new Set()],
      ['aws_nat_gateway.n', new Set(['aws_vpc.v'])],
      ['aws_eks_cluster.c', new Set(['aws_vpc.v'])],
      ['aws_eks_node_group.a', new Set(['aws_eks_cluster.c', 'aws_nat_gateway.n'])],
      ['aws_eks_node_group.b', new Set(['aws_eks_cluster.c'])],
    ]);
    const path = criticalPath(waits);
    expect(path.chain.map((s) => [s.address, s.start, s.finish])).toEqual([
      ['aws_vpc.v', 0, 2],
      ['aws_eks_cluster.c', 2, 2 + CREATION_SECONDS.aws_eks_cluster],
      ['aws_eks_node_group.a', 602, 782],
    ]);
    expect([path.totalSeconds, path.maxParallel, path.resources]).toEqual([782, 2, 5]);
  });

  test('throws on a dependency cycle', () => {
    const waits = new Map([
      ['a.x', new Set(['b.y'])],
      ['b.y', new Set(['a.x'])],
    ]);
    expect(() => criticalPath(waits)).toThrow('dependency cycle through a.x');
  });
});
