import { Construct } from 'constructs';
import type { RegionConfig } from '../config';
import type { ServiceAccountRole } from '../irsa';
import { addonRole, HelmAddon, roleAnnotation, type AddonContext, type Chart } from './helm-addon';
import { externalDnsStatements } from './iam-policies';

export const EXTERNAL_DNS_CHART: Chart = {
  name: 'external-dns',
  repository: 'https://kubernetes-sigs.github.io/external-dns/',
  version: '1.21.1',
};

const NAMESPACE = 'external-dns';
const SERVICE_ACCOUNT = 'external-dns';

export interface ExternalDnsProps {
  readonly context: AddonContext;
  readonly config: RegionConfig['addons']['externalDns'];
}

/**
 * external-dns: keeps Route 53 records in the region's zones in step with its Services and
 * Ingresses. Its TXT ownership records carry the region's colour, so regions sharing a zone
 * never touch each other's records.
 */
export class ExternalDns extends Construct {
  readonly role: ServiceAccountRole;
  readonly addon?: HelmAddon;

  constructor(scope: Construct, id: string, props: ExternalDnsProps) {
    super(scope, id);
    const { context, config } = props;

    this.role = addonRole(this, context, {
      name: 'external-dns',
      namespace: NAMESPACE,
      serviceAccount: SERVICE_ACCOUNT,
      statements: externalDnsStatements(context.partition, config.hostedZoneIds),
    });

    if (context.install === undefined) return;
    this.addon = new HelmAddon(this, 'helm', {
      chart: EXTERNAL_DNS_CHART,
      namespace: NAMESPACE,
      target: context.install,
      values: {
        provider: { name: 'aws' },
        env: [{ name: 'AWS_DEFAULT_REGION', value: context.awsRegion }],
        policy: config.policy,
        txtOwnerId: `eks-fleet-${context.colour}`,
        domainFilters: config.domainFilters,
        extraArgs: config.hostedZoneIds.map((zoneId) => `--zone-id-filter=${zoneId}`),
        serviceAccount: {
          create: true,
          name: SERVICE_ACCOUNT,
          annotations: roleAnnotation(this.role.role.arn),
        },
      },
      overrides: config.values,
    });
  }
}
