import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { resolveRegion } from '../modules/config';
import { buildFleet } from '../modules/fleet';
import { RegionStack } from '../modules/region-stack';
import type { Target } from '../modules/target';
import pink from '../regions/pink';
import {
  chartsDir,
  chartsDirProblem,
  checkStacks,
  DEFAULT_CHARTS_DIR,
  readCharts,
  type ChartFolder,
  type HelmReleaseBlock,
  type SynthesizedStack,
} from '../scripts/lib/chart-check';

/*
 * Small charts written here, in the layout `helm pull --untar` leaves: each holds only what a
 * test needs of its real chart's shape, so that every kind of error is proven on every machine.
 * Only the last tests read the real chart files (../shared/charts or FLEET_CHARTS_DIR).
 */
const FIXTURE_CHARTS: Record<string, Record<string, string>> = {
  'external-dns': {
    'Chart.yaml': 'apiVersion: v2\nname: external-dns\nversion: 1.21.1\n',
    'values.yaml': [
      'provider:',
      '  name: aws',
      'policy: upsert-only',
      'txtOwnerId:',
      'domainFilters: []',
      'extraArgs: {}',
      'env: []',
      'serviceAccount:',
      '  create: true',
      '  annotations: {}',
      '  name:',
      '',
    ].join('\n'),
    'values.schema.json': JSON.stringify({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: {
        policy: { type: 'string', enum: ['create-only', 'sync', 'upsert-only'] },
        txtOwnerId: { type: ['string', 'null'] },
        provider: { type: ['object', 'string'], properties: { name: { type: 'string' } } },
        serviceAccount: {
          type: 'object',
          properties: {
            create: { type: 'boolean' },
            annotations: { type: 'object' },
            name: { type: ['string', 'null'] },
          },
        },
      },
    }),
  },
  'cert-manager': {
    // As in cert-manager's repository: the real version is written only when it is published.
    'Chart.yaml': 'apiVersion: v2\nname: cert-manager\nversion: v0.0.0\n',
    'values.yaml': [
      'crds:',
      '  enabled: false',
      'serviceAccount:',
      '  create: true',
      '  # The name of the service account; one is generated when unset.',
      '  # name: ""',
      '  # Extra annotations for the service account.',
      '  # annotations: {}',
      'nodeSelector:',
      '  kubernetes.io/os: linux',
      '',
    ].join('\n'),
    'values.schema.json': JSON.stringify({
      $schema: 'http://json-schema.org/draft-07/schema#',
      $ref: '#/$defs/values',
      $defs: {
        values: {
          type: 'object',
          additionalProperties: false,
          properties: {
            crds: { $ref: '#/$defs/crds' },
            serviceAccount: { $ref: '#/$defs/serviceAccount' },
            nodeSelector: { type: 'object', additionalProperties: { type: 'string' } },
          },
        },
        crds: {
          type: 'object',
          additionalProperties: false,
          properties: { enabled: { type: 'boolean' } },
        },
        serviceAccount: {
          type: 'object',
          additionalProperties: false,
          properties: {
            create: { type: 'boolean' },
            name: { type: 'string' },
            annotations: { type: 'object', additionalProperties: { type: 'string' } },
          },
        },
      },
    }),
  },
  'instana-agent': {
    'Chart.yaml': 'apiVersion: v2\nname: instana-agent\nversion: 2.0.48\n',
    'values.yaml': [
      'agent:',
      '  # agent.mode picks what the agent monitors: APM, INFRASTRUCTURE or AWS.',
      '  # mode: APM',
      '',
      '  # The key the agent authenticates with.',
      '  key: null',
      '  # endpointHost: ingress.example.invalid',
      '  # endpointPort: 443',
      '',
      '  # pod:',
      '  # agent.pod.tolerations let the agent run on tainted nodes.',
      '  # tolerations: []',
      '  configuration_yaml: |',
      '    # com.example.plugin:',
      '    #   enabled: true',
      'cluster:',
      '  name: null',
      'zone:',
      '  name: null',
      '',
    ].join('\n'),
  },
  'cluster-proportional-autoscaler': {
    'Chart.yaml': 'apiVersion: v2\nname: cluster-proportional-autoscaler\nversion: 1.1.0\n',
    'values.yaml': [
      'config: {}',
      '#  linear:',
      '#    coresPerReplica: 2',
      '#    nodesPerReplica: 1',
      '#  ladder:',
      '#    nodesToReplicas: []',
      'options:',
      '  namespace:',
      '  target:',
      '',
    ].join('\n'),
  },
  'cluster-autoscaler': {
    'Chart.yaml': 'apiVersion: v2\nname: cluster-autoscaler\nversion: 9.59.0\n',
    'values.yaml': 'extraArgs:\n  v: 4\n  # expander: random\nimage:\n  tag: v1.35.0\n',
  },
};

