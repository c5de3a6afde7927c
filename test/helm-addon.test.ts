import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { Release } from '@cdktf/provider-helm/lib/release';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { TerraformStack, Testing } from 'cdktf';
import { HelmAddon, roleAnnotation, type HelmAddonProps } from '../modules/addons/helm-addon';
import { addonTarget } from './addon-context';
import { addressOf, referenceTo, releaseValues, resourcesOf } from './synthesized';

const CHART = { name: 'example', repository: 'https://charts.example.com', version: '1.2.3' };

const VALUES = {
  replicas: 2,
  args: ['--one', '--two'],
  service: { port: 80, annotations: { team: 'sre' } },
};

type Options = Partial<Omit<HelmAddonProps, 'target'>>;

/** One add-on in a stack with the providers and the stand-in for the nodes it waits for. */
function synthAddon(options: Options = {}): string {
  return Testing.synthScope((stack) => {
    new HelmAddon(stack, 'addon', {
      chart: CHART,
      namespace: 'example',
      values: VALUES,
      target: addonTarget(stack),
      ...options,
    });
  });
}

function onlyRelease(synthesized: string) {
  const releases = Object.values(resourcesOf(synthesized, Release));
  expect(releases).toHaveLength(1);
  return releases[0];
}

describe('HelmAddon', () => {
  const synthesized = synthAddon();

  test('installs the chart at its pinned version from its repository', () => {
    expect(synthesized).toHaveResourceWithProperties(Release, {
      name: 'example',
      chart: 'example',
      repository: 'https://charts.example.com',
      version: '1.2.3',
    });
  });

  test('can configure a release name other than the chart name', () => {
    expect(synthAddon({ releaseName: 'renamed' })).toHaveResourceWithProperties(Release, {
      name: 'renamed',
      chart: 'example',
    });
  });

  test('installs into a namespace of its own that the release refers to', () => {
    expect(synthesized).toHaveResourceWithProperties(NamespaceV1, {
      metadata: { name: 'example', labels: { 'app.kubernetes.io/managed-by': 'eks-fleet' } },
    });
    expect(onlyRelease(synthesized).namespace).toBe(
      referenceTo(synthesized, NamespaceV1, 'metadata[0].name'),
    );
  });

  test('creates no namespace and installs into the given one with createNamespace false', () => {
    const intoExisting = synthAddon({ namespace: 'kube-system', createNamespace: false });
    expect(intoExisting).not.toHaveResource(NamespaceV1);
    expect(onlyRelease(intoExisting).namespace).toBe('kube-system');
    expect(onlyRelease(intoExisting).depends_on).toEqual([addressOf(intoExisting, EksAccessEntry)]);
  });

  test('leaves its namespace property undefined with createNamespace false', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const addon = new HelmAddon(stack, 'addon', {
      chart: CHART,
      namespace: 'kube-system',
      createNamespace: false,
      values: VALUES,
      target: addonTarget(stack),
    });
    expect(addon.namespace).toBeUndefined();
  });

  test('creates its namespace when createNamespace is true, as by default', () => {
    const explicit = synthAddon({ createNamespace: true });
    expect(Object.values(resourcesOf(explicit, NamespaceV1))).toEqual(
      Object.values(resourcesOf(synthesized, NamespaceV1)),
    );
    expect(onlyRelease(explicit).namespace).toBe(
      referenceTo(explicit, NamespaceV1, 'metadata[0].name'),
    );
  });

  test('installs through the kubernetes and helm providers of its target', () => {
    expect(synthesized).toHaveResourceWithProperties(NamespaceV1, { provider: 'kubernetes' });
    expect(synthesized).toHaveResourceWithProperties(Release, { provider: 'helm' });
  });

  test('creates the namespace and the release only after what the target depends on', () => {
    const nodesReady = addressOf(synthesized, EksAccessEntry);
    expect(synthesized).toHaveResourceWithProperties(NamespaceV1, { depends_on: [nodesReady] });
    expect(synthesized).toHaveResourceWithProperties(Release, { depends_on: [nodesReady] });
  });

  test('rolls a failed release back and waits up to 10 minutes for it', () => {
    expect(synthesized).toHaveResourceWithProperties(Release, {
      atomic: true,
      cleanup_on_fail: true,
      timeout: 600,
    });
  });

  test('passes its own values as one JSON document when there are no overrides', () => {
    expect(releaseValues(onlyRelease(synthesized))).toEqual(VALUES);
    expect(onlyRelease(synthesized)).not.toHaveProperty('set_sensitive');
  });

  test('merges overrides over its values, replacing lists rather than appending to them', () => {
    const merged = synthAddon({
      overrides: { args: ['--three'], service: { annotations: { owner: 'dns' } }, debug: true },
    });
    expect(releaseValues(onlyRelease(merged))).toEqual({
      replicas: 2,
      args: ['--three'],
      service: { port: 80, annotations: { team: 'sre', owner: 'dns' } },
      debug: true,
    });
  });

  test('can configure an override that replaces a value of its own', () => {
    const merged = synthAddon({ overrides: { replicas: 3, service: { port: 8080 } } });
    expect(releaseValues(onlyRelease(merged))).toEqual({
      replicas: 3,
      args: ['--one', '--two'],
      service: { port: 8080, annotations: { team: 'sre' } },
    });
  });

  test('passes sensitive values through set_sensitive and never through values', () => {
    const withSecret = synthAddon({
      sensitiveValues: [{ name: 'agent.key', value: '${var.agent_key}' }],
    });
    const release = onlyRelease(withSecret);
    expect(release.set_sensitive).toEqual([{ name: 'agent.key', value: '${var.agent_key}' }]);
    expect(release.values).toEqual([JSON.stringify(VALUES)]);
  });

  test('exposes the values it installs with and leaves its own values unchanged', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const addon = new HelmAddon(stack, 'addon', {
      chart: CHART,
      namespace: 'example',
      values: VALUES,
      overrides: { replicas: 5, args: ['--three'] },
      target: addonTarget(stack),
    });
    expect(addon.values).toEqual({ ...VALUES, replicas: 5, args: ['--three'] });
    expect(VALUES).toEqual({
      replicas: 2,
      args: ['--one', '--two'],
      service: { port: 80, annotations: { team: 'sre' } },
    });
  });
});

describe('roleAnnotation', () => {
  test('binds a service account to an IAM role with the EKS role-arn annotation', () => {
    expect(roleAnnotation('arn:aws:iam::123456789012:role/dns')).toEqual({
      'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/dns',
    });
  });
});
