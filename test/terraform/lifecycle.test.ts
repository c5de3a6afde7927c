/**
 * The whole life of `pink` on the local AWS emulator: bootstrap the state bucket, deploy,
 * re-plan with no changes, read the state, destroy, and find nothing left behind.
 * The test runs its own emulator on a port of its own, so a person's local deployment is safe.
 */
import { localEnvironment } from '../../scripts/lib/environment';
import { startEmulator, stopEmulator } from '../../scripts/lib/emulator';
import { askEmulator, synthesize, type SynthesizedApp } from './helpers';

const EMULATOR_URL = process.env.FLEET_TEST_EMULATOR_URL ?? 'http://127.0.0.1:4609';
const COLOUR = 'pink';

/** Measured on the emulator: apply about 30 s, plan 15 s, destroy about a minute. */
const STEP_MS = 5 * 60_000;

describe(`lifecycle of ${COLOUR} on the emulator`, () => {
  // The test destroys pink at the end, so it lifts pink's guard on its secrets key.
  const env = {
    ...localEnvironment(),
    FLEET_EMULATOR_URL: EMULATOR_URL,
    FLEET_ALLOW_DESTROY: COLOUR,
  };
  let app: SynthesizedApp;

  beforeAll(async () => {
    stopEmulator(EMULATOR_URL);
    await startEmulator(EMULATOR_URL);
    app = synthesize(env);
  }, STEP_MS);

  afterAll(() => {
    stopEmulator(EMULATOR_URL);
  });

  test(
    'bootstraps the state bucket',
    () => {
      app.tf('fleet-state', ['init', '-input=false', '-no-color']);
      app.tf('fleet-state', ['apply', '-auto-approve', '-input=false', '-no-color']);
      const bucket = askEmulator(
        EMULATOR_URL,
        "s3 = client('s3'); b = 'eks-fleet-terraform-state'; print(json.dumps({'versioning': s3.get_bucket_versioning(Bucket=b).get('Status'), 'block': s3.get_public_access_block(Bucket=b)['PublicAccessBlockConfiguration']}))",
      );
      expect(bucket).toEqual({
        versioning: 'Enabled',
        block: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
      });
    },
    STEP_MS,
  );

  test(
    'deploys the region with its state in the bucket',
    () => {
      app.tf(COLOUR, ['init', '-input=false', '-no-color']);
      app.tf(COLOUR, ['apply', '-auto-approve', '-input=false', '-no-color']);
      const keys = askEmulator(
        EMULATOR_URL,
        "print(json.dumps([o['Key'] for o in client('s3').list_objects_v2(Bucket='eks-fleet-terraform-state').get('Contents', [])]))",
      );
      expect(keys).toEqual([`regions/${COLOUR}/terraform.tfstate`]);
    },
    STEP_MS,
  );

  test(
    'plans no changes right after the deploy',
    () => {
      const plan = app.tfStatus(COLOUR, [
        'plan',
        '-detailed-exitcode',
        '-input=false',
        '-no-color',
      ]);
      expect({ status: plan.status, output: plan.status === 0 ? '' : plan.output }).toEqual({
        status: 0,
        output: '',
      });
    },
    STEP_MS,
  );

  test(
    'holds the cluster, the three nodegroups and the add-on roles in its state',
    () => {
      const state = app.tf(COLOUR, ['state', 'list']).split('\n');
      expect(state).toEqual(
        expect.arrayContaining([
          'aws_eks_cluster.cluster_eks',
          'aws_eks_node_group.nodegroup-acceptor_nodegroup',
          'aws_eks_node_group.nodegroup-core_nodegroup',
          'aws_eks_node_group.nodegroup-tenantUnit_nodegroup',
          'aws_kms_key.secrets-key_key',
          'aws_vpc.network_vpc',
          // The AWS side of the add-ons deploys on the emulator too.
          'aws_iam_role.services_external-dns_irsa_role',
          'aws_iam_role.services_cluster-autoscaler_irsa_role',
          'aws_iam_role_policy.nodegroup-tenantUnit_addon-policies',
        ]),
      );
      const outputs = JSON.parse(app.tf(COLOUR, ['output', '-json'])) as Record<
        string,
        { value: unknown }
      >;
      expect(outputs.cluster_name.value).toBe('eks-pink');
      expect(outputs.nodegroup_names.value).toEqual(['acceptor', 'core', 'tenantUnit']);
      expect(outputs.kubeconfig_command.value).toBe(
        'aws eks update-kubeconfig --region us-west-2 --name eks-pink --alias pink',
      );
    },
    STEP_MS,
  );

  test(
    'destroy leaves nothing of the region behind',
    () => {
      app.tf(COLOUR, ['destroy', '-auto-approve', '-input=false', '-no-color']);
      expect(app.tf(COLOUR, ['state', 'list']).trim()).toBe('');
      const left = askEmulator(
        EMULATOR_URL,
        [
          "eks = client('eks'); ec2 = client('ec2'); iam = client('iam'); kms = client('kms'); logs = client('logs')",
          "vpcs = ec2.describe_vpcs(Filters=[{'Name': 'tag:fleet:region', 'Values': ['pink']}])['Vpcs']",
          "keys = [k for k in kms.list_keys()['Keys'] if kms.describe_key(KeyId=k['KeyId'])['KeyMetadata']['KeyState'] != 'PendingDeletion']",
          'print(json.dumps({',
          "  'clusters': eks.list_clusters()['clusters'],",
          "  'vpcs': [v['VpcId'] for v in vpcs],",
          "  'roles': [r['RoleName'] for r in iam.list_roles()['Roles'] if r['RoleName'].startswith('eks-pink-')],",
          "  'oidc': iam.list_open_id_connect_providers()['OpenIDConnectProviderList'],",
          "  'liveKeys': [k['KeyId'] for k in keys],",
          "  'aliases': [a['AliasName'] for a in kms.list_aliases()['Aliases'] if 'pink' in a['AliasName']],",
          "  'logGroups': [g['logGroupName'] for g in logs.describe_log_groups()['logGroups']],",
          "  'addresses': [a['AllocationId'] for a in ec2.describe_addresses()['Addresses']],",
          '}))',
        ].join('\n'),
      );
      expect(left).toEqual({
        clusters: [],
        vpcs: [],
        roles: [],
        oidc: [],
        liveKeys: [],
        aliases: [],
        logGroups: [],
        addresses: [],
      });
    },
    STEP_MS,
  );
});
