import { Eip } from '@cdktf/provider-aws/lib/eip';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Testing } from 'cdktf';
import { Network, type NetworkProps } from '../modules/network';
import { referenceTo, resourcesOf } from './synthesized';

const PROPS: NetworkProps = {
  colour: 'pink',
  clusterName: 'eks-pink',
  vpcCidr: '10.10.0.0/16',
  availabilityZones: ['us-west-2a', 'us-west-2b', 'us-west-2c'],
  privateSubnets: ['10.10.0.0/18', '10.10.64.0/18', '10.10.128.0/18'],
  publicSubnets: ['10.10.192.0/20', '10.10.208.0/20', '10.10.224.0/20'],
};

function synthNetwork(props: Partial<NetworkProps> = {}): string {
  return Testing.synthScope((stack) => new Network(stack, 'network', { ...PROPS, ...props }));
}

/** How other resources refer to the subnet of this tier in this zone. */
function subnetId(synthesized: string, tier: 'public' | 'private', az: string): string {
  const subnets = Object.entries(resourcesOf(synthesized, Subnet));
  const name = `pink-${tier}-${az}`;
  const found = subnets.find(([, subnet]) => (subnet.tags as { Name?: string }).Name === name);
  if (!found) throw new Error(`no ${tier} subnet in ${az}`);
  return `\${aws_subnet.${found[0]}.id}`;
}

/** The NAT gateways the private subnets' default routes point at, one entry per route. */
function natRouteTargets(synthesized: string): string[] {
  return Object.values(resourcesOf(synthesized, Route))
    .map((route) => route.nat_gateway_id)
    .filter((target): target is string => typeof target === 'string');
}

describe('Network', () => {
  const synthesized = synthNetwork();

  test('creates one VPC with DNS support and hostnames', () => {
    expect(Object.keys(resourcesOf(synthesized, Vpc))).toHaveLength(1);
    expect(synthesized).toHaveResourceWithProperties(Vpc, {
      cidr_block: '10.10.0.0/16',
      enable_dns_hostnames: true,
      enable_dns_support: true,
      tags: { Name: 'pink' },
    });
  });

  test('creates three public subnets tagged for internet-facing load balancers', () => {
    PROPS.availabilityZones.forEach((az, i) => {
      expect(synthesized).toHaveResourceWithProperties(Subnet, {
        availability_zone: az,
        cidr_block: PROPS.publicSubnets[i],
        tags: {
          Name: `pink-public-${az}`,
          'kubernetes.io/role/elb': '1',
          'kubernetes.io/cluster/eks-pink': 'shared',
        },
      });
    });
  });

  test('creates three private subnets tagged for internal load balancers', () => {
    PROPS.availabilityZones.forEach((az, i) => {
      expect(synthesized).toHaveResourceWithProperties(Subnet, {
        availability_zone: az,
        cidr_block: PROPS.privateSubnets[i],
        tags: {
          Name: `pink-private-${az}`,
          'kubernetes.io/role/internal-elb': '1',
          'kubernetes.io/cluster/eks-pink': 'shared',
        },
      });
    });
  });

  test('creates no subnets beyond the three public and three private', () => {
    expect(Object.keys(resourcesOf(synthesized, Subnet))).toHaveLength(6);
  });

  test('routes the public subnets to the internet gateway', () => {
    expect(synthesized).toHaveResourceWithProperties(Route, {
      destination_cidr_block: '0.0.0.0/0',
      gateway_id: referenceTo(synthesized, InternetGateway, 'id'),
    });
    expect(Object.keys(resourcesOf(synthesized, RouteTableAssociation))).toHaveLength(6);
  });

  test('defaults to one NAT gateway per availability zone, each in its public subnet', () => {
    expect(Object.keys(resourcesOf(synthesized, NatGateway))).toHaveLength(3);
    expect(Object.keys(resourcesOf(synthesized, Eip))).toHaveLength(3);
    for (const az of PROPS.availabilityZones) {
      expect(synthesized).toHaveResourceWithProperties(NatGateway, {
        subnet_id: subnetId(synthesized, 'public', az),
        tags: { Name: `pink-nat-${az}` },
      });
    }
  });

  test('defaults each private subnet to leave through the NAT gateway of its own zone', () => {
    const targets = natRouteTargets(synthesized);
    expect(targets).toHaveLength(3);
    expect(new Set(targets).size).toBe(3);
  });

  test('can configure a single NAT gateway that every private subnet uses', () => {
    const single = synthNetwork({ natGateways: 'single' });
    expect(Object.keys(resourcesOf(single, NatGateway))).toHaveLength(1);
    expect(Object.keys(resourcesOf(single, Eip))).toHaveLength(1);
    const targets = natRouteTargets(single);
    expect(targets).toHaveLength(3);
    expect(new Set(targets).size).toBe(1);
    expect(single).toHaveResourceWithProperties(NatGateway, {
      subnet_id: subnetId(single, 'public', 'us-west-2a'),
    });
  });
});
