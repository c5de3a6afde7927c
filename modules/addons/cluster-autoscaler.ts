import { Construct } from 'constructs';
import type { RegionConfig } from '../config';
import type { ServiceAccountRole } from '../irsa';
import { addonRole, HelmAddon, roleAnnotation, type AddonContext, type Chart } from './helm-addon';
import { clusterAutoscalerStatements } from './iam-policies';

export const CLUSTER_AUTOSCALER_CHART: Chart = {
  name: 'cluster-autoscaler',
  repository: 'https://kubernetes.github.io/autoscaler',
  version: '9.59.0',
};

const NAMESPACE = 'cluster-autoscaler';
const SERVICE_ACCOUNT = 'cluster-autoscaler';

export interface ClusterAutoscalerProps {
  readonly context: AddonContext;
  readonly config: RegionConfig['addons']['clusterAutoscaler'];
}

/**
 * cluster-autoscaler: grows a nodegroup when pods cannot be scheduled and shrinks it when nodes
 * sit idle. It finds the nodegroups by this cluster's discovery tags, and balances similar
 * ones across zones.
 */
export class ClusterAutoscaler extends Construct {
  readonly role: ServiceAccountRole;
  readonly addon?: HelmAddon;

  constructor(scope: Construct, id: string, props: ClusterAutoscalerProps) {
    super(scope, id);
    const { context, config } = props;

    this.role = addonRole(this, context, {
      name: 'cluster-autoscaler',
      namespace: NAMESPACE,
      serviceAccount: SERVICE_ACCOUNT,
      statements: clusterAutoscalerStatements(context.clusterName),
    });

    if (context.install === undefined) return;
    this.addon = new HelmAddon(this, 'helm', {
      chart: CLUSTER_AUTOSCALER_CHART,
      namespace: NAMESPACE,
      target: context.install,
      values: {
        cloudProvider: 'aws',
        awsRegion: context.awsRegion,
        autoDiscovery: { clusterName: context.clusterName },
        // The autoscaler's minor version must match the cluster's; the chart's default image
        // follows the newest Kubernetes instead.
        image: { tag: `v${context.kubernetesVersion}.0` },
        extraArgs: {
          'balance-similar-node-groups': true,
          expander: config.expander,
        },
        rbac: {
          serviceAccount: {
            create: true,
            name: SERVICE_ACCOUNT,
            annotations: roleAnnotation(this.role.role.arn),
          },
        },
      },
      overrides: config.values,
    });
  }
}
