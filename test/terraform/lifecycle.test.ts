/**
 * Regions on the local AWS emulator, through their whole lives: bootstrap the state bucket;
 * deploy pink and teal (both in us-west-2) side by side; re-plan with no changes; show pink's
 * state with `npm run local:state` after a synthesis for AWS; race two applies of one region
 * on its lock; destroy and find nothing left; redeploy the same colour; destroy everything
 * again; adopt what a lost apply left behind; recover an interrupted apply.
 * The test runs its own emulator on a port of its own (4609, or FLEET_TEST_EMULATOR_URL), and
 * refuses to run if anything it did not start answers there, so a person's deployment is safe.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localEnvironment, PROJECT_ROOT } from '../../scripts/lib/environment';
import { startFreshEmulator, stopEmulator } from '../../scripts/lib/emulator';
import { recoverRegion } from '../../scripts/lib/recover-region';
import { synth } from '../../scripts/lib/stacks';
import {
  applyInterrupted,
  askEmulator,
  leftovers,
  NOTHING_LEFT,
  ONE_MULTI_REGION,
  regionCounts,
  synthesize,
  type SynthesizedApp,
} from './helpers';

const EMULATOR_URL = process.env.FLEET_TEST_EMULATOR_URL ?? 'http://127.0.0.1:4609';
const AWS_REGION = 'us-west-2';

/** Measured on the emulator: apply about 30 s, plan 15 s, destroy about a minute. */
const STEP_MS = 5 * 60_000;

const APPLY = ['apply', '-auto-approve', '-input=false', '-no-color'];
const DESTROY = ['destroy', '-auto-approve', '-input=false', '-no-color'];
const PLAN = ['plan', '-detailed-exitcode', '-input=false', '-no-color'];

