import { TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import type { RegionConfig } from '../config';
import { HelmAddon, type AddonContext, type Chart, type SensitiveValue } from './helm-addon';

export const INSTANA_AGENT_CHART: Chart = {
  name: 'instana-agent',
  repository: 'https://agents.instana.io/helm',
  version: '2.0.48',
};

const NAMESPACE = 'instana-agent';

/** The Terraform variable that carries the agent key: `TF_VAR_instana_agent_key`. */
export const AGENT_KEY_VARIABLE = 'instana_agent_key';

export interface InstanaAgentProps {
  readonly context: AddonContext;
  readonly config: RegionConfig['addons']['instanaAgent'];
  /**
   * The region's node taints, so that the agent runs on every node, tainted ones included.
   * @default none
   */
  readonly tolerations?: readonly { key: string; operator: 'Exists'; effect: string }[];
}

/**
 * The Instana agent on every node, reporting the cluster under its name and the region's
 * colour as its zone. The agent key never appears in code or in the synthesized
 * configuration: it comes from an existing Kubernetes secret, or from a sensitive Terraform
 * variable that Helm receives through `set_sensitive`.
 */
export class InstanaAgent extends Construct {
  readonly addon?: HelmAddon;

  constructor(scope: Construct, id: string, props: InstanaAgentProps) {
    super(scope, id);
    const { context, config } = props;
    if (context.install === undefined) return;

    const sensitiveValues: SensitiveValue[] = [];
    if (config.keySecret === undefined) {
      const key = new TerraformVariable(this, AGENT_KEY_VARIABLE, {
        type: 'string',
        sensitive: true,
        nullable: false,
        description: `The Instana agent key for region ${context.colour}; set TF_VAR_${AGENT_KEY_VARIABLE}`,
      });
      key.overrideLogicalId(AGENT_KEY_VARIABLE);
      sensitiveValues.push({ name: 'agent.key', value: key.stringValue });
    }

    this.addon = new HelmAddon(this, 'helm', {
      chart: INSTANA_AGENT_CHART,
      namespace: NAMESPACE,
      target: context.install,
      values: {
        agent: {
          endpointHost: config.endpointHost,
          endpointPort: String(config.endpointPort),
          ...(config.keySecret === undefined ? {} : { keysSecret: config.keySecret }),
          ...(props.tolerations?.length ? { pod: { tolerations: props.tolerations } } : {}),
        },
        cluster: { name: context.clusterName },
        zone: { name: context.colour },
      },
      overrides: config.values,
      sensitiveValues,
    });
  }
}
