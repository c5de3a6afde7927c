import { Testing } from 'cdktf';
import { buildFleet } from '../modules/fleet';
import type { Target } from '../modules/target';
import { checkStack, POLICIES, type SynthesizedStack } from '../scripts/lib/policies';
import { join } from 'node:path';

const AWS: Target = { kind: 'aws', stateBucket: 'fleet-state', stateRegion: 'us-west-2' };

/** Every stack of the fleet in regions/, synthesized for real AWS, by name. */
function synthesizeFleet(target: Target = AWS): Record<string, SynthesizedStack> {
  const { app } = buildFleet({
    regionsDir: join(__dirname, '..', 'regions'),
    target,
    app: Testing.app(),
  });
  return Object.fromEntries(
    app.node.children.map((stack) => [
      stack.node.id,
      JSON.parse(Testing.synth(stack as never)) as SynthesizedStack,
    ]),
  );
}

/** The violations of one policy, after `mutate` has broken a deep copy of the stack. */
function violationsAfter(
  stack: SynthesizedStack,
  policy: string,
  mutate: (copy: Record<string, Record<string, Record<string, Record<string, unknown>>>>) => void,
): string[] {
  const copy = structuredClone(stack) as never;
  mutate(copy);
  const result = checkStack(copy, policy.startsWith('state bucket') ? 'state' : 'region');
  return result.find((r) => r.policy === policy)?.violations ?? ['no such policy'];
}

const stacks = synthesizeFleet();
const pink = stacks.pink;

describe('security policies over every synthesized stack', () => {
  test.each(Object.keys(stacks))('stack %s breaks no policy', (name) => {
    const results = checkStack(stacks[name], name === 'fleet-state' ? 'state' : 'region');
    expect(results.filter((r) => r.violations.length > 0)).toEqual([]);
    expect(results.length).toBe(
      POLICIES.filter((p) => p.appliesTo === (name === 'fleet-state' ? 'state' : 'region')).length,
    );
  });

  test('checks eleven policies per region and one for the state bucket', () => {
    expect(checkStack(pink, 'region')).toHaveLength(11);
    expect(checkStack(stacks['fleet-state'], 'state')).toHaveLength(1);
  });
});

