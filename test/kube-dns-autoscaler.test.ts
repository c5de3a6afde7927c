import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { Release } from '@cdktf/provider-helm/lib/release';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { TerraformStack, Testing } from 'cdktf';
import { HelmAddon } from '../modules/addons/helm-addon';
import { KubeDnsAutoscaler } from '../modules/addons/kube-dns-autoscaler';
import { KUBE_DNS_LINEAR, type RegionInput } from '../modules/config';
import { addonContext, addonsWith, type ContextOptions } from './addon-context';
import { releaseOf, releaseValues } from './synthesized';

type KubeDnsInput = NonNullable<RegionInput['addons']>['kubeDnsAutoscaler'];

const LADDER = {
  coresToReplicas: [
    [1, 2],
    [512, 4],
  ] as [number, number][],
  nodesToReplicas: [
    [1, 2],
    [64, 4],
  ] as [number, number][],
};

function synthKubeDns(changes: KubeDnsInput = {}, options: ContextOptions = {}): string {
  const config = addonsWith({ kubeDnsAutoscaler: changes }).kubeDnsAutoscaler;
  return Testing.synthScope((stack) => {
    new KubeDnsAutoscaler(stack, 'kube-dns-autoscaler', {
      context: addonContext(stack, options),
      config,
    });
  });
}

function valuesOf(synthesized: string): Record<string, unknown> {
  return releaseValues(releaseOf(synthesized, 'cluster-proportional-autoscaler', Release));
}

describe('KubeDnsAutoscaler', () => {
  const synthesized = synthKubeDns();

  test('installs cluster-proportional-autoscaler 1.1.0 as the kube-dns-autoscaler release', () => {
    expect(synthesized).toHaveResourceWithProperties(Release, {
      name: 'kube-dns-autoscaler',
      chart: 'cluster-proportional-autoscaler',
      repository: 'https://kubernetes-sigs.github.io/cluster-proportional-autoscaler',
      version: '1.1.0',
      namespace: 'kube-system',
    });
  });

  test('installs the release into kube-system and creates no namespace', () => {
    expect(releaseOf(synthesized, 'cluster-proportional-autoscaler', Release).namespace).toBe(
      'kube-system',
    );
    expect(synthesized).not.toHaveResource(NamespaceV1);
  });

  test('leaves its HelmAddon without a namespace of its own', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const { addon } = new KubeDnsAutoscaler(stack, 'kube-dns-autoscaler', {
      context: addonContext(stack),
      config: addonsWith().kubeDnsAutoscaler,
    });
    expect(addon).toBeInstanceOf(HelmAddon);
    expect(addon?.namespace).toBeUndefined();
    expect(addon?.release.namespaceInput).toBe('kube-system');
  });

  test('scales the coredns deployment in kube-system, linearly by default', () => {
    expect(valuesOf(synthesized)).toEqual({
      options: { target: 'deployment/coredns', namespace: 'kube-system' },
      config: { linear: { ...KUBE_DNS_LINEAR, includeUnschedulableNodes: true } },
    });
  });

  test('defaults to a replica per 256 cores or 16 nodes, from 2 to 100 replicas', () => {
    expect(KUBE_DNS_LINEAR).toEqual({
      coresPerReplica: 256,
      nodesPerReplica: 16,
      min: 2,
      max: 100,
      preventSinglePointFailure: true,
    });
  });

  test('can configure the linear mode, keeping the defaults of the fields left out', () => {
    const values = valuesOf(synthKubeDns({ linear: { nodesPerReplica: 8, min: 3 } }));
    expect(values.config).toEqual({
      linear: {
        coresPerReplica: 256,
        nodesPerReplica: 8,
        min: 3,
        max: 100,
        preventSinglePointFailure: true,
        includeUnschedulableNodes: true,
      },
    });
  });

  test('can configure the ladder mode instead of the linear one', () => {
    expect(valuesOf(synthKubeDns({ ladder: LADDER })).config).toEqual({ ladder: LADDER });
  });

  test('sets exactly one scaling mode, linear unless a ladder is configured', () => {
    const modes = [{}, { linear: {} }, { ladder: LADDER }].map((changes) =>
      Object.keys(valuesOf(synthKubeDns(changes)).config as Record<string, unknown>),
    );
    expect(modes).toEqual([['linear'], ['linear'], ['ladder']]);
  });

  test("merges the region's values over the kube-dns-autoscaler's own", () => {
    const values = valuesOf(
      synthKubeDns({ values: { options: { logLevel: 2 }, replicaCount: 2 } }),
    );
    expect(values).toEqual({
      options: { target: 'deployment/coredns', namespace: 'kube-system', logLevel: 2 },
      config: { linear: { ...KUBE_DNS_LINEAR, includeUnschedulableNodes: true } },
      replicaCount: 2,
    });
  });

  test('needs no AWS permissions', () => {
    expect(synthesized).not.toHaveResource(IamRole);
  });

  test('builds nothing without an install target', () => {
    const awsOnly = synthKubeDns({}, { install: false });
    expect(awsOnly).not.toHaveResource(Release);
    expect(awsOnly).not.toHaveResource(NamespaceV1);
  });
});