describe('regions on the emulator', () => {
  // The test destroys its regions, so it lifts their guard on the secrets key.
  const env = {
    ...localEnvironment({ ...process.env, FLEET_EMULATOR_URL: EMULATOR_URL }),
    FLEET_ALLOW_DESTROY: 'pink,teal',
  };
  let app: SynthesizedApp;

  /** A plan's exit code, with its text when it is not the "no changes" 0. */
  function replan(colour: string, copy = app): { status: number; output: string } {
    const plan = copy.tfStatus(colour, PLAN);
    return { status: plan.status, output: plan.status === 0 ? '' : plan.output };
  }

  beforeAll(async () => {
    await startFreshEmulator(EMULATOR_URL, 'the lifecycle test (FLEET_TEST_EMULATOR_URL)');
    app = synthesize(env);
  }, STEP_MS);

  afterAll(() => {
    stopEmulator(EMULATOR_URL);
  });

  test(
    'bootstraps a versioned state bucket closed to the public',
    () => {
      app.tf('fleet-state', ['init', '-input=false', '-no-color']);
      app.tf('fleet-state', APPLY);
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
    'deploys pink and teal side by side in one AWS region with no name collision',
    async () => {
      for (const colour of ['pink', 'teal']) app.tf(colour, ['init', '-input=false', '-no-color']);
      const [pink, teal] = await Promise.all([
        app.tfAsync('pink', APPLY),
        app.tfAsync('teal', APPLY),
      ]);
      const failed = (run: { status: number; output: string }) =>
        run.status === 0 ? '' : run.output;
      expect([failed(pink), failed(teal)]).toEqual(['', '']);
      const keys = askEmulator(
        EMULATOR_URL,
        "print(json.dumps(sorted(o['Key'] for o in client('s3').list_objects_v2(Bucket='eks-fleet-terraform-state').get('Contents', []))))",
      );
      expect(keys).toEqual(['regions/pink/terraform.tfstate', 'regions/teal/terraform.tfstate']);
      const clusters = askEmulator(
        EMULATOR_URL,
        "print(json.dumps(sorted(client('eks').list_clusters()['clusters'])))",
      );
      expect(clusters).toEqual(['eks-pink', 'eks-teal']);
    },
    STEP_MS,
  );

  test(
    'plans no changes right after the deploy',
    () => {
      expect(replan('pink')).toEqual({ status: 0, output: '' });
      expect(replan('teal')).toEqual({ status: 0, output: '' });
    },
    STEP_MS,
  );

  test(
    'holds the cluster, the three nodegroups, the add-on roles and the ingress in its state',
    () => {
      const state = app.tf('pink', ['state', 'list']).split('\n');
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
          // Ingress: the zone, its delegation, the certificate and the security groups.
          'aws_route53_zone.ingress_zone',
          'aws_route53_record.ingress_delegation',
          'aws_acm_certificate.ingress_certificate',
          'aws_acm_certificate_validation.ingress_validation',
          'aws_security_group.ingress_load-balancers',
          'aws_security_group.ingress_nodes',
          'aws_iam_role.services_load-balancer-controller_irsa_role',
        ]),
      );
      const outputs = JSON.parse(app.tf('pink', ['output', '-json'])) as Record<
        string,
        { value: unknown }
      >;
      expect(outputs.cluster_name.value).toBe('eks-pink');
      expect(outputs.nodegroup_names.value).toEqual(['acceptor', 'core', 'tenantUnit']);
      expect(outputs.kubeconfig_command.value).toBe(
        'aws eks update-kubeconfig --region us-west-2 --name eks-pink --alias pink',
      );

      // The parent zone delegates to the region's zone, whose certificate was issued.
      const ingress = askEmulator(
        EMULATOR_URL,
        [
          "r53 = client('route53'); acm = client('acm')",
          "parent = [z['Id'] for z in r53.list_hosted_zones()['HostedZones'] if z['Name'] == 'fleet.example.com.'][0]",
          "ns = [x for x in r53.list_resource_record_sets(HostedZoneId=parent)['ResourceRecordSets'] if x['Name'] == 'pink.fleet.example.com.' and x['Type'] == 'NS']",
          `cert = acm.describe_certificate(CertificateArn=${JSON.stringify(outputs.certificate_arn.value)})['Certificate']`,
          "print(json.dumps({'delegatedTo': sorted(v['Value'].rstrip('.') for x in ns for v in x['ResourceRecords']), 'certificate': cert['Status'], 'names': sorted(cert['SubjectAlternativeNames'])}))",
        ].join('\n'),
      );
      expect(ingress).toEqual({
        delegatedTo: [...(outputs.dns_name_servers.value as string[])]
          .map((server) => server.replace(/\.$/, ''))
          .sort(),
        certificate: 'ISSUED',
        names: ['*.pink.fleet.example.com', 'pink.fleet.example.com'],
      });
      expect(outputs.dns_name_servers.value).not.toEqual([]);
    },
    STEP_MS,
  );

  test(
    'shows a region with npm run local:state even when the last synthesis was for AWS',
    () => {
      // As a plain `npx cdktf synth` leaves it: the aws target, with Helm and Kubernetes too.
      const outdir = join(mkdtempSync(join(tmpdir(), 'eks-fleet-aws-')), 'cdktf.out');
      synth({ ...env, FLEET_TARGET: 'aws' }, outdir);
      const before = JSON.parse(
        readFileSync(join(outdir, 'stacks', 'pink', 'cdk.tf.json'), 'utf8'),
      ) as { terraform: { required_providers: Record<string, unknown> } };
      expect(Object.keys(before.terraform.required_providers).sort()).toEqual([
        'aws',
        'helm',
        'kubernetes',
      ]);
      const shown = spawnSync('node', ['--import', 'tsx', 'scripts/local.ts', 'state', 'pink'], {
        cwd: PROJECT_ROOT,
        env: { ...env, CDKTF_OUTDIR: outdir },
        encoding: 'utf8',
      });
      expect({ status: shown.status, stderr: shown.status === 0 ? '' : shown.stderr }).toEqual({
        status: 0,
        stderr: '',
      });
      expect(shown.stdout).toContain('cluster_name = "eks-pink"');
      expect(shown.stdout.split('\n')).toContain('aws_eks_cluster.cluster_eks');
      // It read the state through a synthesis for the emulator, which has no add-on providers.
      const config = JSON.parse(
        readFileSync(join(outdir, 'stacks', 'pink', 'cdk.tf.json'), 'utf8'),
      ) as { terraform: { required_providers: Record<string, unknown> } };
      expect(Object.keys(config.terraform.required_providers)).toEqual(['aws']);
    },
    STEP_MS,
  );

  test(
    'lets only one of two simultaneous applies of a region hold its lock',
    async () => {
      // A second working copy, as a second person or CI job would have.
      const other = synthesize(env);
      other.tf('pink', ['init', '-input=false', '-no-color']);
      const noWait = [...APPLY, '-lock-timeout=0s'];
      const runs = await Promise.all([app.tfAsync('pink', noWait), other.tfAsync('pink', noWait)]);
      const statuses = runs.map((run) => run.status).sort();
      expect(statuses).toEqual([0, 1]);
      const refused = runs.find((run) => run.status === 1);
      expect(refused?.output).toContain('Error acquiring the state lock');
      // The state came through intact: it still describes the whole region.
      expect(replan('pink')).toEqual({ status: 0, output: '' });
    },
    STEP_MS,
  );

  test(
    'destroys pink and leaves nothing of it behind, teal untouched',
    () => {
      app.tf('pink', DESTROY);
      expect(app.tf('pink', ['state', 'list']).trim()).toBe('');
      expect(leftovers(EMULATOR_URL, 'pink', AWS_REGION)).toEqual(NOTHING_LEFT);
      expect(replan('teal')).toEqual({ status: 0, output: '' });
    },
    STEP_MS,
  );

  test(
    'deploys pink again under the same colour, with no duplicates',
    () => {
      app.tf('pink', APPLY);
      expect(replan('pink')).toEqual({ status: 0, output: '' });
      expect(regionCounts(EMULATOR_URL, 'pink', AWS_REGION)).toEqual(ONE_MULTI_REGION);
    },
    STEP_MS,
  );

  test(
    'destroys both regions and leaves nothing of either behind',
    async () => {
      const runs = await Promise.all([app.tfAsync('pink', DESTROY), app.tfAsync('teal', DESTROY)]);
      expect(runs.map((run) => run.status)).toEqual([0, 0]);
      expect(leftovers(EMULATOR_URL, 'pink', AWS_REGION)).toEqual(NOTHING_LEFT);
      expect(leftovers(EMULATOR_URL, 'teal', AWS_REGION)).toEqual(NOTHING_LEFT);
    },
    STEP_MS,
  );

  test(
    'adopts what a lost apply left outside the state before deploying, with no duplicates',
    async () => {
      // As a machine that died mid-apply leaves them: made in AWS, never written to the state.
      const pink = JSON.parse(
        readFileSync(join(app.outdir, 'stacks', 'pink', 'cdk.tf.json'), 'utf8'),
      ) as SynthesizedJson;
      // Each carries the tags it was created with, as the provider sends them with the create.
      const defaultTags = pink.provider.aws[0].default_tags[0].tags;
      const vpcTags = { ...defaultTags, ...pink.resource.aws_vpc.network_vpc.tags };
      const template = pink.resource.aws_launch_template['nodegroup-core_launch-template'].name;
      const role = pink.resource.aws_iam_role.cluster_role.name;
      const planted = askEmulator(
        EMULATOR_URL,
        [
          "def tagged(tags): return [{'Key': k, 'Value': v} for k, v in tags.items()]",
          `vpc_tags = tagged(${JSON.stringify(vpcTags)}); tags = tagged(${JSON.stringify(defaultTags)})`,
          "ec2 = client('ec2'); iam = client('iam')",
          "vpc = ec2.create_vpc(CidrBlock='10.10.0.0/16', TagSpecifications=[{'ResourceType': 'vpc', 'Tags': vpc_tags}])['Vpc']['VpcId']",
          `lt = ec2.create_launch_template(LaunchTemplateName='${template}', LaunchTemplateData={}, TagSpecifications=[{'ResourceType': 'launch-template', 'Tags': tags}])['LaunchTemplate']['LaunchTemplateId']`,
          `iam.create_role(RoleName='${role}', AssumeRolePolicyDocument=json.dumps({'Version': '2012-10-17', 'Statement': []}), Tags=tags)`,
          "print(json.dumps({'vpc': vpc, 'lt': lt}))",
        ].join('\n'),
      ) as { vpc: string; lt: string };

      const recovery = await recoverRegion('pink', { env, outdir: app.outdir });
      expect(recovery.ambiguous).toEqual([]);
      expect(recovery.untainted).toEqual([]);
      expect([...recovery.adopted].sort((a, b) => a.address.localeCompare(b.address))).toEqual([
        { address: 'aws_iam_role.cluster_role', id: role },
        { address: 'aws_launch_template.nodegroup-core_launch-template', id: planted.lt },
        { address: 'aws_vpc.network_vpc', id: planted.vpc },
      ]);
    },
    STEP_MS,
  );

  test(
    'recovers an apply interrupted part-way by a signal and converges with no duplicates',
    async () => {
      const interrupted = await applyInterrupted(app, 'pink', env, 12);
      expect(interrupted.status).not.toBe(0);
      expect(interrupted.output).toContain('Interrupt received');

      const recovery = await recoverRegion('pink', { env, outdir: app.outdir });
      expect(recovery.ambiguous).toEqual([]);
      app.tf('pink', APPLY);
      expect(replan('pink')).toEqual({ status: 0, output: '' });
      expect(regionCounts(EMULATOR_URL, 'pink', AWS_REGION)).toEqual(ONE_MULTI_REGION);

      app.tf('pink', DESTROY);
      expect(leftovers(EMULATOR_URL, 'pink', AWS_REGION)).toEqual(NOTHING_LEFT);
    },
    STEP_MS,
  );
});

/** The parts of a synthesized stack the recovery tests read. */
interface SynthesizedJson {
  provider: { aws: { default_tags: { tags: Record<string, string> }[] }[] };
  resource: Record<string, Record<string, { name?: string; tags?: Record<string, string> }>>;
}
