import type { RegionInput } from '../modules/config';

/** A MultiRegion in us-west-2: ingest and processing for a share of the customers. */
export default {
  colour: 'pink',
  kind: 'MultiRegion',
  awsRegion: 'us-west-2',
  vpcCidr: '10.10.0.0/16',
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
      instanceTypes: ['m5.4xlarge'],
      minSize: 3,
      maxSize: 50,
      labels: { instanaGroup: 'core', vendor: 'instana', zone: 'private' },
      tags: { instanaGroup: 'core', vendor: 'instana', zone: 'private' },
    },
    tenantUnit: {
      instanceTypes: ['r5.4xlarge'],
      minSize: 1,
      maxSize: 100,
      diskSize: 200,
      // As in the seed: pods on tenant units may scale nodes, manage DNS and certificates.
      addonPolicies: { autoScaler: true, externalDNS: true, certManager: true },
      labels: { instanaGroup: 'tenantUnit', vendor: 'instana', zone: 'private' },
      tags: { instanaGroup: 'tenantUnit', vendor: 'instana', zone: 'private' },
    },
  },
  // The region's own zone under the fleet's, its certificate, and the load balancer controller.
  ingress: {
    domain: 'pink.fleet.example.com',
    parentZone: 'fleet.example.com',
    // Only ingress workloads (and daemons such as the agent) land on acceptor nodes.
    taint: true,
  },
  addons: {
    instanaAgent: { endpointHost: 'ingress-red-saas.instana.io' },
  },
  tags: { team: 'sre' },
} satisfies RegionInput;
