/**
 * What an add-on's tests build it from: a region's resolved add-on settings, and a context
 * with stand-ins for the cluster, its OIDC provider, the providers and the nodes.
 */
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import type { Construct } from 'constructs';
import type { AddonContext, AddonTarget } from '../modules/addons/helm-addon';
import { resolveRegion, type RegionConfig, type RegionInput } from '../modules/config';
import pink from '../regions/pink';

export const OIDC_ISSUER = 'https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B7';

export const OIDC_PROVIDER_ARN =
  'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B7';

/** The condition key prefix a role trusts: the issuer without https://, as Terraform writes it. */
export const ISSUER_HOST = `\${replace("${OIDC_ISSUER}", "https://", "")}`;

/**
 * The trust policy an add-on's role must have: only tokens this cluster issues to exactly that
 * service account, meant for STS.
 */
export function serviceAccountTrust(namespace: string, serviceAccount: string): unknown[] {
  return [
    {
      Effect: 'Allow',
      Principal: { Federated: OIDC_PROVIDER_ARN },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: {
          [`${ISSUER_HOST}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
          [`${ISSUER_HOST}:aud`]: 'sts.amazonaws.com',
        },
      },
    },
  ];
}

/** pink's add-ons with some of them replaced, after validation and defaults. */
export function addonsWith(changes: RegionInput['addons'] = {}): RegionConfig['addons'] {
  return resolveRegion('pink', { ...pink, addons: { ...pink.addons, ...changes } }).addons;
}

export interface ContextOptions {
  /** @default 'pink' */
  readonly colour?: string;
  /** @default '1.33' */
  readonly kubernetesVersion?: string;
  /** @default 'aws' */
  readonly partition?: string;
  /**
   * Build the providers and a stand-in for the nodes, as on the aws target.
   * @default true
   */
  readonly install?: boolean;
}

/**
 * The providers an add-on installs through, and one stand-in resource,
 * `aws_eks_access_entry.nodes-ready`, for everything its releases must wait for.
 */
export function addonTarget(scope: Construct, clusterName = 'eks-pink'): AddonTarget {
  const nodesReady = new EksAccessEntry(scope, 'nodes-ready', {
    clusterName,
    principalArn: 'arn:aws:iam::123456789012:role/platform-admin',
  });
  return {
    kubernetes: new KubernetesProvider(scope, 'kubernetes', {}),
    helm: new HelmProvider(scope, 'helm', {}),
    dependsOn: [nodesReady],
  };
}

/** A context for one add-on in `scope`, with an install target unless told otherwise. */
export function addonContext(scope: Construct, options: ContextOptions = {}): AddonContext {
  const colour = options.colour ?? 'pink';
  const clusterName = `eks-${colour}`;
  return {
    colour,
    clusterName,
    awsRegion: 'us-west-2',
    partition: options.partition ?? 'aws',
    kubernetesVersion: options.kubernetesVersion ?? '1.33',
    oidcProviderArn: OIDC_PROVIDER_ARN,
    oidcIssuer: OIDC_ISSUER,
    install: (options.install ?? true) ? addonTarget(scope, clusterName) : undefined,
  };
}
