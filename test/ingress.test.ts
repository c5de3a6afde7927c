import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { DataAwsRoute53Zone } from '@cdktf/provider-aws/lib/data-aws-route53-zone';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Release } from '@cdktf/provider-helm/lib/release';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { Testing } from 'cdktf';
import { loadBalancerControllerStatements } from '../modules/addons/iam-policies';
import { LoadBalancerController } from '../modules/addons/load-balancer-controller';
import { resolveRegion, type RegionInput } from '../modules/config';
import { Ingress } from '../modules/ingress';
import { RegionStack } from '../modules/region-stack';
import type { Target } from '../modules/target';
import pink from '../regions/pink';
import { addonContext, serviceAccountTrust } from './addon-context';
import {
  parseStack,
  policyOf,
  referenceTo,
  dataSourcesOf,
  releaseOf,
  releaseValues,
  resourcesOf,
} from './synthesized';

const AWS: Target = { kind: 'aws', stateBucket: 'state', stateRegion: 'us-west-2' };
const LOCAL: Target = {
  kind: 'local',
  stateBucket: 'state',
  stateRegion: 'us-west-2',
  emulatorUrl: 'http://127.0.0.1:4599',
};

function synthRegion(input: RegionInput = pink, target: Target = AWS): string {
  return Testing.synth(new RegionStack(Testing.app(), resolveRegion('pink', input), target));
}

function pinkIngress(changes: Partial<NonNullable<RegionInput['ingress']>>): RegionInput {
  return { ...pink, ingress: { ...pink.ingress, ...changes } };
}

function only<T>(record: Record<string, T>): T {
  const values = Object.values(record);
  expect(values).toHaveLength(1);
  return values[0];
}

