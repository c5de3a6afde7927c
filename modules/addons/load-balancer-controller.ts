import { Construct } from 'constructs';
import type { RegionConfig } from '../config';
import type { ServiceAccountRole } from '../irsa';
import { addonRole, HelmAddon, roleAnnotation, type AddonContext, type Chart } from './helm-addon';
import { loadBalancerControllerStatements } from './iam-policies';

export const LOAD_BALANCER_CONTROLLER_CHART: Chart = {
  name: 'aws-load-balancer-controller',
  repository: 'https://aws.github.io/eks-charts',
  version: '1.14.0',
};

const NAMESPACE = 'aws-load-balancer-controller';
const SERVICE_ACCOUNT = 'aws-load-balancer-controller';

export interface LoadBalancerControllerProps {
  readonly context: AddonContext;
  /** The account the region deploys to, which the controller's permissions are scoped to. */
  readonly accountId: string;
  readonly vpcId: string;
  readonly config: NonNullable<RegionConfig['ingress']>['loadBalancerController'];
}

/**
 * The AWS Load Balancer Controller: turns Services of type LoadBalancer into NLBs and Ingresses
 * into ALBs, in the region's VPC, with a role that may touch only the region's own balancers.
 */
export class LoadBalancerController extends Construct {
  readonly role: ServiceAccountRole;
  readonly addon?: HelmAddon;

  constructor(scope: Construct, id: string, props: LoadBalancerControllerProps) {
    super(scope, id);
    const { context, config } = props;

    this.role = addonRole(this, context, {
      name: 'load-balancer-controller',
      namespace: NAMESPACE,
      serviceAccount: SERVICE_ACCOUNT,
      statements: loadBalancerControllerStatements({
        partition: context.partition,
        awsRegion: context.awsRegion,
        accountId: props.accountId,
        vpcId: props.vpcId,
        clusterName: context.clusterName,
      }),
    });

    if (context.install === undefined) return;
    this.addon = new HelmAddon(this, 'helm', {
      chart: LOAD_BALANCER_CONTROLLER_CHART,
      namespace: NAMESPACE,
      target: context.install,
      values: {
        clusterName: context.clusterName,
        region: context.awsRegion,
        vpcId: props.vpcId,
        serviceAccount: {
          create: true,
          name: SERVICE_ACCOUNT,
          annotations: roleAnnotation(this.role.role.arn),
        },
        // Its role grants no WAF, Shield or Cognito actions.
        enableShield: false,
        enableWaf: false,
        enableWafv2: false,
      },
      overrides: config.values,
    });
  }
}
