import type { RegionInput } from '../modules/config';

/** The GlobalRegion: licensing, authentication and accounting for the whole fleet. */
export default {
  colour: 'global',
  kind: 'GlobalRegion',
  awsRegion: 'us-east-1',
  vpcCidr: '10.0.0.0/16',
  availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  kubernetesVersion: '1.33',
  endpointAccess: { public: true, publicCidrs: ['203.0.113.0/24'] },
  nodegroups: {
    platform: {
      instanceTypes: ['m6i.2xlarge'],
      minSize: 2,
      maxSize: 6,
      labels: { instanaGroup: 'platform', vendor: 'instana', zone: 'private' },
      tags: { instanaGroup: 'platform', vendor: 'instana', zone: 'private' },
    },
  },
  // The region's own zone under the fleet's, its certificate, and the load balancer controller.
  ingress: {
    domain: 'global.fleet.example.com',
    parentZone: 'fleet.example.com',
    nodegroup: 'platform',
  },
  addons: {
    instanaAgent: { endpointHost: 'ingress-red-saas.instana.io' },
  },
  tags: { team: 'sre' },
} satisfies RegionInput;