describe('each policy finds what breaks it', () => {
  const lt = 'nodegroup-core_launch-template';

  test('finds a nodegroup in a public subnet', () => {
    const violations = violationsAfter(pink, 'nodes only in private subnets', (s) => {
      s.resource.aws_eks_node_group['nodegroup-core_nodegroup'].subnet_ids = [
        '${aws_subnet.network_public-us-west-2a.id}',
      ];
    });
    expect(violations).toEqual([
      'aws_eks_node_group.nodegroup-core_nodegroup uses subnet ${aws_subnet.network_public-us-west-2a.id}, not a private one',
    ]);
  });

  test('finds a launch template without IMDSv2', () => {
    const violations = violationsAfter(pink, 'IMDSv2 required', (s) => {
      (s.resource.aws_launch_template[lt].metadata_options as Record<string, unknown>).http_tokens =
        'optional';
    });
    expect(violations).toEqual([`aws_launch_template.${lt} does not require IMDSv2 tokens`]);
  });

  test('finds an unencrypted root volume', () => {
    const violations = violationsAfter(pink, 'root volumes encrypted', (s) => {
      const mappings = s.resource.aws_launch_template[lt].block_device_mappings as {
        ebs: Record<string, unknown>;
      }[];
      mappings[0].ebs.encrypted = 'false';
    });
    expect(violations).toEqual([
      `aws_launch_template.${lt} has an unencrypted or default root volume`,
    ]);
  });

  test('finds a cluster without secrets encryption', () => {
    const violations = violationsAfter(pink, 'Kubernetes secrets encrypted with a KMS key', (s) => {
      delete s.resource.aws_eks_cluster.cluster_eks.encryption_config;
    });
    expect(violations).toEqual([
      "aws_eks_cluster.cluster_eks does not encrypt secrets with the stack's KMS key",
    ]);
  });

  test('finds a key that does not rotate', () => {
    const violations = violationsAfter(pink, 'KMS key rotation on', (s) => {
      s.resource.aws_kms_key['secrets-key_key'].enable_key_rotation = false;
    });
    expect(violations).toEqual(['aws_kms_key.secrets-key_key does not rotate']);
  });

  test('finds a missing control-plane log', () => {
    const violations = violationsAfter(pink, 'all control-plane logs on', (s) => {
      s.resource.aws_eks_cluster.cluster_eks.enabled_cluster_log_types = ['api'];
    });
    expect(violations).toEqual([
      'aws_eks_cluster.cluster_eks does not log audit, authenticator, controllerManager, scheduler',
    ]);
  });

  test('finds a public endpoint open to the world', () => {
    const violations = violationsAfter(pink, 'public API endpoint off or restricted', (s) => {
      (
        s.resource.aws_eks_cluster.cluster_eks.vpc_config as Record<string, unknown>
      ).public_access_cidrs = ['0.0.0.0/0'];
    });
    expect(violations).toEqual([
      'aws_eks_cluster.cluster_eks has a public endpoint open to the world',
    ]);
  });

  test('finds a secrets key that any plan may destroy', () => {
    const unprotected = synthesizeFleet({ ...AWS, allowDestroy: ['pink'] });
    const results = checkStack(unprotected.pink, 'region');
    expect(results.find((r) => r.policy === 'the secrets key protected from destruction')).toEqual({
      policy: 'the secrets key protected from destruction',
      violations: ['aws_kms_key.secrets-key_key can be destroyed by any plan'],
    });
  });

  test('finds an IAM statement allowing every action', () => {
    const violations = violationsAfter(
      pink,
      'no IAM wildcard action, no write on every resource but the listed exceptions',
      (s) => {
        s.resource.aws_iam_role_policy['cluster_secrets-key-policy'].policy = JSON.stringify({
          Statement: [{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::x' }],
        });
      },
    );
    expect(violations).toEqual([
      'aws_iam_role_policy.cluster_secrets-key-policy allows Action "*"',
    ]);
  });

  test('finds a write action on every resource that is not an exception', () => {
    const violations = violationsAfter(
      pink,
      'no IAM wildcard action, no write on every resource but the listed exceptions',
      (s) => {
        s.resource.aws_iam_role_policy['cluster_secrets-key-policy'].policy = JSON.stringify({
          Statement: [
            { Sid: 'Reads', Effect: 'Allow', Action: ['ec2:DescribeVpcs'], Resource: '*' },
            { Sid: 'Writes', Effect: 'Allow', Action: ['ec2:DeleteVpc'], Resource: '*' },
          ],
        });
      },
    );
    expect(violations).toEqual([
      'aws_iam_role_policy.cluster_secrets-key-policy allows ec2:DeleteVpc on every resource',
    ]);
  });

  test('finds a secret written into a release', () => {
    const violations = violationsAfter(pink, 'no secret value in the configuration', (s) => {
      const release = s.resource.helm_release['services_instana-agent_helm_release'];
      release.values = [JSON.stringify({ agent: { key: 'abc123' } })];
      release.set_sensitive = [{ name: 'agent.key', value: 'abc123' }];
    });
    expect(violations).toEqual([
      'helm_release.services_instana-agent_helm_release has a secret in its values at agent.key',
      'helm_release.services_instana-agent_helm_release passes a literal as a sensitive value',
    ]);
  });

  test('finds a secret anywhere in the values, but not a toleration key', () => {
    const violations = violationsAfter(pink, 'no secret value in the configuration', (s) => {
      const release = s.resource.helm_release['services_external-dns_helm_release'];
      release.values = [
        JSON.stringify({
          tolerations: [{ key: 'eks-fleet/ingress', operator: 'Exists', effect: 'NoSchedule' }],
          provider: { webhook: { env: [{ password: 'hunter2' }] } },
          token: '${var.token}',
        }),
      ];
    });
    expect(violations).toEqual([
      'helm_release.services_external-dns_helm_release has a secret in its values at provider.webhook.env[0].password',
    ]);
  });

  test('finds untagged resources', () => {
    const violations = violationsAfter(pink, 'every taggable resource tagged', (s) => {
      const provider = (
        s as unknown as {
          provider: { aws: { default_tags: { tags: Record<string, string> }[] }[] };
        }
      ).provider;
      delete provider.aws[0].default_tags[0].tags['managed-by'];
      const specs = s.resource.aws_launch_template[lt].tag_specifications as {
        tags: Record<string, string>;
      }[];
      delete specs[0].tags['fleet:region'];
    });
    expect(violations).toEqual([
      "the AWS provider's default tags lack managed-by",
      `aws_launch_template.${lt} does not tag its instances`,
    ]);
  });

  test('finds a state bucket that is not versioned, encrypted, closed and protected', () => {
    const state = stacks['fleet-state'];
    const violations = violationsAfter(
      state,
      'state bucket versioned, encrypted, closed to the public, protected',
      (s) => {
        delete s.resource.aws_s3_bucket_versioning;
        delete s.resource.aws_s3_bucket_server_side_encryption_configuration;
        s.resource.aws_s3_bucket_public_access_block[
          'state_public-access-block'
        ].block_public_acls = false;
        delete s.resource.aws_s3_bucket.state_bucket.lifecycle;
      },
    );
    expect(violations).toEqual([
      'aws_s3_bucket.state_bucket is not versioned',
      'aws_s3_bucket.state_bucket is not encrypted',
      'aws_s3_bucket.state_bucket does not block public access',
      'aws_s3_bucket.state_bucket can be destroyed by any plan',
    ]);
  });
});
