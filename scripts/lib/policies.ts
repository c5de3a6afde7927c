/**
 * The checks an infrastructure security scanner makes, run over synthesized stacks: each
 * policy looks at one kind of resource and says what, if anything, breaks it.
 */

type Block = Record<string, unknown>;

export interface SynthesizedStack {
  readonly resource?: Record<string, Record<string, Block>>;
  readonly provider?: Record<string, Block[]>;
}

export interface PolicyResult {
  readonly policy: string;
  /** One line per violation; empty when the stack complies. */
  readonly violations: string[];
}

interface Policy {
  readonly name: string;
  readonly appliesTo: 'region' | 'state';
  check(stack: SynthesizedStack): string[];
}

/**
 * Allow statements on `Resource: "*"` with a write action, each with the service that needs it.
 * Every other such statement is a violation.
 */
export const WILDCARD_EXCEPTIONS: Record<string, string> = {
  AccountAdministration:
    'the secrets key policy: the account root keeps full control of the key, or it becomes unmanageable ("*" in a key policy means this key)',
  ScaleOwnNodeGroups:
    'cluster-autoscaler: Auto Scaling offers no resource ARN before groups exist; limited by the condition aws:ResourceTag/k8s.io/cluster-autoscaler/<cluster> = owned',
};

const CONTROL_PLANE_LOGS = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];
const REQUIRED_TAGS = ['fleet:region', 'fleet:kind', 'managed-by'];
const READ_ACTION = /^[a-z0-9-]+:(Describe|List|Get)[A-Za-z]*$/;

function resources(stack: SynthesizedStack, type: string): [string, Block][] {
  return Object.entries(stack.resource?.[type] ?? {});
}

function first(value: unknown): Block {
  return (Array.isArray(value) ? value[0] : value) as Block;
}

