import { Construct } from 'constructs';
import type { RegionConfig } from '../config';
import type { ServiceAccountRole } from '../irsa';
import { addonRole, HelmAddon, roleAnnotation, type AddonContext, type Chart } from './helm-addon';
import { certManagerStatements } from './iam-policies';

export const CERT_MANAGER_CHART: Chart = {
  name: 'cert-manager',
  repository: 'https://charts.jetstack.io',
  version: 'v1.21.1',
};

const NAMESPACE = 'cert-manager';
const SERVICE_ACCOUNT = 'cert-manager';

export interface CertManagerProps {
  readonly context: AddonContext;
  readonly config: RegionConfig['addons']['certManager'];
}

/**
 * cert-manager, off unless a region turns it on: issues certificates, answering DNS-01
 * challenges with TXT records in the region's zones.
 */
export class CertManager extends Construct {
  readonly role: ServiceAccountRole;
  readonly addon?: HelmAddon;

  constructor(scope: Construct, id: string, props: CertManagerProps) {
    super(scope, id);
    const { context, config } = props;

    this.role = addonRole(this, context, {
      name: 'cert-manager',
      namespace: NAMESPACE,
      serviceAccount: SERVICE_ACCOUNT,
      statements: certManagerStatements(context.partition, config.hostedZoneIds),
    });

    if (context.install === undefined) return;
    this.addon = new HelmAddon(this, 'helm', {
      chart: CERT_MANAGER_CHART,
      namespace: NAMESPACE,
      target: context.install,
      values: {
        crds: { enabled: true },
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
