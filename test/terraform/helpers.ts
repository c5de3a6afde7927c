/**
 * What the Terraform tests share: a synthesized copy of the app in a temporary folder, and
 * Terraform runs in it against a given environment.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { synth, terraform, terraformAsync } from '../../scripts/lib/stacks';

export interface SynthesizedApp {
  /** cdktf's output folder, inside a fresh temporary folder. */
  readonly outdir: string;
  /** The stacks it holds: fleet-state and one per region. */
  readonly stacks: string[];
  /** Runs Terraform in one stack and returns what it printed. */
  tf(stack: string, args: string[], okCodes?: number[]): string;
  /** Runs Terraform in one stack and returns its exit code and output, whatever they are. */
  tfStatus(stack: string, args: string[]): { status: number; output: string };
  /** The same without blocking, so that several runs overlap. */
  tfAsync(stack: string, args: string[]): Promise<{ status: number; output: string }>;
}

export function synthesize(env: NodeJS.ProcessEnv): SynthesizedApp {
  const outdir = join(mkdtempSync(join(tmpdir(), 'eks-fleet-')), 'cdktf.out');
  synth(env, outdir);
  const stacks = readdirSync(join(outdir, 'stacks')).sort();
  return {
    outdir,
    stacks,
    tf: (stack, args, okCodes = []) => terraform(stack, args, { env, outdir, okCodes }),
    tfStatus: (stack, args) => {
      const result = spawnSync('terraform', args, {
        cwd: join(outdir, 'stacks', stack),
        env,
        encoding: 'utf8',
      });
      return { status: result.status ?? 1, output: `${result.stdout}${result.stderr}` };
    },
    tfAsync: (stack, args) => terraformAsync(stack, args, { env, outdir }),
  };
}

/**
 * Python lines that find a region's ingress in the emulator (`r`, `colour` and `ec2` set before):
 * its zone by the domain regions/*.ts give it, the delegation in the fleet's parent zone, its
 * certificate and its security groups.
 */
const INGRESS_QUERIES = [
  "domain = colour + '.fleet.example.com'; r53 = client('route53'); acm = client('acm', r)",
  "zones = r53.list_hosted_zones()['HostedZones']",
  "parent = [z['Id'] for z in zones if z['Name'] == 'fleet.example.com.']",
  "delegations = [x for p in parent for x in r53.list_resource_record_sets(HostedZoneId=p)['ResourceRecordSets'] if x['Type'] == 'NS' and x['Name'] == domain + '.']",
  "certificates = [c['CertificateArn'] for c in acm.list_certificates()['CertificateSummaryList'] if c['DomainName'] == domain]",
  "groups = [g['GroupName'] for g in ec2.describe_security_groups()['SecurityGroups'] if g['GroupName'].startswith('eks-' + colour + '-')]",
];

/** What the emulator still holds of a region: everything a destroy must leave empty. */
export function leftovers(url: string, colour: string, awsRegion: string): unknown {
  return askEmulator(
    url,
    [
      `r = ${JSON.stringify(awsRegion)}; colour = ${JSON.stringify(colour)}`,
      "eks = client('eks', r); ec2 = client('ec2', r); iam = client('iam', r); kms = client('kms', r); logs = client('logs', r)",
      // Tags are matched here rather than by the API's filters, which the emulator ignores for some types.
      "def mine(item): return {t['Key']: t['Value'] for t in item.get('Tags', [])}.get('fleet:region') == colour",
      ...INGRESS_QUERIES,
      "keys = [k['KeyId'] for k in kms.list_keys()['Keys'] if kms.describe_key(KeyId=k['KeyId'])['KeyMetadata']['KeyState'] != 'PendingDeletion' and {t['TagKey']: t['TagValue'] for t in kms.list_resource_tags(KeyId=k['KeyId']).get('Tags', [])}.get('fleet:region') == colour]",
      'print(json.dumps({',
      "  'clusters': [c for c in eks.list_clusters()['clusters'] if c == 'eks-' + colour],",
      "  'vpcs': [v['VpcId'] for v in ec2.describe_vpcs()['Vpcs'] if mine(v)],",
      "  'subnets': [s['SubnetId'] for s in ec2.describe_subnets()['Subnets'] if mine(s)],",
      "  'natGateways': [n['NatGatewayId'] for n in ec2.describe_nat_gateways()['NatGateways'] if mine(n) and n['State'] not in ('deleting', 'deleted')],",
      "  'addresses': [a['AllocationId'] for a in ec2.describe_addresses()['Addresses'] if mine(a)],",
      "  'launchTemplates': [t['LaunchTemplateName'] for t in ec2.describe_launch_templates()['LaunchTemplates'] if t['LaunchTemplateName'].startswith('eks-' + colour + '-')],",
      "  'roles': [x['RoleName'] for x in iam.list_roles()['Roles'] if x['RoleName'].startswith('eks-' + colour + '-')],",
      "  'liveKeys': keys,",
      "  'aliases': [a['AliasName'] for a in kms.list_aliases()['Aliases'] if a['AliasName'] == 'alias/eks/' + colour + '/secrets'],",
      "  'logGroups': [g['logGroupName'] for g in logs.describe_log_groups()['logGroups'] if g['logGroupName'] == '/aws/eks/eks-' + colour + '/cluster'],",
      "  'zones': [z['Name'] for z in zones if z['Name'] == domain + '.'],",
      "  'delegations': [x['Name'] for x in delegations],",
      "  'certificates': certificates,",
      "  'securityGroups': groups,",
      '}))',
    ].join('\n'),
  );
}