function list(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Every IAM document of the stack, as [where, statements]. */
function policyDocuments(stack: SynthesizedStack): [string, Block[]][] {
  const fields: [string, string][] = [
    ['aws_iam_role_policy', 'policy'],
    ['aws_kms_key', 'policy'],
    ['aws_s3_bucket_policy', 'policy'],
  ];
  return fields.flatMap(([type, field]) =>
    resources(stack, type)
      .filter(([, block]) => typeof block[field] === 'string')
      .map(([name, block]): [string, Block[]] => [
        `${type}.${name}`,
        list((JSON.parse(block[field] as string) as Block).Statement) as Block[],
      ]),
  );
}

export const POLICIES: readonly Policy[] = [
  {
    name: 'nodes only in private subnets',
    appliesTo: 'region',
    check: (stack) => {
      const privateSubnets = resources(stack, 'aws_subnet')
        .filter(([, s]) => (s.tags as Block)['kubernetes.io/role/internal-elb'] === '1')
        .map(([name]) => `\${aws_subnet.${name}.id}`);
      return resources(stack, 'aws_eks_node_group').flatMap(([name, ng]) =>
        list(ng.subnet_ids)
          .filter((id) => !privateSubnets.includes(id as string))
          .map((id) => `aws_eks_node_group.${name} uses subnet ${String(id)}, not a private one`),
      );
    },
  },
  {
    name: 'IMDSv2 required',
    appliesTo: 'region',
    check: (stack) =>
      resources(stack, 'aws_launch_template')
        .filter(([, lt]) => first(lt.metadata_options)?.http_tokens !== 'required')
        .map(([name]) => `aws_launch_template.${name} does not require IMDSv2 tokens`),
  },
  {
    name: 'root volumes encrypted',
    appliesTo: 'region',
    check: (stack) =>
      resources(stack, 'aws_launch_template').flatMap(([name, lt]) => {
        const volumes = list(lt.block_device_mappings).map((m) => first((m as Block).ebs));
        return volumes.length === 0 || volumes.some((ebs) => ebs?.encrypted !== 'true')
          ? [`aws_launch_template.${name} has an unencrypted or default root volume`]
          : [];
      }),
  },
  {
    name: 'Kubernetes secrets encrypted with a KMS key',
    appliesTo: 'region',
    check: (stack) =>
      resources(stack, 'aws_eks_cluster').flatMap(([name, cluster]) => {
        const encryption = first(cluster.encryption_config);
        const keyArn = String(first(encryption?.provider)?.key_arn ?? '');
        return list(encryption?.resources).includes('secrets') && keyArn.includes('aws_kms_key.')
          ? []
          : [`aws_eks_cluster.${name} does not encrypt secrets with the stack's KMS key`];
      }),
  },
  {
    name: 'KMS key rotation on',
    appliesTo: 'region',
    check: (stack) =>
      resources(stack, 'aws_kms_key')
        .filter(([, key]) => key.enable_key_rotation !== true)
        .map(([name]) => `aws_kms_key.${name} does not rotate`),
  },
  {
    name: 'all control-plane logs on',
    appliesTo: 'region',
    check: (stack) =>
      resources(stack, 'aws_eks_cluster').flatMap(([name, cluster]) => {
        const missing = CONTROL_PLANE_LOGS.filter(
          (log) => !list(cluster.enabled_cluster_log_types).includes(log),
        );
        return missing.length === 0
          ? []
          : [`aws_eks_cluster.${name} does not log ${missing.join(', ')}`];
      }),
  },
  {
    name: 'public API endpoint off or restricted',
    appliesTo: 'region',
    check: (stack) =>
      resources(stack, 'aws_eks_cluster').flatMap(([name, cluster]) => {
        const vpc = first(cluster.vpc_config);
        if (vpc.endpoint_public_access !== true) return [];
        const cidrs = list(vpc.public_access_cidrs);
        return cidrs.length === 0 || cidrs.includes('0.0.0.0/0')
          ? [`aws_eks_cluster.${name} has a public endpoint open to the world`]
          : [];
      }),
  },
  {
    name: 'the secrets key protected from destruction',
    appliesTo: 'region',
    check: (stack) =>
      resources(stack, 'aws_kms_key')
        .filter(([, key]) => (key.lifecycle as Block | undefined)?.prevent_destroy !== true)
        .map(([name]) => `aws_kms_key.${name} can be destroyed by any plan`),
  },
  {
    name: 'no IAM wildcard action, no write on every resource but the listed exceptions',
    appliesTo: 'region',
    check: (stack) =>
      policyDocuments(stack).flatMap(([where, statements]) =>
        statements
          .filter((statement) => statement.Effect === 'Allow')
          .flatMap((statement) => {
            const actions = list(statement.Action) as string[];
            if (actions.includes('*')) return [`${where} allows Action "*"`];
            const everyResource = list(statement.Resource).includes('*');
            const writes = actions.filter((action) => !READ_ACTION.test(action));
            if (!everyResource || writes.length === 0) return [];
            if (WILDCARD_EXCEPTIONS[String(statement.Sid)] !== undefined) return [];
            return [`${where} allows ${writes.join(', ')} on every resource`];
          }),
      ),
  },
  {
    name: 'no secret value in the configuration',
    appliesTo: 'region',
    check: (stack) =>
      resources(stack, 'helm_release').flatMap(([name, release]) => {
        const secrets = list(release.values).flatMap((values) =>
          secretPaths(JSON.parse(String(values))),
        );
        const sensitive = list(release.set_sensitive).map((s) => String((s as Block).value));
        return [
          ...secrets.map((path) => `helm_release.${name} has a secret in its values at ${path}`),
          ...sensitive
            .filter((value) => !/^\$\{var\.[a-z_]+\}$/.test(value))
            .map(() => `helm_release.${name} passes a literal as a sensitive value`),
        ];
      }),
  },
  {
    name: 'every taggable resource tagged',
    appliesTo: 'region',
    check: (stack) => {
      const aws = first(stack.provider?.aws);
      const defaults = (first(aws?.default_tags)?.tags ?? {}) as Block;
      const missing = REQUIRED_TAGS.filter((tag) => defaults[tag] === undefined);
      // Default tags do not reach a launch template's tag specifications: check those too.
      const templates = resources(stack, 'aws_launch_template').flatMap(([name, lt]) =>
        list(lt.tag_specifications)
          .filter((spec) =>
            REQUIRED_TAGS.some((tag) => ((spec as Block).tags as Block)[tag] === undefined),
          )
          .map(
            (spec) =>
              `aws_launch_template.${name} does not tag its ${String((spec as Block).resource_type)}s`,
          ),
      );
      return [
        ...(missing.length > 0
          ? [`the AWS provider's default tags lack ${missing.join(', ')}`]
          : []),
        ...templates,
      ];
    },
  },
  {
    name: 'state bucket versioned, encrypted, closed to the public, protected',
    appliesTo: 'state',
    check: (stack) =>
      resources(stack, 'aws_s3_bucket').flatMap(([name, bucket]) => {
        const ref = `\${aws_s3_bucket.${name}.id}`;
        const of = (type: string) => resources(stack, type).find(([, r]) => r.bucket === ref)?.[1];
        const versioning = first(of('aws_s3_bucket_versioning')?.versioning_configuration);
        const encryption = of('aws_s3_bucket_server_side_encryption_configuration');
        const block = of('aws_s3_bucket_public_access_block');
        const closed = [
          'block_public_acls',
          'block_public_policy',
          'ignore_public_acls',
          'restrict_public_buckets',
        ];
        return [
          ...(versioning?.status === 'Enabled' ? [] : [`aws_s3_bucket.${name} is not versioned`]),
          ...(encryption ? [] : [`aws_s3_bucket.${name} is not encrypted`]),
          ...(block && closed.every((field) => block[field] === true)
            ? []
            : [`aws_s3_bucket.${name} does not block public access`]),
          ...((bucket.lifecycle as Block | undefined)?.prevent_destroy === true
            ? []
            : [`aws_s3_bucket.${name} can be destroyed by any plan`]),
        ];
      }),
  },
];

/** Runs every policy that applies to this kind of stack. */
export function checkStack(stack: SynthesizedStack, kind: 'region' | 'state'): PolicyResult[] {
  return POLICIES.filter((policy) => policy.appliesTo === kind).map((policy) => ({
    policy: policy.name,
    violations: policy.check(stack),
  }));
}

/** Value names that hold credentials in the charts we install (the agent's key, passwords, tokens). */
const SECRET_NAMES = /^(key|downloadKey|password|token|apiKey|accessKey|secretKey)$/;

/**
 * Where a Helm values document holds a literal credential. A `key` beside an `operator` is a
 * toleration's or a selector's key, not a secret; a Terraform reference is not a literal.
 */
export function secretPaths(values: unknown, path = ''): string[] {
  if (Array.isArray(values)) return values.flatMap((v, i) => secretPaths(v, `${path}[${i}]`));
  if (values === null || typeof values !== 'object') return [];
  const object = values as Record<string, unknown>;
  return Object.entries(object).flatMap(([name, value]) => {
    const at = path === '' ? name : `${path}.${name}`;
    const literal = typeof value === 'string' && !value.startsWith('${');
    if (SECRET_NAMES.test(name) && literal && !('operator' in object)) return [at];
    return secretPaths(value, at);
  });
}
