import type { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { Release } from '@cdktf/provider-helm/lib/release';
import type { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import deepmerge from 'deepmerge';
import { ServiceAccountRole } from '../irsa';
import type { Statement } from './iam-policies';

/** A chart at a pinned version in its Helm repository. */
export interface Chart {
  readonly name: string;
  readonly repository: string;
  readonly version: string;
}

/** A value Terraform must pass to Helm without ever writing it into the configuration. */
export interface SensitiveValue {
  /** The value's path in the chart's values, such as `agent.key`. */
  readonly name: string;
  /** A reference to a sensitive Terraform variable, never a literal. */
  readonly value: string;
}

/** Where add-ons install: the region's Kubernetes and Helm providers, once its nodes exist. */
export interface AddonTarget {
  readonly kubernetes: KubernetesProvider;
  readonly helm: HelmProvider;
  /** The nodegroups, and the access that lets Terraform into the cluster. */
  readonly dependsOn: ITerraformDependable[];
}

/** What every add-on knows of its region. */
export interface AddonContext {
  readonly colour: string;
  readonly clusterName: string;
  readonly awsRegion: string;
  readonly partition: string;
  readonly kubernetesVersion: string;
  readonly oidcProviderArn: string;
  readonly oidcIssuer: string;
  /** Where releases install; absent on the local target, where only the AWS side deploys. */
  readonly install?: AddonTarget;
}

/** The IAM role of an add-on's one service account, named after the add-on. */
export function addonRole(
  scope: Construct,
  context: AddonContext,
  account: { name: string; namespace: string; serviceAccount: string; statements: Statement[] },
): ServiceAccountRole {
  return new ServiceAccountRole(scope, 'irsa', {
    ...account,
    clusterName: context.clusterName,
    awsRegion: context.awsRegion,
    oidcProviderArn: context.oidcProviderArn,
    oidcIssuer: context.oidcIssuer,
  });
}

/** The annotation that binds a service account to its IAM role. */
export function roleAnnotation(roleArn: string): Record<string, string> {
  return { 'eks.amazonaws.com/role-arn': roleArn };
}

export interface HelmAddonProps {
  readonly chart: Chart;
  /**
   * Create the namespace. A chart whose workload must live in a namespace that already
   * exists, such as kube-system, installs there without creating it.
   * @default true
   */
  readonly createNamespace?: boolean;
  /**
   * The release's name.
   * @default the chart's name
   */
  readonly releaseName?: string;
  readonly namespace: string;
  readonly target: AddonTarget;
  /** The add-on's own values. */
  readonly values: Record<string, unknown>;
  /**
   * The region file's values, merged over the add-on's own; lists replace rather than append.
   * @default {}
   */
  readonly overrides?: Record<string, unknown>;
  /** @default none */
  readonly sensitiveValues?: readonly SensitiveValue[];
}

/** Helm's wait for a release to become ready; nodes may still be joining on a first deploy. */
const RELEASE_TIMEOUT_SECONDS = 600;

/**
 * One add-on as a Helm release in a namespace of its own. It installs only after the nodes
 * exist and Terraform may reach the cluster, and so is removed before them on destroy.
 */
export class HelmAddon extends Construct {
  /** The namespace made for the add-on; absent when it installs into an existing one. */
  readonly namespace?: NamespaceV1;
  readonly release: Release;
  /** The values the release is installed with, after the region's overrides. */
  readonly values: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: HelmAddonProps) {
    super(scope, id);
    this.values = deepmerge(props.values, props.overrides ?? {}, {
      arrayMerge: (_defaults, overrides: unknown[]) => overrides,
    });

    if (props.createNamespace ?? true) {
      this.namespace = new NamespaceV1(this, 'namespace', {
        provider: props.target.kubernetes,
        metadata: {
          name: props.namespace,
          labels: { 'app.kubernetes.io/managed-by': 'eks-fleet' },
        },
        dependsOn: props.target.dependsOn,
      });
    }

    this.release = new Release(this, 'release', {
      provider: props.target.helm,
      name: props.releaseName ?? props.chart.name,
      chart: props.chart.name,
      repository: props.chart.repository,
      version: props.chart.version,
      namespace: this.namespace?.metadata.name ?? props.namespace,
      values: [JSON.stringify(this.values)],
      setSensitive: props.sensitiveValues?.map((value) => ({ ...value })),
      atomic: true,
      cleanupOnFail: true,
      timeout: RELEASE_TIMEOUT_SECONDS,
      dependsOn: props.target.dependsOn,
    });
  }
}