describe('Ingress in the pink region stack', () => {
  const synthesized = synthRegion();
  const zone = referenceTo(synthesized, Route53Zone, 'zone_id');

  test("creates the region's zone, protected from destruction", () => {
    expect(resourcesOf(synthesized, Route53Zone)).toEqual({
      ingress_zone: expect.objectContaining({
        name: 'pink.fleet.example.com',
        lifecycle: { prevent_destroy: true },
      }),
    });
  });

  test("lets the zone go only when the region's destroy guard is lifted", () => {
    const region = resolveRegion('pink', pink);
    const lifted = Testing.synth(
      new RegionStack(Testing.app(), region, { ...AWS, allowDestroy: ['pink'] }),
    );
    expect(only(resourcesOf(lifted, Route53Zone)).lifecycle).toEqual({ prevent_destroy: false });
  });

  test('delegates the domain from the parent zone, found by name among public zones', () => {
    expect(dataSourcesOf(synthesized, DataAwsRoute53Zone)).toEqual({
      'ingress_parent-zone': expect.objectContaining({
        name: 'fleet.example.com',
        private_zone: false,
      }),
    });
    expect(resourcesOf(synthesized, Route53Record).ingress_delegation).toEqual(
      expect.objectContaining({
        zone_id: '${data.aws_route53_zone.ingress_parent-zone.zone_id}',
        name: 'pink.fleet.example.com',
        type: 'NS',
        ttl: 3600,
        records: referenceTo(synthesized, Route53Zone, 'name_servers'),
      }),
    );
    // On AWS an existing delegation is never written over.
    expect(resourcesOf(synthesized, Route53Record).ingress_delegation).not.toHaveProperty(
      'allow_overwrite',
    );
  });

  test('makes no delegation without a parent zone', () => {
    const alone = synthRegion(pinkIngress({ parentZone: undefined }));
    expect(dataSourcesOf(alone, DataAwsRoute53Zone)).toEqual({});
    expect(Object.keys(resourcesOf(alone, Route53Record))).toEqual(['ingress_validation-record']);
  });

  test('requests a certificate for the domain and its wildcard, validated by DNS', () => {
    expect(only(resourcesOf(synthesized, AcmCertificate))).toEqual(
      expect.objectContaining({
        domain_name: 'pink.fleet.example.com',
        subject_alternative_names: ['*.pink.fleet.example.com'],
        validation_method: 'DNS',
        lifecycle: { create_before_destroy: true },
      }),
    );
  });

  test("writes the one validation record in the region's zone and waits for the certificate", () => {
    const pick = (field: string) =>
      `\${one([for option in aws_acm_certificate.ingress_certificate.domain_validation_options : option.${field} if option.domain_name == "pink.fleet.example.com"])}`;
    expect(resourcesOf(synthesized, Route53Record)['ingress_validation-record']).toEqual(
      expect.objectContaining({
        zone_id: zone,
        name: pick('resource_record_name'),
        type: pick('resource_record_type'),
        records: [pick('resource_record_value')],
        allow_overwrite: true,
      }),
    );
    expect(only(resourcesOf(synthesized, AcmCertificateValidation))).toEqual(
      expect.objectContaining({
        certificate_arn: referenceTo(synthesized, AcmCertificate, 'arn'),
        validation_record_fqdns: ['${aws_route53_record.ingress_validation-record.fqdn}'],
      }),
    );
  });

  test('opens the load balancers to the allowed clients on the listener ports only', () => {
    const lb = '${aws_security_group.ingress_load-balancers.id}';
    const nodes = '${aws_security_group.ingress_nodes.id}';
    const wide = synthRegion(
      pinkIngress({ allowedCidrs: ['198.51.100.0/24'], ports: [443, 6443] }),
    );
    const clientRules = Object.values(resourcesOf(wide, VpcSecurityGroupIngressRule))
      .filter((rule) => rule.security_group_id === lb)
      .map((rule) => [rule.cidr_ipv4, rule.ip_protocol, rule.from_port, rule.to_port]);
    expect(clientRules).toEqual([
      ['198.51.100.0/24', 'tcp', 443, 443],
      ['198.51.100.0/24', 'tcp', 6443, 6443],
    ]);
    // Out of the load balancers: NodePorts on the ingress nodes, nothing else.
    expect(only(resourcesOf(wide, VpcSecurityGroupEgressRule))).toEqual(
      expect.objectContaining({
        security_group_id: lb,
        referenced_security_group_id: nodes,
        ip_protocol: 'tcp',
        from_port: 30000,
        to_port: 32767,
      }),
    );
    // Into the ingress nodes: NodePorts from the load balancers' group, from nowhere else.
    const nodeRules = Object.values(resourcesOf(wide, VpcSecurityGroupIngressRule)).filter(
      (rule) => rule.security_group_id === nodes,
    );
    expect(nodeRules).toEqual([
      expect.objectContaining({
        referenced_security_group_id: lb,
        ip_protocol: 'tcp',
        from_port: 30000,
        to_port: 32767,
      }),
    ]);
    expect(nodeRules[0]).not.toHaveProperty('cidr_ipv4');
    expect(Object.keys(resourcesOf(wide, SecurityGroup)).sort()).toEqual([
      'ingress_load-balancers',
      'ingress_nodes',
    ]);
  });

  test('gives the ingress group to the acceptor nodes only, beside the cluster group', () => {
    const templates = resourcesOf(synthesized, LaunchTemplate);
    expect(templates['nodegroup-acceptor_launch-template'].vpc_security_group_ids).toEqual([
      '${aws_eks_cluster.cluster_eks.vpc_config[0].cluster_security_group_id}',
      '${aws_security_group.ingress_nodes.id}',
    ]);
    expect(templates['nodegroup-core_launch-template']).not.toHaveProperty(
      'vpc_security_group_ids',
    );
    expect(templates['nodegroup-tenantUnit_launch-template']).not.toHaveProperty(
      'vpc_security_group_ids',
    );
  });

  test('outputs the zone, its name servers, the issued certificate and the group', () => {
    expect(parseStack(synthesized).output).toEqual(
      expect.objectContaining({
        dns_zone_id: expect.objectContaining({ value: zone }),
        dns_name_servers: expect.objectContaining({
          value: referenceTo(synthesized, Route53Zone, 'name_servers'),
        }),
        certificate_arn: expect.objectContaining({
          value: referenceTo(synthesized, AcmCertificateValidation, 'certificate_arn'),
        }),
        load_balancer_security_group_id: expect.objectContaining({
          value: '${aws_security_group.ingress_load-balancers.id}',
        }),
      }),
    );
  });

  test("lets external-dns manage the region's own zone", () => {
    expect(releaseValues(releaseOf(synthesized, 'external-dns', Release)).extraArgs).toEqual([
      `--zone-id-filter=${zone}`,
    ]);
    const policy = resourcesOf(synthesized, IamRolePolicy)['services_external-dns_irsa_policy'];
    expect(policyOf(policy.policy).Statement[0].Resource).toEqual([
      `arn:\${data.aws_partition.partition.partition}:route53:::hostedzone/${zone}`,
    ]);
  });

  test('on the emulator, stands in the VPC default group and tolerates its read-back quirks', () => {
    const local = synthRegion(pink, LOCAL);
    const template = resourcesOf(local, LaunchTemplate)['nodegroup-acceptor_launch-template'];
    expect(template.vpc_security_group_ids).toEqual([
      '${aws_vpc.network_vpc.default_security_group_id}',
      '${aws_security_group.ingress_nodes.id}',
    ]);
    expect(resourcesOf(local, Route53Record).ingress_delegation.allow_overwrite).toBe(true);
    expect(only(resourcesOf(local, VpcSecurityGroupEgressRule)).lifecycle).toEqual({
      ignore_changes: ['description', 'referenced_security_group_id'],
    });
    // The release is left out there with the others; the controller's role is not.
    expect(resourcesOf(local, Release)).toEqual({});
    expect(Object.keys(resourcesOf(local, IamRole))).toContain(
      'services_load-balancer-controller_irsa_role',
    );
  });

  test('builds no ingress for a region without it', () => {
    const none = synthRegion({
      ...pink,
      ingress: undefined,
      addons: { ...pink.addons, externalDns: { hostedZoneIds: ['Z0PINKEXAMPLE0000001'] } },
    });
    expect(resourcesOf(none, Route53Zone)).toEqual({});
    expect(resourcesOf(none, AcmCertificate)).toEqual({});
    expect(resourcesOf(none, SecurityGroup)).toEqual({});
    expect(() => releaseOf(none, 'aws-load-balancer-controller', Release)).toThrow();
  });
});

