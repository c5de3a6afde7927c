import { Construct } from 'constructs';
import { KUBE_DNS_LINEAR, type RegionConfig } from '../config';
import { HelmAddon, type AddonContext, type Chart } from './helm-addon';

export const CLUSTER_PROPORTIONAL_AUTOSCALER_CHART: Chart = {
  name: 'cluster-proportional-autoscaler',
  repository: 'https://kubernetes-sigs.github.io/cluster-proportional-autoscaler',
  version: '1.1.0',
};

/**
 * Next to the CoreDNS deployment it scales. The chart puts its workload in options.namespace
 * but binds its roles to the service account in the release's namespace, so the two must be
 * one: the release goes into kube-system, the one add-on without a namespace of its own.
 */
const NAMESPACE = 'kube-system';

export interface KubeDnsAutoscalerProps {
  readonly context: AddonContext;
  readonly config: RegionConfig['addons']['kubeDnsAutoscaler'];
}

/**
 * kube-dns-autoscaler: scales the CoreDNS deployment with the size of the cluster, in linear
 * mode by default or ladder mode, never both. It needs no AWS permissions.
 */
export class KubeDnsAutoscaler extends Construct {
  readonly addon?: HelmAddon;

  constructor(scope: Construct, id: string, props: KubeDnsAutoscalerProps) {
    super(scope, id);
    const { context, config } = props;
    const scaling =
      config.ladder !== undefined
        ? { ladder: config.ladder }
        : { linear: { ...(config.linear ?? KUBE_DNS_LINEAR), includeUnschedulableNodes: true } };

    if (context.install === undefined) return;
    this.addon = new HelmAddon(this, 'helm', {
      chart: CLUSTER_PROPORTIONAL_AUTOSCALER_CHART,
      releaseName: 'kube-dns-autoscaler',
      namespace: NAMESPACE,
      createNamespace: false,
      target: context.install,
      values: {
        options: { target: 'deployment/coredns', namespace: NAMESPACE },
        config: scaling,
      },
      overrides: config.values,
    });
  }
}