const SOURCES = [
  '# Where these charts come from',
  '',
  '| chart | version | source |',
  '| --- | --- | --- |',
  '| cert-manager | v1.21.1 | cert-manager/cert-manager @ v1.21.1 |',
  '',
].join('\n');

const folders: string[] = [];

/** A new chart folder holding these charts, and SOURCES.md unless told otherwise. */
function chartFolder(names: readonly string[], { sources = true } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-charts-'));
  folders.push(dir);
  for (const name of names) {
    mkdirSync(join(dir, name));
    for (const [file, text] of Object.entries(FIXTURE_CHARTS[name])) {
      writeFileSync(join(dir, name, file), text);
    }
  }
  if (sources) writeFileSync(join(dir, 'SOURCES.md'), SOURCES);
  return dir;
}

let charts: ChartFolder;

beforeAll(() => {
  charts = readCharts(chartFolder(Object.keys(FIXTURE_CHARTS)));
});

afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

const REPOSITORY = 'https://charts.example.com';

/** A release as the fleet synthesizes it: one JSON values document. */
function release(
  chart: string,
  version: string,
  values: Record<string, unknown>,
  more: Partial<HelmReleaseBlock> = {},
): HelmReleaseBlock {
  return {
    name: chart,
    chart,
    repository: REPOSITORY,
    version,
    values: [JSON.stringify(values)],
    ...more,
  };
}

/** The errors of checking these releases in region pink. */
function errorsOf(...releases: HelmReleaseBlock[]): string[] {
  const stack: SynthesizedStack = {
    resource: {
      helm_release: Object.fromEntries(releases.map((block, i) => [`release_${i}`, block])),
    },
  };
  return checkStacks({ pink: stack }, charts).flatMap((check) => check.errors);
}

const EXTERNAL_DNS = 'region "pink": release external-dns (chart external-dns 1.21.1)';
const CERT_MANAGER = 'region "pink": release cert-manager (chart cert-manager v1.21.1)';
const INSTANA = 'region "pink": release instana-agent (chart instana-agent 2.0.48)';
const KUBE_DNS =
  'region "pink": release kube-dns-autoscaler (chart cluster-proportional-autoscaler 1.1.0)';

const externalDnsValues = {
  provider: { name: 'aws' },
  policy: 'upsert-only',
  txtOwnerId: 'eks-fleet-pink',
  extraArgs: ['--zone-id-filter=Z0PINKEXAMPLE0000001'],
  serviceAccount: {
    create: true,
    name: 'external-dns',
    annotations: { 'eks.amazonaws.com/role-arn': '${aws_iam_role.irsa.arn}' },
  },
};

function kubeDnsAutoscaler(values: Record<string, unknown>): HelmReleaseBlock {
  return release('cluster-proportional-autoscaler', '1.1.0', values, {
    name: 'kube-dns-autoscaler',
  });
}