describe('LoadBalancerController', () => {
  const config = resolveRegion('pink', pink).ingress!.loadBalancerController;
  const synthesized = Testing.synthScope((stack) => {
    new LoadBalancerController(stack, 'load-balancer-controller', {
      context: addonContext(stack),
      accountId: '123456789012',
      vpcId: 'vpc-0123456789abcdef0',
      config,
    });
  });

  test('installs the pinned chart into its own namespace with cluster, region and VPC set', () => {
    const release = releaseOf(synthesized, 'aws-load-balancer-controller', Release);
    expect(release).toEqual(
      expect.objectContaining({
        name: 'aws-load-balancer-controller',
        repository: 'https://aws.github.io/eks-charts',
        version: '1.14.0',
        namespace: referenceTo(synthesized, NamespaceV1, 'metadata[0].name'),
      }),
    );
    expect(only(resourcesOf(synthesized, NamespaceV1)).metadata).toEqual(
      expect.objectContaining({ name: 'aws-load-balancer-controller' }),
    );
    expect(releaseValues(release)).toEqual({
      clusterName: 'eks-pink',
      region: 'us-west-2',
      vpcId: 'vpc-0123456789abcdef0',
      serviceAccount: {
        create: true,
        name: 'aws-load-balancer-controller',
        annotations: { 'eks.amazonaws.com/role-arn': referenceTo(synthesized, IamRole, 'arn') },
      },
      enableShield: false,
      enableWaf: false,
      enableWafv2: false,
    });
  });

  test("trusts only the controller's service account in its namespace", () => {
    const role = only(resourcesOf(synthesized, IamRole));
    expect(role.name).toBe('eks-pink-us-west-2-load-balancer-controller');
    expect(policyOf(role.assume_role_policy).Statement).toEqual(
      serviceAccountTrust('aws-load-balancer-controller', 'aws-load-balancer-controller'),
    );
  });

  test('grants the policy written for it, scoped to the account, AWS region, VPC and cluster', () => {
    const policy = only(resourcesOf(synthesized, IamRolePolicy));
    expect(policyOf(policy.policy).Statement).toEqual(
      loadBalancerControllerStatements({
        partition: 'aws',
        awsRegion: 'us-west-2',
        accountId: '123456789012',
        vpcId: 'vpc-0123456789abcdef0',
        clusterName: 'eks-pink',
      }),
    );
  });
});

