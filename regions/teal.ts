import type { RegionInput } from '../modules/config';

/** A MultiRegion in us-west-2 next to pink: same AWS region, its own VPC, cluster and state. */
export default {
  colour: 'teal',
  kind: 'MultiRegion',
  awsRegion: 'us-west-2',
  vpcCidr: '10.11.0.0/16',
  availabilityZones: ['us-west-2a', 'us-west-2b', 'us-west-2c'],
  kubernetesVersion: '1.33',
  endpointAccess: { public: true, publicCidrs: ['203.0.113.0/24'] },
  nodegroups: {
    acceptor: {
      instanceTypes: ['c5.2xlarge'],
      minSize: 3,
      maxSize: 30,
      labels: { instanaGroup: 'acceptor', vendor: 'instana', zone: 'private' },
      tags: { instanaGroup: 'acceptor', vendor: 'instana', zone: 'private' },
    },
    core: {
      instanceTypes: ['m6i.4xlarge'],
      minSize: 3,
      maxSize: 40,
      labels: { instanaGroup: 'core', vendor: 'instana', zone: 'private' },
      tags: { instanaGroup: 'core', vendor: 'instana', zone: 'private' },
    },
    tenantUnit: {
      instanceTypes: ['r5.4xlarge'],
      minSize: 1,
      maxSize: 60,
      diskSize: 200,
      // As in the seed: pods on tenant units may scale nodes, manage DNS and certificates.
      addonPolicies: { autoScaler: true, externalDNS: true, certManager: true },
      labels: { instanaGroup: 'tenantUnit', vendor: 'instana', zone: 'private' },
      tags: { instanaGroup: 'tenantUnit', vendor: 'instana', zone: 'private' },
    },
  },
  // The region's own zone under the fleet's, its certificate, and the load balancer controller.
  ingress: {
    domain: 'teal.fleet.example.com',
    parentZone: 'fleet.example.com',
  },
  addons: {
    instanaAgent: { endpointHost: 'ingress-red-saas.instana.io' },
  },
  tags: { team: 'sre' },
} satisfies RegionInput;