describe('readCharts', () => {
  test('reads each chart of the folder by the name and version in its Chart.yaml', () => {
    const found = charts.charts.map((chart) => `${chart.name} ${chart.version}`);
    expect(found).toEqual([
      'cert-manager v1.21.1',
      'cluster-autoscaler 9.59.0',
      'cluster-proportional-autoscaler 1.1.0',
      'external-dns 1.21.1',
      'instana-agent 2.0.48',
    ]);
    expect(charts.problems).toEqual([]);
  });

  test('takes the version from SOURCES.md when Chart.yaml holds the v0.0.0 placeholder', () => {
    const certManager = charts.charts.find((chart) => chart.name === 'cert-manager');
    expect(certManager).toMatchObject({
      version: 'v1.21.1',
      versionFrom: 'SOURCES.md',
      placeholder: 'v0.0.0',
    });
  });

  test('reports a placeholder version that no SOURCES.md resolves, and matches no release to it', () => {
    const dir = chartFolder(['cert-manager'], { sources: false });
    const folder = readCharts(dir);
    expect(folder.problems).toEqual([
      `${dir}/cert-manager/Chart.yaml says version v0.0.0, a placeholder, and ${dir}/SOURCES.md records no version for cert-manager; fetch the published chart with \`helm pull --untar\``,
    ]);
    const stack = { resource: { helm_release: { r: release('cert-manager', 'v1.21.1', {}) } } };
    expect(checkStacks({ pink: stack }, folder)[0].errors).toEqual([
      `${CERT_MANAGER}: no chart files for cert-manager v1.21.1 in ${dir} (it holds cert-manager v0.0.0); fetch it with \`helm pull cert-manager --repo ${REPOSITORY} --version v1.21.1 --untar --untardir ${dir}\``,
    ]);
  });
});