/**
 * How many of each thing the emulator holds for a region: what a deploy must make exactly once.
 * Route tables count the region's own (tagged), not the one AWS gives every VPC.
 */
export function regionCounts(url: string, colour: string, awsRegion: string): unknown {
  return askEmulator(
    url,
    [
      `r = ${JSON.stringify(awsRegion)}; colour = ${JSON.stringify(colour)}`,
      "ec2 = client('ec2', r); eks = client('eks', r); iam = client('iam', r); kms = client('kms', r)",
      "def mine(item): return {t['Key']: t['Value'] for t in item.get('Tags', [])}.get('fleet:region') == colour",
      "def live_key(k): return kms.describe_key(KeyId=k)['KeyMetadata']['KeyState'] != 'PendingDeletion' and {t['TagKey']: t['TagValue'] for t in kms.list_resource_tags(KeyId=k).get('Tags', [])}.get('fleet:region') == colour",
      "cluster = 'eks-' + colour",
      ...INGRESS_QUERIES,
      'print(json.dumps({',
      "  'vpcs': len([v for v in ec2.describe_vpcs()['Vpcs'] if mine(v)]),",
      "  'subnets': len([s for s in ec2.describe_subnets()['Subnets'] if mine(s)]),",
      "  'internetGateways': len([g for g in ec2.describe_internet_gateways()['InternetGateways'] if mine(g)]),",
      "  'natGateways': len([n for n in ec2.describe_nat_gateways()['NatGateways'] if mine(n) and n['State'] not in ('deleting', 'deleted')]),",
      "  'addresses': len([a for a in ec2.describe_addresses()['Addresses'] if mine(a)]),",
      "  'routeTables': len([t for t in ec2.describe_route_tables()['RouteTables'] if mine(t)]),",
      "  'launchTemplates': len([t for t in ec2.describe_launch_templates()['LaunchTemplates'] if t['LaunchTemplateName'].startswith(cluster + '-')]),",
      "  'liveKeys': len([k['KeyId'] for k in kms.list_keys()['Keys'] if live_key(k['KeyId'])]),",
      "  'clusters': len([c for c in eks.list_clusters()['clusters'] if c == cluster]),",
      "  'nodegroups': len(eks.list_nodegroups(clusterName=cluster)['nodegroups']) if cluster in eks.list_clusters()['clusters'] else 0,",
      "  'roles': len([x for x in iam.list_roles()['Roles'] if x['RoleName'].startswith(cluster + '-')]),",
      "  'zones': len([z for z in zones if z['Name'] == domain + '.']),",
      "  'delegations': len(delegations),",
      "  'certificates': len(certificates),",
      "  'securityGroups': len(groups),",
      '}))',
    ].join('\n'),
  );
}

/** What `regionCounts` answers for pink or teal deployed once, and nothing twice. */
export const ONE_MULTI_REGION = {
  vpcs: 1,
  subnets: 6,
  internetGateways: 1,
  natGateways: 3,
  addresses: 3,
  routeTables: 4,
  launchTemplates: 3,
  liveKeys: 1,
  clusters: 1,
  nodegroups: 3,
  // The cluster role, 3 node roles, and the roles of external-dns, cluster-autoscaler and the
  // load balancer controller.
  roles: 7,
  // Ingress: the region's zone, its delegation in the parent, its certificate, and the security
  // groups of the load balancers and the ingress nodes.
  zones: 1,
  delegations: 1,
  certificates: 1,
  securityGroups: 2,
};

/**
 * Starts an apply and interrupts it with SIGINT, as Ctrl-C or a cancelled CI job does, once it
 * has created `after` resources; resolves when Terraform has exited.
 */
export function applyInterrupted(
  app: SynthesizedApp,
  stack: string,
  env: NodeJS.ProcessEnv,
  after: number,
): Promise<{ status: number; created: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('terraform', ['apply', '-auto-approve', '-input=false', '-no-color'], {
      cwd: join(app.outdir, 'stacks', stack),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let created = 0;
    let interrupted = false;
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      created = (output.match(/Creation complete after/g) ?? []).length;
      if (!interrupted && created >= after) {
        interrupted = true;
        child.kill('SIGINT');
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('close', (status) => resolve({ status: status ?? 1, created, output }));
  });
}

/** What `leftovers` answers for a region that is wholly gone. */
export const NOTHING_LEFT = {
  clusters: [],
  vpcs: [],
  subnets: [],
  natGateways: [],
  addresses: [],
  launchTemplates: [],
  roles: [],
  liveKeys: [],
  aliases: [],
  logGroups: [],
  zones: [],
  delegations: [],
  certificates: [],
  securityGroups: [],
};

/** Asks the emulator, through boto3 (installed with moto), and returns the parsed JSON answer. */
export function askEmulator(url: string, script: string): unknown {
  const program = [
    'import boto3, json',
    `def client(name, region='us-west-2'): return boto3.client(name, endpoint_url=${JSON.stringify(url)}, region_name=region, aws_access_key_id='test', aws_secret_access_key='test')`,
    script,
  ].join('\n');
  const result = spawnSync('python3', ['-c', program], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`boto3 query failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}
