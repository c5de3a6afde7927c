import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { DataAwsRoute53Zone } from '@cdktf/provider-aws/lib/data-aws-route53-zone';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { RegionConfig } from './config';

/** The ports Kubernetes gives NodePort Services: where load balancers reach instance targets. */
export const NODE_PORTS = { from: 30000, to: 32767 } as const;

/** How long resolvers may cache the delegation: an hour, so a changed zone heals the same day. */
const DELEGATION_TTL_SECONDS = 3600;

export interface IngressProps {
  readonly colour: string;
  readonly clusterName: string;
  readonly vpcId: string;
  readonly config: NonNullable<RegionConfig['ingress']>;
  /**
   * Refuse to destroy the zone: its name servers are what the parent delegates to and what
   * resolvers cache, so a new zone means an outage of every name in it.
   * @default true
   */
  readonly protect?: boolean;
  /**
   * Ignore how the local AWS emulator reads back rules between security groups (the group id
   * prefixed by the account, the description dropped), and write the delegation over an
   * earlier one, which its journal of record changes wrongly remembers. Never set against
   * real AWS.
   * @default false
   */
  readonly emulatorWorkarounds?: boolean;
}

/**
 * What a region needs before load balancers can publish its endpoints: its own Route 53 zone
 * (delegated from the parent zone when one is named), a certificate for the domain and its
 * wildcard validated through that zone, and the security groups that let load balancers reach
 * the ingress nodes, and let nothing else in from outside.
 */
export class Ingress extends Construct {
  readonly zone: Route53Zone;
  readonly certificate: AcmCertificate;
  /** The certificate once issued: what a listener may use. */
  readonly validation: AcmCertificateValidation;
  /** For the load balancers, by annotation: clients in `allowedCidrs` on `ports`. */
  readonly loadBalancerSecurityGroup: SecurityGroup;
  /** For the ingress nodes, beside the cluster's: NodePorts, from the load balancers only. */
  readonly nodeSecurityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: IngressProps) {
    super(scope, id);
    const { config, colour } = props;

    this.zone = new Route53Zone(this, 'zone', {
      name: config.domain,
      comment: `Region ${colour}: its endpoints, kept by external-dns`,
      lifecycle: { preventDestroy: props.protect ?? true },
    });
    if (config.parentZone !== undefined) {
      const parent = new DataAwsRoute53Zone(this, 'parent-zone', {
        name: config.parentZone,
        privateZone: false,
      });
      new Route53Record(this, 'delegation', {
        zoneId: parent.zoneId,
        name: config.domain,
        type: 'NS',
        ttl: DELEGATION_TTL_SECONDS,
        records: this.zone.nameServers,
        // On AWS an existing delegation is never overwritten: the create fails and says so.
        // The emulator refuses to create a record again once it was deleted, if another name
        // sorts after it in the zone; there, the record is written over instead.
        allowOverwrite: props.emulatorWorkarounds ? true : undefined,
      });
    }

    this.certificate = new AcmCertificate(this, 'certificate', {
      domainName: config.domain,
      subjectAlternativeNames: [`*.${config.domain}`],
      validationMethod: 'DNS',
      // A renamed certificate is issued before the old one goes, so listeners never lose theirs.
      lifecycle: { createBeforeDestroy: true },
    });
    // ACM validates a domain and its wildcard with one and the same record: write it once,
    // picked out of the certificate's validation options by the domain's name. (A for_each over
    // those options would have keys Terraform cannot know before the certificate exists, which
    // breaks `terraform import` of anything in the stack until it does.)
    const certificate = `${this.certificate.terraformResourceType}.${TerraformStack.of(this).getLogicalId(this.certificate)}`;
    const option = (field: string) =>
      `\${one([for option in ${certificate}.domain_validation_options : option.${field} if option.domain_name == ${JSON.stringify(config.domain)}])}`;
    const record = new Route53Record(this, 'validation-record', {
      zoneId: this.zone.zoneId,
      name: option('resource_record_name'),
      type: option('resource_record_type'),
      records: [option('resource_record_value')],
      ttl: 300,
      allowOverwrite: true,
    });
    this.validation = new AcmCertificateValidation(this, 'validation', {
      certificateArn: this.certificate.arn,
      validationRecordFqdns: [record.fqdn],
    });

    this.loadBalancerSecurityGroup = new SecurityGroup(this, 'load-balancers', {
      name: `${props.clusterName}-load-balancers`,
      description: `Load balancers of ${props.clusterName}: clients in, ingress nodes out`,
      vpcId: props.vpcId,
      tags: { Name: `${props.clusterName}-load-balancers` },
    });
    this.nodeSecurityGroup = new SecurityGroup(this, 'nodes', {
      name: `${props.clusterName}-ingress-nodes`,
      description: `Ingress nodes of ${props.clusterName}: NodePorts from its load balancers`,
      vpcId: props.vpcId,
      tags: { Name: `${props.clusterName}-ingress-nodes` },
    });

    for (const cidr of config.allowedCidrs) {
      for (const port of config.ports) {
        new VpcSecurityGroupIngressRule(this, `client-${cidr.replace(/[./]/g, '-')}-${port}`, {
          securityGroupId: this.loadBalancerSecurityGroup.id,
          description: `Clients in ${cidr} on ${port}`,
          cidrIpv4: cidr,
          ipProtocol: 'tcp',
          fromPort: port,
          toPort: port,
        });
      }
    }
    const betweenGroups = props.emulatorWorkarounds
      ? { ignoreChanges: ['description', 'referenced_security_group_id'] }
      : undefined;
    new VpcSecurityGroupEgressRule(this, 'to-node-ports', {
      securityGroupId: this.loadBalancerSecurityGroup.id,
      description: 'Traffic and health checks to NodePorts on the ingress nodes',
      referencedSecurityGroupId: this.nodeSecurityGroup.id,
      ipProtocol: 'tcp',
      fromPort: NODE_PORTS.from,
      toPort: NODE_PORTS.to,
      lifecycle: betweenGroups,
    });
    new VpcSecurityGroupIngressRule(this, 'from-load-balancers', {
      securityGroupId: this.nodeSecurityGroup.id,
      description: 'Traffic and health checks from the load balancers to NodePorts',
      referencedSecurityGroupId: this.loadBalancerSecurityGroup.id,
      ipProtocol: 'tcp',
      fromPort: NODE_PORTS.from,
      toPort: NODE_PORTS.to,
      lifecycle: betweenGroups,
    });
  }
}