describe('checkStacks', () => {
  test('passes a release whose chart, version, keys and value types all fit', () => {
    const stack = { resource: { helm_release: { r: release('external-dns', '1.21.1', {}) } } };
    expect(checkStacks({ pink: stack }, charts)).toEqual([
      {
        region: 'pink',
        release: 'external-dns',
        chart: 'external-dns',
        version: '1.21.1',
        errors: [],
      },
    ]);
    expect(errorsOf(release('external-dns', '1.21.1', externalDnsValues))).toEqual([]);
  });

  test('reports a mis-typed key with its region, release, chart version and full path', () => {
    const values = { ...externalDnsValues, provider: undefined, provder: { name: 'aws' } };
    expect(errorsOf(release('external-dns', '1.21.1', values))).toEqual([
      `${EXTERNAL_DNS}: key "provder.name" is not a value of the chart`,
    ]);
  });

  test('reports a value of the wrong type or outside the enum of the external-dns schema', () => {
    const values = { ...externalDnsValues, txtOwnerId: 42, policy: 'delete-all' };
    expect(errorsOf(release('external-dns', '1.21.1', values))).toEqual([
      `${EXTERNAL_DNS}: key "policy" is "delete-all"; the chart's schema expects one of "create-only", "sync", "upsert-only"`,
      `${EXTERNAL_DNS}: key "txtOwnerId" is 42; the chart's schema expects string or null`,
    ]);
  });

  test('reports a value of the wrong type against the cert-manager schema, through its $refs', () => {
    expect(errorsOf(release('cert-manager', 'v1.21.1', { crds: { enabled: 'yes' } }))).toEqual([
      `${CERT_MANAGER}: key "crds.enabled" is "yes"; the chart's schema expects boolean`,
    ]);
  });

  test('reports a key the schema also refuses only once', () => {
    const values = { serviceAccount: { nmae: 'cert-manager' } };
    expect(errorsOf(release('cert-manager', 'v1.21.1', values))).toEqual([
      `${CERT_MANAGER}: key "serviceAccount.nmae" is not a value of the chart`,
    ]);
  });

  test('reports a pinned version that has no chart files, with how to fetch it', () => {
    expect(errorsOf(release('external-dns', '1.22.0', externalDnsValues))).toEqual([
      `region "pink": release external-dns (chart external-dns 1.22.0): no chart files for external-dns 1.22.0 in ${charts.dir} (it holds external-dns 1.21.1); fetch it with \`helm pull external-dns --repo ${REPOSITORY} --version 1.22.0 --untar --untardir ${charts.dir}\``,
    ]);
  });

  test('reports a chart that is not in the folder, with how to fetch it', () => {
    const grafana = release(
      'grafana',
      '8.0.0',
      {},
      { repository: 'oci://registry.example.com/charts' },
    );
    expect(errorsOf(grafana)).toEqual([
      `region "pink": release grafana (chart grafana 8.0.0): chart grafana is not in ${charts.dir}; fetch it with \`helm pull oci://registry.example.com/charts/grafana --version 8.0.0 --untar --untardir ${charts.dir}\``,
    ]);
  });

  test('reports a chart still awaiting its files as not covered, not as an error', () => {
    const stack = {
      resource: {
        helm_release: {
          r: release('aws-load-balancer-controller', '1.14.0', { clusterName: 'x' }),
        },
      },
    };
    expect(checkStacks({ pink: stack }, charts)).toEqual([
      {
        region: 'pink',
        release: 'aws-load-balancer-controller',
        chart: 'aws-load-balancer-controller',
        version: '1.14.0',
        errors: [],
        notCovered: `no chart files in ${charts.dir} yet; fetch it with \`helm pull aws-load-balancer-controller --repo ${REPOSITORY} --version 1.14.0 --untar --untardir ${charts.dir}\``,
      },
    ]);
  });

  test('reports a release that pins no version', () => {
    expect(errorsOf(release('external-dns', '', {}))).toEqual([
      'region "pink": release external-dns (chart external-dns): pins no chart version; expected a version, as every release pins one',
    ]);
  });

  test('accepts the keys cert-manager documents only in comments, and a map its schema leaves open', () => {
    const values = {
      crds: { enabled: true },
      serviceAccount: {
        create: true,
        name: 'cert-manager',
        annotations: { 'eks.amazonaws.com/role-arn': '${aws_iam_role.irsa.arn}' },
      },
      nodeSelector: { 'node.example.com/pool': 'core' },
    };
    expect(errorsOf(release('cert-manager', 'v1.21.1', values))).toEqual([]);
  });

  test('accepts the keys instana-agent documents only in comments, in lines and in prose', () => {
    const values = {
      agent: {
        mode: 'INFRASTRUCTURE',
        endpointHost: 'ingress-red-saas.instana.io',
        endpointPort: '443',
        pod: { tolerations: [{ key: 'dedicated', operator: 'Exists' }] },
      },
      cluster: { name: 'eks-pink' },
      zone: { name: 'pink' },
    };
    const sensitive = { set_sensitive: [{ name: 'agent.key', value: '${var.instana_agent_key}' }] };
    expect(errorsOf(release('instana-agent', '2.0.48', values, sensitive))).toEqual([]);
  });

  test('refuses instana-agent keys that neither its values nor its comments document', () => {
    const values = { agent: { endpointHots: 'x', pod: { tolerationz: [] } } };
    const sensitive = { set_sensitive: [{ name: 'agent.kee', value: '${var.instana_agent_key}' }] };
    expect(errorsOf(release('instana-agent', '2.0.48', values, sensitive))).toEqual([
      `${INSTANA}: key "agent.endpointHots" is not a value of the chart`,
      `${INSTANA}: key "agent.pod.tolerationz" is not a value of the chart`,
      `${INSTANA}: key "agent.kee" is not a value of the chart`,
    ]);
  });

  test('accepts any key under a {} default, and any shape under a null or list default', () => {
    const values = {
      ...externalDnsValues,
      serviceAccount: { annotations: { 'example.com/any': 'thing' } },
      txtOwnerId: 'eks-fleet-pink',
      domainFilters: ['pink.fleet.example.com'],
      env: [{ name: 'AWS_DEFAULT_REGION', value: 'us-west-2' }],
    };
    expect(errorsOf(release('external-dns', '1.21.1', values))).toEqual([]);
    const agent = { agent: { key: { nested: 'under a null default' } } };
    expect(errorsOf(release('instana-agent', '2.0.48', agent))).toEqual([]);
  });

  test('refuses a single value or a list where a chart without a schema has a map', () => {
    const values = { agent: { pod: 'tolerate-everything' }, zone: ['pink'] };
    expect(errorsOf(release('instana-agent', '2.0.48', values))).toEqual([
      `${INSTANA}: key "agent.pod" is "tolerate-everything"; the chart has a map of keys there`,
      `${INSTANA}: key "zone" is ["pink"]; the chart has a map of keys there`,
    ]);
  });

  test('reports a values document that only Terraform can evaluate', () => {
    const computed = { ...release('external-dns', '1.21.1', {}), values: ['${local.dns_values}'] };
    expect(errorsOf(computed)).toEqual([
      `${EXTERNAL_DNS}: values document 1 is a Terraform expression, which only Terraform can evaluate; expected literal values to check`,
    ]);
  });

  test('accepts any cluster-autoscaler flag under extraArgs but refuses other unknown keys', () => {
    const values = {
      extraArgs: { 'max-nodes-total': 200, expander: 'least-waste' },
      image: { tagg: 'v1.33.0' },
    };
    expect(errorsOf(release('cluster-autoscaler', '9.59.0', values))).toEqual([
      'region "pink": release cluster-autoscaler (chart cluster-autoscaler 9.59.0): key "image.tagg" is not a value of the chart',
    ]);
  });

  test('checks keys given through set and set_list as well as values', () => {
    const more = {
      set: [{ name: 'serviceAccount.nmae', value: 'external-dns' }],
      set_list: [{ name: 'domainFilterz', value: ['pink.fleet.example.com'] }],
    };
    expect(errorsOf(release('external-dns', '1.21.1', {}, more))).toEqual([
      `${EXTERNAL_DNS}: key "serviceAccount.nmae" is not a value of the chart`,
      `${EXTERNAL_DNS}: key "domainFilterz" is not a value of the chart`,
    ]);
  });

  test('passes cluster-proportional-autoscaler with a target and one scaling mode', () => {
    const values = {
      options: { target: 'deployment/coredns', namespace: 'kube-system' },
      config: { linear: { coresPerReplica: 256, nodesPerReplica: 16 } },
    };
    expect(errorsOf(kubeDnsAutoscaler(values))).toEqual([]);
  });

  test('refuses cluster-proportional-autoscaler with both linear and ladder and no options.target', () => {
    const values = {
      options: { namespace: 'kube-system' },
      config: { linear: { coresPerReplica: 256 }, ladder: { nodesToReplicas: [[1, 1]] } },
    };
    expect(errorsOf(kubeDnsAutoscaler(values))).toEqual([
      `${KUBE_DNS}: key "options.target" is not set; expected the workload to scale, such as "deployment/coredns"`,
      `${KUBE_DNS}: key "config" sets both linear and ladder; expected exactly one of config.linear and config.ladder`,
    ]);
  });

  test('refuses cluster-proportional-autoscaler with neither linear nor ladder', () => {
    const values = { options: { target: 'deployment/coredns' } };
    expect(errorsOf(kubeDnsAutoscaler(values))).toEqual([
      `${KUBE_DNS}: key "config" sets neither linear nor ladder; expected exactly one of config.linear and config.ladder`,
    ]);
  });

  test('refuses a mis-typed key inside a scaling mode the comments document', () => {
    const values = {
      options: { target: 'deployment/coredns' },
      config: { linear: { coresPerReplca: 256 } },
    };
    expect(errorsOf(kubeDnsAutoscaler(values))).toEqual([
      `${KUBE_DNS}: key "config.linear.coresPerReplca" is not a value of the chart`,
    ]);
  });
});