describe('loadBalancerControllerStatements', () => {
  const statements = loadBalancerControllerStatements({
    partition: 'aws',
    awsRegion: 'us-west-2',
    accountId: '123456789012',
    vpcId: 'vpc-0123456789abcdef0',
    clusterName: 'eks-pink',
  });
  const read = /^[a-z0-9-]+:(Describe|List|Get)[A-Za-z]*$/;

  test('changes nothing on every resource: only reads are account-wide', () => {
    const everywhere = statements.filter((s) => s.Resource === '*');
    expect(everywhere.map((s) => s.Sid)).toEqual(['Discover']);
    expect(everywhere[0].Action.filter((action) => !read.test(action))).toEqual([]);
  });

  test('touches only balancers, target groups and security groups tagged with its cluster', () => {
    const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));
    const tagged = { StringEquals: { 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'eks-pink' } };
    expect(bySid.ManageOwnLoadBalancers.Condition).toEqual(tagged);
    expect(bySid.ManageOwnSecurityGroups.Condition).toEqual(tagged);
    expect(bySid.CreateOwnLoadBalancers.Condition).toEqual({
      StringEquals: { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'eks-pink' },
    });
    expect(bySid.BackendRulesInRegionVpc.Condition).toEqual({
      ArnEquals: { 'ec2:Vpc': 'arn:aws:ec2:us-west-2:123456789012:vpc/vpc-0123456789abcdef0' },
    });
  });

  test('names no other account or AWS region, and no WAF, Shield or Cognito action', () => {
    const resources = statements.flatMap((s) => [s.Resource].flat()).filter((r) => r !== '*');
    for (const resource of resources) {
      expect(resource).toMatch(
        /^arn:aws:(ec2|elasticloadbalancing):us-west-2:123456789012:|^arn:aws:iam::123456789012:/,
      );
    }
    const actions = statements.flatMap((s) => s.Action);
    expect(actions.filter((a) => /^(waf|wafv2|waf-regional|shield|cognito-idp):/.test(a))).toEqual(
      [],
    );
  });
});

describe('Ingress construct', () => {
  test('names its security groups after the cluster', () => {
    const config = resolveRegion('pink', pink).ingress!;
    const synthesized = Testing.synthScope((stack) => {
      new Ingress(stack, 'ingress', {
        colour: 'pink',
        clusterName: 'eks-pink',
        vpcId: 'vpc-0123456789abcdef0',
        config,
      });
    });
    expect(
      Object.values(resourcesOf(synthesized, SecurityGroup)).map((group) => [
        group.name,
        group.vpc_id,
      ]),
    ).toEqual([
      ['eks-pink-load-balancers', 'vpc-0123456789abcdef0'],
      ['eks-pink-ingress-nodes', 'vpc-0123456789abcdef0'],
    ]);
  });
});
