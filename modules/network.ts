import { Eip } from '@cdktf/provider-aws/lib/eip';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Construct } from 'constructs';

export interface NetworkProps {
  /** The region's colour, used in resource names. */
  readonly colour: string;
  /** The EKS cluster that will use the subnets; load balancers find them by its tag. */
  readonly clusterName: string;
  readonly vpcCidr: string;
  /** Three availability zones, in the order of the subnet lists. */
  readonly availabilityZones: readonly string[];
  readonly publicSubnets: readonly string[];
  readonly privateSubnets: readonly string[];
  /**
   * One NAT gateway per zone keeps a zone's egress alive when another zone fails; a single one
   * costs less and suits small or test regions.
   * @default 'one-per-az'
   */
  readonly natGateways?: 'one-per-az' | 'single';
}

/**
 * A VPC with a public and a private subnet in each of three availability zones. Nodes live in
 * the private subnets and reach the internet through NAT; the public subnets hold internet-facing
 * load balancers and the NAT gateways.
 */
export class Network extends Construct {
  readonly vpc: Vpc;
  readonly publicSubnets: Subnet[];
  readonly privateSubnets: Subnet[];
  readonly natGateways: NatGateway[];
  /** The private subnets' ways out: nodes need them to pull images and join the cluster. */
  readonly privateEgress: Route[] = [];

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const natMode = props.natGateways ?? 'one-per-az';
    const clusterTag = { [`kubernetes.io/cluster/${props.clusterName}`]: 'shared' };

    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: props.vpcCidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: props.colour },
    });

    const internetGateway = new InternetGateway(this, 'internet-gateway', {
      vpcId: this.vpc.id,
      tags: { Name: props.colour },
    });

    // The tags tell the AWS load balancer integrations which subnets to place load balancers in.
    this.publicSubnets = props.availabilityZones.map(
      (az, i) =>
        new Subnet(this, `public-${az}`, {
          vpcId: this.vpc.id,
          availabilityZone: az,
          cidrBlock: props.publicSubnets[i],
          tags: {
            Name: `${props.colour}-public-${az}`,
            'kubernetes.io/role/elb': '1',
            ...clusterTag,
          },
        }),
    );
    this.privateSubnets = props.availabilityZones.map(
      (az, i) =>
        new Subnet(this, `private-${az}`, {
          vpcId: this.vpc.id,
          availabilityZone: az,
          cidrBlock: props.privateSubnets[i],
          tags: {
            Name: `${props.colour}-private-${az}`,
            'kubernetes.io/role/internal-elb': '1',
            ...clusterTag,
          },
        }),
    );

    const publicRoutes = new RouteTable(this, 'public-routes', {
      vpcId: this.vpc.id,
      tags: { Name: `${props.colour}-public` },
    });
    new Route(this, 'public-default-route', {
      routeTableId: publicRoutes.id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: internetGateway.id,
    });
    this.publicSubnets.forEach(
      (subnet, i) =>
        new RouteTableAssociation(this, `public-routes-${props.availabilityZones[i]}`, {
          subnetId: subnet.id,
          routeTableId: publicRoutes.id,
        }),
    );

    const natZones =
      natMode === 'single' ? props.availabilityZones.slice(0, 1) : props.availabilityZones;
    this.natGateways = natZones.map((az, i) => {
      const address = new Eip(this, `nat-address-${az}`, {
        domain: 'vpc',
        tags: { Name: `${props.colour}-nat-${az}` },
      });
      return new NatGateway(this, `nat-${az}`, {
        allocationId: address.allocationId,
        subnetId: this.publicSubnets[i].id,
        tags: { Name: `${props.colour}-nat-${az}` },
        dependsOn: [internetGateway],
      });
    });

    // Each private subnet leaves through the NAT gateway of its own zone, or the single one.
    this.privateSubnets.forEach((subnet, i) => {
      const az = props.availabilityZones[i];
      const nat = this.natGateways[natMode === 'single' ? 0 : i];
      const routes = new RouteTable(this, `private-routes-${az}`, {
        vpcId: this.vpc.id,
        tags: { Name: `${props.colour}-private-${az}` },
      });
      const egress = new Route(this, `private-default-route-${az}`, {
        routeTableId: routes.id,
        destinationCidrBlock: '0.0.0.0/0',
        natGatewayId: nat.id,
      });
      this.privateEgress.push(egress);
      new RouteTableAssociation(this, `private-routes-${az}-association`, {
        subnetId: subnet.id,
        routeTableId: routes.id,
      });
    });
  }
}