describe('the chart folder', () => {
  test('comes from --charts, then FLEET_CHARTS_DIR, then ../shared/charts', () => {
    const env = { FLEET_CHARTS_DIR: '/srv/charts' };
    expect(chartsDir({ flag: '/tmp/mine', env })).toBe('/tmp/mine');
    expect(chartsDir({ env })).toBe('/srv/charts');
    expect(chartsDir({ env: {} })).toBe(DEFAULT_CHARTS_DIR);
    expect(DEFAULT_CHARTS_DIR).toMatch(/\/shared\/charts$/);
  });

  test('says plainly that the check could not run, and how to run it, when the folder is missing', () => {
    const chart = { name: 'external-dns', repository: REPOSITORY, version: '1.21.1' };
    expect(chartsDirProblem('/nowhere/charts', [chart])).toBe(
      [
        'could not check the Helm values: the chart folder /nowhere/charts does not exist, so nothing was checked.',
        'The check reads each chart from <folder>/<chart-name>/ (Chart.yaml, values.yaml and, where',
        'the chart has one, values.schema.json), as `helm pull --untar` leaves it. Name the folder',
        `with --charts DIR or FLEET_CHARTS_DIR (default: ${DEFAULT_CHARTS_DIR}).`,
        'To fill a folder with the charts the fleet pins:',
        `  helm pull external-dns --repo ${REPOSITORY} --version 1.21.1 --untar --untardir /nowhere/charts`,
      ].join('\n'),
    );
    expect(chartsDirProblem(charts.dir, [chart])).toBeUndefined();
  });
});

