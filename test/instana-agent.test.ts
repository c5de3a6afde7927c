import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { Release } from '@cdktf/provider-helm/lib/release';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { Testing } from 'cdktf';
import { AGENT_KEY_VARIABLE, InstanaAgent } from '../modules/addons/instana-agent';
import type { RegionInput } from '../modules/config';
import { addonContext, addonsWith, type ContextOptions } from './addon-context';
import { parseStack, referenceTo, releaseOf, releaseValues } from './synthesized';

type InstanaInput = NonNullable<RegionInput['addons']>['instanaAgent'];

function synthAgent(changes: InstanaInput = {}, options: ContextOptions = {}): string {
  const config = addonsWith({
    instanaAgent: { endpointHost: 'ingress-red-saas.instana.io', ...changes },
  }).instanaAgent;
  return Testing.synthScope((stack) => {
    new InstanaAgent(stack, 'instana-agent', { context: addonContext(stack, options), config });
  });
}

function releaseIn(synthesized: string) {
  return releaseOf(synthesized, 'instana-agent', Release);
}

describe('InstanaAgent', () => {
  const synthesized = synthAgent();
  const withSecret = synthAgent({ keySecret: 'instana-agent-key' });

  test('installs instana-agent 2.0.48 from its repository into its own namespace', () => {
    expect(synthesized).toHaveResourceWithProperties(Release, {
      name: 'instana-agent',
      chart: 'instana-agent',
      repository: 'https://agents.instana.io/helm',
      version: '2.0.48',
      namespace: referenceTo(synthesized, NamespaceV1, 'metadata[0].name'),
    });
    expect(synthesized).toHaveResourceWithProperties(NamespaceV1, {
      metadata: expect.objectContaining({ name: 'instana-agent' }),
    });
  });

  test('reports the cluster by name, in the zone of its colour, to the configured backend', () => {
    expect(releaseValues(releaseIn(synthesized))).toEqual({
      agent: { endpointHost: 'ingress-red-saas.instana.io', endpointPort: '443' },
      cluster: { name: 'eks-pink' },
      zone: { name: 'pink' },
    });
  });

  test('can configure the backend port, which the chart takes as a string', () => {
    const agent = releaseValues(releaseIn(synthAgent({ endpointPort: 8443 }))).agent;
    expect(agent).toEqual({ endpointHost: 'ingress-red-saas.instana.io', endpointPort: '8443' });
  });

  test('passes the agent key from a sensitive variable through set_sensitive', () => {
    expect(releaseIn(synthesized).set_sensitive).toEqual([
      { name: 'agent.key', value: `\${var.${AGENT_KEY_VARIABLE}}` },
    ]);
    expect(parseStack(synthesized).variable).toEqual({
      instana_agent_key: {
        type: 'string',
        sensitive: true,
        nullable: false,
        description: 'The Instana agent key for region pink; set TF_VAR_instana_agent_key',
      },
    });
  });

  test('never puts the agent key in the release values', () => {
    for (const stack of [synthesized, withSecret]) {
      const agent = releaseValues(releaseIn(stack)).agent as Record<string, unknown>;
      expect(agent).not.toHaveProperty('key');
    }
  });

  test('can configure an existing secret for the key, with no variable then', () => {
    const release = releaseIn(withSecret);
    expect(releaseValues(release).agent).toEqual({
      endpointHost: 'ingress-red-saas.instana.io',
      endpointPort: '443',
      keysSecret: 'instana-agent-key',
    });
    expect(release.set_sensitive ?? []).toEqual([]);
    expect(parseStack(withSecret).variable).toBeUndefined();
  });

  test("merges the region's values over the agent's own", () => {
    const values = releaseValues(
      releaseIn(synthAgent({ values: { agent: { mode: 'INFRASTRUCTURE' }, zone: { name: 'x' } } })),
    );
    expect(values).toEqual({
      agent: {
        endpointHost: 'ingress-red-saas.instana.io',
        endpointPort: '443',
        mode: 'INFRASTRUCTURE',
      },
      cluster: { name: 'eks-pink' },
      zone: { name: 'x' },
    });
  });

  test('needs no IAM role for the agent', () => {
    expect(synthesized).not.toHaveResource(IamRole);
  });

  test('builds neither release nor variable without an install target', () => {
    const awsOnly = synthAgent({}, { install: false });
    expect(awsOnly).not.toHaveResource(Release);
    expect(awsOnly).not.toHaveResource(NamespaceV1);
    expect(parseStack(awsOnly).variable).toBeUndefined();
  });
});
