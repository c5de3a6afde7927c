import type { RegionInput } from '../modules/config';

/** A MultiRegion in Europe, for customers whose data stays in the EU. */
export default {
  colour: 'orange',
  kind: 'MultiRegion',
  awsRegion: 'eu-central-1',
  vpcCidr: '10.20.0.0/16',
  availabilityZones: ['eu-central-1a', 'eu-central-1b', 'eu-central-1c'],
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
      instanceTypes: ['r6i.4xlarge'],
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
    domain: 'orange.fleet.example.com',
    parentZone: 'fleet.example.com',
  },
  addons: {
    instanaAgent: { endpointHost: 'ingress-blue-saas.instana.io' },
  },
  tags: { team: 'sre' },
} satisfies RegionInput;