describe('the fleet against the real chart files', () => {
  const REAL_CHARTS = chartsDir({ env: process.env });
  const TARGET: Target = { kind: 'aws', stateBucket: 'state', stateRegion: 'us-west-2' };

  let realFolder: ChartFolder | undefined;
  let warned = false;

  /**
   * The real chart folder, or undefined when it is missing: then CI fails, and elsewhere the
   * test says plainly that it did not run (a fresh clone has no ../shared/charts).
   */
  function realCharts(): ChartFolder | undefined {
    const problem = chartsDirProblem(REAL_CHARTS);
    if (problem === undefined) return (realFolder ??= readCharts(REAL_CHARTS));
    if (process.env.CI) throw new Error(`${problem}\nCI is set: the real charts must be there.`);
    if (!warned) console.warn(`The fleet was NOT checked against the real charts.\n${problem}`);
    warned = true;
    return undefined;
  }

  function synthesized(stacks: readonly RegionStack[]): Record<string, SynthesizedStack> {
    return Object.fromEntries(
      stacks.map((stack) => [stack.node.id, JSON.parse(Testing.synth(stack)) as SynthesizedStack]),
    );
  }

  test('every release of every region fits its chart, when the chart folder exists', () => {
    const folder = realCharts();
    if (folder === undefined) return;
    const { app } = buildFleet({
      regionsDir: join(__dirname, '..', 'regions'),
      target: TARGET,
      app: Testing.app(),
    });
    const stacks = app.node.children.filter((child) => child instanceof RegionStack);
    const checks = checkStacks(synthesized(stacks), folder);

    expect(folder.problems).toEqual([]);
    expect(checks.flatMap((check) => check.errors)).toEqual([]);
    // Not a vacuous pass: releases were checked, of every chart the default add-ons install.
    expect(checks.length).toBeGreaterThan(0);
    expect(new Set(checks.map((check) => check.chart))).toEqual(
      new Set([
        'aws-load-balancer-controller',
        'cluster-autoscaler',
        'cluster-proportional-autoscaler',
        'external-dns',
        'instana-agent',
      ]),
    );
    // Only the load balancer controller may go unchecked, and only while its files are absent.
    const controllerFiles = folder.charts.some((c) => c.name === 'aws-load-balancer-controller');
    const uncovered = checks.filter((check) => check.notCovered !== undefined);
    expect(uncovered.map((check) => `${check.region}/${check.chart}`)).toEqual(
      controllerFiles
        ? []
        : ['global', 'orange', 'pink', 'teal'].map((r) => `${r}/aws-load-balancer-controller`),
    );
  });

  test('cert-manager, off in every region, fits its chart when a region turns it on', () => {
    const folder = realCharts();
    if (folder === undefined) return;
    const region = resolveRegion('pink', {
      ...pink,
      addons: {
        ...pink.addons,
        certManager: { enabled: true, hostedZoneIds: ['Z0PINKEXAMPLE0000001'] },
      },
    });
    const stack = new RegionStack(Testing.app(), region, TARGET);
    const checks = checkStacks(synthesized([stack]), folder);
    expect(checks.find((check) => check.chart === 'cert-manager')).toEqual({
      region: 'pink',
      release: 'cert-manager',
      chart: 'cert-manager',
      version: 'v1.21.1',
      errors: [],
    });
  });
});
