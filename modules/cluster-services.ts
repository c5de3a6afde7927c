import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { CertManager } from './addons/cert-manager';
import { ClusterAutoscaler } from './addons/cluster-autoscaler';
import { ExternalDns } from './addons/external-dns';
import type { AddonContext, AddonTarget } from './addons/helm-addon';
import { InstanaAgent } from './addons/instana-agent';
import { KubeDnsAutoscaler } from './addons/kube-dns-autoscaler';
import { LoadBalancerController } from './addons/load-balancer-controller';
import type { Cluster } from './cluster';
import type { RegionConfig } from './config';
import { TAINT_EFFECTS, type Nodegroup } from './nodegroup';

export interface ClusterServicesProps {
  readonly region: RegionConfig;
  readonly cluster: Cluster;
  /** Releases install after these and are removed before them. */
  readonly nodegroups: readonly Nodegroup[];
  readonly partition: string;
  readonly accountId: string;
  readonly vpcId: string;
  /** The region's own zone, when it has ingress: external-dns and cert-manager manage it too. */
  readonly ownZone?: { readonly zoneId: string; readonly domain: string };
  /**
   * Install the Helm releases, with the Kubernetes and Helm providers they need. Without a
   * Kubernetes API (the local emulator) only the AWS side of the add-ons is built.
   * @default true
   */
  readonly installReleases?: boolean;
}

/** The client authentication API that `aws eks get-token` answers in. */
const EXEC_API_VERSION = 'client.authentication.k8s.io/v1beta1';

/**
 * The cluster-wide services of a region: external-dns, cluster-autoscaler,
 * kube-dns-autoscaler, the Instana agent and, when asked for, cert-manager; each with its own
 * IAM role where it calls AWS, and the Kubernetes and Helm providers that install them.
 */
export class ClusterServices extends Construct {
  readonly externalDns?: ExternalDns;
  readonly clusterAutoscaler?: ClusterAutoscaler;
  readonly kubeDnsAutoscaler?: KubeDnsAutoscaler;
  readonly instanaAgent?: InstanaAgent;
  readonly certManager?: CertManager;
  readonly loadBalancerController?: LoadBalancerController;

  constructor(scope: Construct, id: string, props: ClusterServicesProps) {
    super(scope, id);
    const { region, cluster } = props;
    const addons = region.addons;
    const eks = cluster.cluster;

    const context: AddonContext = {
      colour: region.colour,
      clusterName: region.clusterName,
      awsRegion: region.awsRegion,
      partition: props.partition,
      kubernetesVersion: region.kubernetesVersion,
      oidcProviderArn: cluster.oidcProvider.arn,
      oidcIssuer: eks.identity.get(0).oidc.get(0).issuer,
      install: (props.installReleases ?? true) ? this.connect(props) : undefined,
    };

    const ownZone = props.ownZone;
    if (addons.externalDns.enabled) {
      const { hostedZoneIds, domainFilters } = addons.externalDns;
      this.externalDns = new ExternalDns(this, 'external-dns', {
        context,
        config: {
          ...addons.externalDns,
          hostedZoneIds: ownZone ? [...hostedZoneIds, ownZone.zoneId] : hostedZoneIds,
          // No filter means every domain in the zones; a filter list gains the region's domain.
          domainFilters:
            ownZone && domainFilters.length > 0
              ? [...domainFilters, ownZone.domain]
              : domainFilters,
        },
      });
    }
    if (addons.clusterAutoscaler.enabled) {
      this.clusterAutoscaler = new ClusterAutoscaler(this, 'cluster-autoscaler', {
        context,
        config: addons.clusterAutoscaler,
      });
    }
    if (addons.kubeDnsAutoscaler.enabled) {
      this.kubeDnsAutoscaler = new KubeDnsAutoscaler(this, 'kube-dns-autoscaler', {
        context,
        config: addons.kubeDnsAutoscaler,
      });
    }
    if (addons.instanaAgent.enabled) {
      this.instanaAgent = new InstanaAgent(this, 'instana-agent', {
        context,
        config: addons.instanaAgent,
        tolerations: nodeTaints(region),
      });
    }
    if (addons.certManager.enabled) {
      this.certManager = new CertManager(this, 'cert-manager', {
        context,
        config: {
          ...addons.certManager,
          hostedZoneIds: [
            ...addons.certManager.hostedZoneIds,
            ...(ownZone ? [ownZone.zoneId] : []),
          ],
        },
      });
    }
    if (region.ingress?.loadBalancerController.enabled) {
      this.loadBalancerController = new LoadBalancerController(this, 'load-balancer-controller', {
        context,
        accountId: props.accountId,
        vpcId: props.vpcId,
        config: region.ingress.loadBalancerController,
      });
    }
  }

  /**
   * The Kubernetes and Helm providers, wired to this cluster. They authenticate by running
   * `aws eks get-token` whenever they need a token, so a long apply never meets an expired one.
   */
  private connect(props: ClusterServicesProps): AddonTarget {
    const { region, cluster } = props;
    const eks = cluster.cluster;
    const host = eks.endpoint;
    const clusterCaCertificate = Fn.base64decode(eks.certificateAuthority.get(0).data);
    const args = ['eks', 'get-token', '--cluster-name', region.clusterName];
    args.push('--region', region.awsRegion, '--output', 'json');
    if (region.adminRoleArn !== undefined) args.push('--role-arn', region.adminRoleArn);
    const exec = { apiVersion: EXEC_API_VERSION, command: 'aws', args };

    return {
      kubernetes: new KubernetesProvider(this, 'kubernetes', {
        host,
        clusterCaCertificate,
        exec: [exec],
      }),
      helm: new HelmProvider(this, 'helm', { kubernetes: { host, clusterCaCertificate, exec } }),
      dependsOn: [...props.nodegroups.map((ng) => ng.nodegroup), ...cluster.adminAccess],
    };
  }
}

/** Every taint key and effect on the region's nodegroups, once each: what a DaemonSet tolerates. */
function nodeTaints(region: RegionConfig): { key: string; operator: 'Exists'; effect: string }[] {
  const seen = new Map<string, { key: string; operator: 'Exists'; effect: string }>();
  for (const ng of Object.values(region.nodegroups)) {
    for (const taint of ng.taints) {
      const effect = TAINT_EFFECTS[taint.effect];
      seen.set(`${taint.key}:${effect}`, { key: taint.key, operator: 'Exists', effect });
    }
  }
  return [...seen.values()];
}
