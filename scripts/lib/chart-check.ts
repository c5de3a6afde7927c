/**
 * The offline Helm values check: every `helm_release` of the synthesized stacks against the
 * files of the chart it pins (Chart.yaml, values.yaml, values.schema.json), read from a folder
 * laid out as `helm pull --untar` leaves it. No cluster, no network: what it proves is that
 * each release names a chart and version we hold, sets only keys the chart has, and that the
 * merged values fit the chart's schema and the rules a schema cannot say.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { CERT_MANAGER_CHART } from '../../modules/addons/cert-manager';
import { CLUSTER_AUTOSCALER_CHART } from '../../modules/addons/cluster-autoscaler';
import { EXTERNAL_DNS_CHART } from '../../modules/addons/external-dns';
import { INSTANA_AGENT_CHART } from '../../modules/addons/instana-agent';
import { CLUSTER_PROPORTIONAL_AUTOSCALER_CHART } from '../../modules/addons/kube-dns-autoscaler';
import { LOAD_BALANCER_CONTROLLER_CHART } from '../../modules/addons/load-balancer-controller';
import { PROJECT_ROOT } from './environment';

/** Where the chart files live unless `--charts` or FLEET_CHARTS_DIR say otherwise. */
export const DEFAULT_CHARTS_DIR = join(PROJECT_ROOT, '..', 'shared', 'charts');

/** The chart folder: `--charts DIR`, else FLEET_CHARTS_DIR, else ../shared/charts. */
export function chartsDir(
  options: { readonly flag?: string; readonly env?: NodeJS.ProcessEnv } = {},
): string {
  const chosen = options.flag ?? (options.env ?? process.env).FLEET_CHARTS_DIR;
  return chosen ? resolve(chosen) : DEFAULT_CHARTS_DIR;
}

/** A chart as a release pins it; the same shape as the add-ons' `Chart`. */
export interface PinnedChart {
  readonly name: string;
  readonly repository: string;
  readonly version: string;
}

/** Every chart a region may install (cert-manager only where a region turns it on). */
export const FLEET_CHARTS: readonly PinnedChart[] = [
  CERT_MANAGER_CHART,
  CLUSTER_AUTOSCALER_CHART,
  CLUSTER_PROPORTIONAL_AUTOSCALER_CHART,
  EXTERNAL_DNS_CHART,
  INSTANA_AGENT_CHART,
  LOAD_BALANCER_CONTROLLER_CHART,
];

/**
 * Charts whose files the shared chart folder does not hold yet. A release of one is reported
 * as not covered instead of failing, until its files arrive; from then on it is checked like
 * any other. Any other chart missing from the folder is an error.
 */
export const CHARTS_AWAITING_FILES: readonly string[] = [LOAD_BALANCER_CONTROLLER_CHART.name];

/** The command that fetches one chart into the folder, laid out as the check reads it. */
export function pullCommand(chart: PinnedChart, dir: string): string {
  const source = chart.repository.startsWith('oci://')
    ? `${chart.repository.replace(/\/$/, '')}/${chart.name}`
    : `${chart.name} --repo ${chart.repository}`;
  return `helm pull ${source} --version ${chart.version} --untar --untardir ${dir}`;
}

/**
 * Why the check cannot run on this folder (it is missing, or holds no chart), with how to run
 * it; undefined when it can.
 */
export function chartsDirProblem(
  dir: string,
  pinned: readonly PinnedChart[] = FLEET_CHARTS,
): string | undefined {
  let why: string;
  if (!existsSync(dir)) why = `the chart folder ${dir} does not exist`;
  else if (chartFolders(dir).length === 0) why = `the chart folder ${dir} holds no chart`;
  else return undefined;
  return [
    `could not check the Helm values: ${why}, so nothing was checked.`,
    'The check reads each chart from <folder>/<chart-name>/ (Chart.yaml, values.yaml and, where',
    'the chart has one, values.schema.json), as `helm pull --untar` leaves it. Name the folder',
    `with --charts DIR or FLEET_CHARTS_DIR (default: ${DEFAULT_CHARTS_DIR}).`,
    'To fill a folder with the charts the fleet pins:',
    ...pinned.map((chart) => `  ${pullCommand(chart, dir)}`),
  ].join('\n');
}

/** What values.yaml says a key holds, from its values and the keys its comments document. */
interface KeyNode {
  /**
   * `map`: only the keys below are values of the chart. `open-map`: a `{}` default, any key.
   * `any`: a null default or a list, any shape. `value`: a single value, nothing below it.
   * `unknown`: documented in a comment with no value; a map once keys are documented below it,
   * otherwise any shape.
   */
  shape: 'map' | 'open-map' | 'any' | 'value' | 'unknown';
  readonly keys: Map<string, KeyNode>;
}

type Schema = Record<string, unknown>;

/** One chart of the folder, as its Chart.yaml names it. */
export interface ChartFiles {
  readonly name: string;
  readonly version: string;
  /** Where the version was read: Chart.yaml, or SOURCES.md when Chart.yaml holds a placeholder. */
  readonly versionFrom: 'Chart.yaml' | 'SOURCES.md';
  /** Chart.yaml's own version, where SOURCES.md stands in for it. */
  readonly placeholder?: string;
  readonly dir: string;
}

/** What a check needs of a chart beyond its name, read when a release first needs it. */
interface ChartContent {
  /** values.yaml as Helm reads it: the chart's defaults. */
  readonly defaults: Record<string, unknown>;
  readonly keys: KeyNode;
  readonly schema?: Schema;
}

export interface ChartFolder {
  readonly dir: string;
  readonly charts: readonly ChartFiles[];
  /** Files that could not be read, as full sentences. */
  readonly problems: readonly string[];
}

/**
 * Versions some charts carry in their source repository instead of the real one: cert-manager's
 * Chart.yaml says v0.0.0 because its release tooling writes the version only when it publishes
 * the chart.
 */
const PLACEHOLDER_VERSIONS = ['v0.0.0', '0.0.0'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The folders (or links to them) that hold a Chart.yaml. */
function chartFolders(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'Chart.yaml')))
    .map((name) => join(dir, name))
    .sort();
}

/**
 * The version column of the SOURCES.md table beside the charts, by chart name: the record of
 * which release each folder's files were taken from. Empty when there is no such file.
 */
function recordedVersions(dir: string): Map<string, string> {
  const versions = new Map<string, string>();
  const path = join(dir, 'SOURCES.md');
  if (!existsSync(path)) return versions;
  let columns: { chart: number; version: number } | undefined;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim().startsWith('|')) {
      columns = undefined;
      continue;
    }
    const cells = line
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((cell) => cell.trim());
    if (columns === undefined) {
      const chart = cells.indexOf('chart');
      const version = cells.indexOf('version');
      if (chart >= 0 && version >= 0) columns = { chart, version };
    } else if (!/^[-: ]+$/.test(cells.join(''))) {
      versions.set(cells[columns.chart], cells[columns.version]);
    }
  }
  return versions;
}

function readYaml(path: string): unknown {
  return parseYaml(readFileSync(path, 'utf8'));
}

/** Reads every chart of the folder: one `<folder>/<name>/` each, as `helm pull --untar` does. */
export function readCharts(dir: string): ChartFolder {
  const charts: ChartFiles[] = [];
  const problems: string[] = [];
  const recorded = recordedVersions(dir);
  for (const chartDir of chartFolders(dir)) {
    try {
      const meta = readYaml(join(chartDir, 'Chart.yaml'));
      const name = isObject(meta) ? meta.name : undefined;
      const version = isObject(meta) ? meta.version : undefined;
      if (typeof name !== 'string' || typeof version !== 'string') {
        problems.push(`${chartDir}/Chart.yaml has no name or version; expected both, as strings`);
        continue;
      }
      // A chart copied from its source repository may hold a placeholder version (cert-manager
      // says v0.0.0 there; `helm pull` of the published chart gives the real one). The folder's
      // SOURCES.md records which release the files were taken from, so its version stands in;
      // without such a record the placeholder stays, matches no release and is reported here.
      const placeholder = PLACEHOLDER_VERSIONS.includes(version) ? version : undefined;
      const recordedVersion = placeholder === undefined ? undefined : recorded.get(name);
      if (placeholder !== undefined && recordedVersion === undefined) {
        problems.push(
          `${chartDir}/Chart.yaml says version ${version}, a placeholder, and ${join(dir, 'SOURCES.md')} records no version for ${name}; fetch the published chart with \`helm pull --untar\``,
        );
      }
      charts.push({
        name,
        version: recordedVersion ?? version,
        versionFrom: recordedVersion === undefined ? 'Chart.yaml' : 'SOURCES.md',
        placeholder: recordedVersion === undefined ? undefined : placeholder,
        dir: chartDir,
      });
    } catch (error) {
      problems.push(`${chartDir}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  return { dir, charts, problems };
}

const contents = new WeakMap<ChartFiles, ChartContent>();

/**
 * A chart's values and schema, parsed once and only for charts a release uses: cert-manager's
 * values.yaml alone takes a third of a second to parse.
 */
function contentOf(chart: ChartFiles): ChartContent {
  let content = contents.get(chart);
  if (content === undefined) {
    const valuesPath = join(chart.dir, 'values.yaml');
    const valuesText = existsSync(valuesPath) ? readFileSync(valuesPath, 'utf8') : '';
    const parsed: unknown = parseYaml(valuesText);
    const defaults = isObject(parsed) ? parsed : {};
    const schemaPath = join(chart.dir, 'values.schema.json');
    const schema = existsSync(schemaPath)
      ? (JSON.parse(readFileSync(schemaPath, 'utf8')) as Schema)
      : undefined;
    content = { defaults, keys: documentedKeys(defaults, valuesText), schema };
    contents.set(chart, content);
  }
  return content;
}

// The keys a chart documents.

function nodeOf(value: unknown): KeyNode {
  const keys = new Map<string, KeyNode>();
  if (Array.isArray(value) || value === null || value === undefined) return { shape: 'any', keys };
  if (!isObject(value)) return { shape: 'value', keys };
  if (Object.keys(value).length === 0) return { shape: 'open-map', keys };
  for (const [key, child] of Object.entries(value)) keys.set(key, nodeOf(child));
  return { shape: 'map', keys };
}

/** The shape a commented-out `key: value` line documents. */
function documentedShape(text: string): KeyNode['shape'] {
  if (text === '') return 'unknown';
  if (/^[|>]/.test(text)) return 'value';
  try {
    const value: unknown = parseYaml(text);
    if (value === null) return 'unknown';
    // An inline example of a map's entries (`{a: 1}`) says nothing of which keys it allows.
    const shape = nodeOf(value).shape;
    return shape === 'map' ? 'any' : shape;
  } catch {
    return 'value';
  }
}

/** Adds a documented key; what values.yaml sets, or was documented first, stands. */
function document(root: KeyNode, path: readonly string[], shape: KeyNode['shape']): void {
  let node = root;
  for (const [index, key] of path.entries()) {
    if (node.shape === 'unknown') node.shape = 'map';
    if (node.shape !== 'map' && node.shape !== 'open-map') return;
    let child = node.keys.get(key);
    if (child === undefined) {
      child = { shape: index === path.length - 1 ? shape : 'unknown', keys: new Map() };
      node.keys.set(key, child);
    } else if (index === path.length - 1 && shape === 'open-map' && child.shape === 'map') {
      // A key documented as `{}` after an example of its entries is an open map.
      child.shape = 'open-map';
    }
    node = child;
  }
}

const COMMENT = /^(\s*)#(\s*)(.*)$/;
/** `key:` or `key: value`; in a comment, only plain keys (no quotes, no templates) count. */
const PLAIN_KEY = /^([A-Za-z0-9_][\w./-]*)\s*:(?:\s+(.*))?$/;
const QUOTED_KEY = /^(?:"[^"]*"|'[^']*')\s*:(?:\s+(.*))?$/;
/** A dotted path in prose, such as `agent.pod.tolerations are ...` or `rbac.create -- ...`. */
const PROSE_PATH = /(?<![\w/-])\.?([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)+)(?!\.?[\w/-])/g;

/**
 * The keys values.yaml sets and the keys its comments document. Some charts (instana-agent
 * above all, and cert-manager for keys such as serviceAccount.name) list most keys only as
 * commented-out lines; the chart's templates read them all the same. A commented `key:` line
 * sits under the nearest key above it with less indentation, counting the spaces after `#`
 * (beyond the first) as indentation; a dotted path in prose (`agent.pod.tolerations are ...`,
 * `rbac.create -- ...`) under a top-level key documents that path too.
 *
 * Note: this reads documentation, not templates, so it accepts a little more than the chart
 * uses: a commented key written at the wrong depth, or a prose word that happens to look like a
 * key, counts as documented. It never accepts a key that appears nowhere in the file.
 */
function documentedKeys(defaults: Record<string, unknown>, text: string): KeyNode {
  const root = nodeOf(defaults);
  if (root.shape !== 'map') return { shape: 'open-map', keys: new Map() };
  const context: { indent: number; path?: string[] }[] = [];
  const prose: string[][] = [];
  let blockIndent: number | undefined;

  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const indent = line.length - line.trimStart().length;
    // The text of a block scalar (`configuration_yaml: |`) is a value, comments included.
    if (blockIndent !== undefined && indent > blockIndent) continue;
    blockIndent = undefined;

    const comment = COMMENT.exec(line);
    const depth = comment ? comment[1].length + Math.max(0, comment[2].length - 1) : indent;
    const body = comment ? comment[3].trim() : line.trim();
    if (comment) for (const match of body.matchAll(PROSE_PATH)) prose.push(match[1].split('.'));

    while (context.length > 0 && context[context.length - 1].indent >= depth) context.pop();
    const parent = context.length === 0 ? [] : context[context.length - 1].path;
    if (body === '-' || body.startsWith('- ')) {
      // Entries of a list item are not keys of the values.
      context.push({ indent: depth });
      continue;
    }
    const plain = PLAIN_KEY.exec(body);
    const quoted = comment ? null : QUOTED_KEY.exec(body);
    if (plain === null && quoted === null) continue;
    const value = ((plain ? plain[2] : quoted?.[1]) ?? '').replace(/\s+#.*$/, '').trim();
    if (!comment && /^[|>]/.test(value)) blockIndent = indent;
    const path = parent && plain ? [...parent, plain[1]] : undefined;
    context.push({ indent: depth, path });
    if (comment && path) document(root, path, documentedShape(value));
  }

  const topLevel = new Set(root.keys.keys());
  for (const path of prose) if (topLevel.has(path[0])) document(root, path, 'unknown');
  return root;
}

// Checking releases.

/** A `set`, `set_sensitive` or `set_list` entry of a release. */
interface SetEntry {
  readonly name: string;
  readonly value?: unknown;
  readonly type?: string;
}

/** What the check reads of a synthesized `helm_release`. */
export interface HelmReleaseBlock {
  readonly name?: string;
  readonly chart?: string;
  readonly repository?: string;
  readonly version?: string;
  readonly values?: readonly string[];
  readonly set?: readonly SetEntry[];
  readonly set_sensitive?: readonly SetEntry[];
  readonly set_list?: readonly SetEntry[];
}

/** What the check reads of a synthesized stack (`cdk.tf.json`). */
export interface SynthesizedStack {
  readonly resource?: { readonly helm_release?: Readonly<Record<string, HelmReleaseBlock>> };
}

export interface ReleaseCheck {
  /** The stack's name: the region's colour. */
  readonly region: string;
  readonly release: string;
  readonly chart: string;
  readonly version: string;
  /** Full sentences naming the region, release, chart version and key; none when it passes. */
  readonly errors: readonly string[];
  /** Why the release was not checked, for a chart in CHARTS_AWAITING_FILES with no files yet. */
  readonly notCovered?: string;
}

/** Rules of one chart that its schema cannot say; each returns problems as `key "..." ...`. */
type ChartRule = (values: Record<string, unknown>) => string[];

const CHART_RULES: Readonly<Record<string, ChartRule>> = {
  // The chart passes options.target as --target, which the autoscaler cannot start without, and
  // writes every entry of config into the ConfigMap it reads its one scaling mode from.
  'cluster-proportional-autoscaler': (values) => {
    const problems: string[] = [];
    const options = isObject(values.options) ? values.options : {};
    if (typeof options.target !== 'string' || options.target === '') {
      problems.push(
        `key "options.target" is ${shown(options.target)}; expected the workload to scale, such as "deployment/coredns"`,
      );
    }
    const config = isObject(values.config) ? values.config : {};
    const modes = ['linear', 'ladder'].filter((mode) => config[mode] != null);
    if (modes.length !== 1) {
      const what = modes.length === 0 ? 'neither linear nor ladder' : 'both linear and ladder';
      problems.push(
        `key "config" sets ${what}; expected exactly one of config.linear and config.ladder`,
      );
    }
    return problems;
  },
};

function shown(value: unknown): string {
  if (value === undefined || value === null) return 'not set';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** A key path as Helm's --set writes it: dots between keys, `\.` for a dot inside one. */
function keyName(path: readonly string[]): string {
  return path.map((key) => key.replace(/\./g, '\\.')).join('.');
}

/**
 * The key path of a --set style name (`agent.key`, `a\.b.c`, `list[0].x`); it stops at a list
 * index, since what lies inside a list item is not a key of the values file.
 */
function setPath(name: string): { path: string[]; indexed: boolean } {
  const path: string[] = [];
  let key = '';
  for (let i = 0; i < name.length; i++) {
    if (name[i] === '\\' && name[i + 1] === '.') key += name[++i];
    else if (name[i] === '.') {
      path.push(key);
      key = '';
    } else key += name[i];
  }
  path.push(key);
  const cut = path.findIndex((part) => part.includes('['));
  if (cut < 0) return { path, indexed: false };
  return {
    path: [...path.slice(0, cut), path[cut].slice(0, path[cut].indexOf('['))],
    indexed: true,
  };
}

/** Every leaf of a values document: a value, a list or an empty map, by its key path. */
function leafPaths(value: unknown, prefix: string[] = []): string[][] {
  if (!isObject(value) || Object.keys(value).length === 0) return prefix.length > 0 ? [prefix] : [];
  return Object.entries(value).flatMap(([key, child]) => leafPaths(child, [...prefix, key]));
}

function schemaNode(root: Schema, node: unknown): Schema | undefined {
  let current = node;
  // Local references only (`#/$defs/...`), as chart schemas use them.
  for (let hops = 0; hops < 32 && isObject(current) && typeof current.$ref === 'string'; hops++) {
    const pointer: string = current.$ref;
    if (!pointer.startsWith('#')) return undefined;
    current = pointer
      .slice(1)
      .split('/')
      .filter(Boolean)
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((at, part) => (isObject(at) ? at[part] : undefined), root);
  }
  return isObject(current) ? current : undefined;
}

/** A map the schema leaves open: an object with no listed properties and extra ones allowed. */
function freeForm(schema: Schema): boolean {
  const types = [schema.type ?? 'object'].flat();
  return (
    types.includes('object') &&
    schema.properties === undefined &&
    schema.additionalProperties !== false
  );
}

/**
 * Maps a chart leaves open although values.yaml gives them entries, so the `{}` rule cannot
 * see it: cluster-autoscaler's deployment template turns every entry of extraArgs into a
 * `--key=value` flag, and its values.yaml sets three and names some more in comments.
 */
const OPEN_MAPS: Readonly<Record<string, readonly string[][]>> = {
  'cluster-autoscaler': [['extraArgs']],
};

/**
 * True when the path is a value of the chart: set or documented in values.yaml, inside a map it
 * leaves open (`{}`) or a key whose default is null or a list, or declared by its schema.
 */
function isChartKey(chart: ChartFiles & ChartContent, path: readonly string[]): boolean {
  const open = OPEN_MAPS[chart.name] ?? [];
  if (open.some((map) => path.length > map.length && map.every((key, i) => path[i] === key))) {
    return true;
  }
  let node: KeyNode | undefined = chart.keys;
  let schema = chart.schema && schemaNode(chart.schema, chart.schema);
  for (const key of path) {
    if (node?.shape === 'any' || (node?.shape === 'unknown' && node.keys.size === 0)) return true;
    const child: KeyNode | undefined = node?.keys.get(key);
    const properties = schema?.properties;
    const declared =
      chart.schema && isObject(properties) ? schemaNode(chart.schema, properties[key]) : undefined;
    if (child === undefined && declared === undefined) {
      return node?.shape === 'open-map' || (schema !== undefined && freeForm(schema));
    }
    node = child;
    schema = declared;
  }
  return true;
}

/** True when values.yaml (or its comments) has a map of keys at the path. */
function holdsMap(root: KeyNode, path: readonly string[]): boolean {
  let node: KeyNode | undefined = root;
  for (const key of path) {
    node = node?.shape === 'map' || node?.shape === 'open-map' ? node.keys.get(key) : undefined;
  }
  return node?.shape === 'map' || node?.shape === 'open-map';
}

/**
 * Helm's merge of a release's values over the chart's: maps merge key by key, anything else
 * replaces, and null removes the chart's default.
 */
function helmMerge(base: Record<string, unknown>, over: Record<string, unknown>) {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === null) delete merged[key];
    else if (isObject(value) && isObject(merged[key])) {
      merged[key] = helmMerge(merged[key] as Record<string, unknown>, value);
    } else merged[key] = value;
  }
  return merged;
}

/** A `set` value as Helm reads it: booleans, integers and null are typed unless `type` is string. */
function setValue(entry: SetEntry): unknown {
  if (Array.isArray(entry.value) || entry.type === 'string') return entry.value;
  const text = String(entry.value);
  if (text === 'true' || text === 'false') return text === 'true';
  if (text === 'null') return null;
  if (/^-?\d+$/.test(text)) return Number(text);
  return text;
}

function nested(path: readonly string[], value: unknown): Record<string, unknown> {
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<
    string,
    unknown
  >;
}

function valueAt(values: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((at, key) => (isObject(at) ? at[key] : undefined), values);
}

/** Compiled once per schema: compiling a large one (cert-manager's) takes a good part of a second. */
const validators = new WeakMap<Schema, ValidateFunction>();

function validatorOf(schema: Schema): ValidateFunction {
  let validate = validators.get(schema);
  if (validate === undefined) {
    // Chart schemas are draft-07 and carry keywords ajv's strict mode refuses.
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    validate = ajv.compile(schema);
    validators.set(schema, validate);
  }
  return validate;
}

function instancePath(error: ErrorObject): string[] {
  return error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The schema's complaints about the merged values, one sentence each. */
function schemaProblems(
  schema: Schema,
  values: Record<string, unknown>,
  unknownKeys: readonly string[][],
): string[] {
  const validate = validatorOf(schema);
  if (validate(values)) return [];
  const errors = validate.errors ?? [];
  // A value of the wrong type also fails its enum or pattern; its type says it best.
  const typed = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  const problems: string[] = [];
  for (const error of errors) {
    if (error.keyword !== 'type' && typed.has(error.instancePath)) continue;
    const at = instancePath(error);
    const params = error.params as Record<string, unknown>;
    const value = valueAt(values, at);
    const key = `key "${keyName(at)}"`;
    if (error.keyword === 'additionalProperties') {
      const extra = [...at, String(params.additionalProperty)];
      // The key check has already named it (or a key below it).
      const named = unknownKeys.some((path) => extra.every((part, i) => path[i] === part));
      if (!named) problems.push(`key "${keyName(extra)}" is not a value of the chart`);
    } else if (error.keyword === 'type') {
      const expected = [params.type].flat().join(' or ');
      problems.push(`${key} is ${shown(value)}; the chart's schema expects ${expected}`);
    } else if (error.keyword === 'enum') {
      const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v));
      problems.push(
        `${key} is ${shown(value)}; the chart's schema expects one of ${allowed.join(', ')}`,
      );
    } else if (error.keyword === 'required') {
      const missing = [...at, String(params.missingProperty)];
      problems.push(`key "${keyName(missing)}" is not set; the chart's schema requires it`);
    } else {
      const subject = at.length === 0 ? 'the values' : `${key} (${shown(value)})`;
      problems.push(`${subject} ${error.message ?? 'is invalid'} (schema ${error.schemaPath})`);
    }
  }
  return problems;
}

/** Checks one release against the chart folder. */
export function checkRelease(
  region: string,
  block: HelmReleaseBlock,
  folder: ChartFolder,
): ReleaseCheck {
  const chartName = block.chart ?? '(no chart)';
  const release = block.name ?? chartName;
  const version = block.version ?? '';
  const prefix = `region "${region}": release ${release} (chart ${chartName}${version ? ` ${version}` : ''})`;
  const result = (problems: string[]): ReleaseCheck => ({
    region,
    release,
    chart: chartName,
    version,
    errors: problems.map((problem) => `${prefix}: ${problem}`),
  });
  const pinned = { name: chartName, repository: block.repository ?? '', version };
  const pull = block.repository ? `; fetch it with \`${pullCommand(pinned, folder.dir)}\`` : '';

  // The chart and version must be in the folder.
  if (!version)
    return result(['pins no chart version; expected a version, as every release pins one']);
  const named = folder.charts.filter((chart) => chart.name === chartName);
  if (named.length === 0) {
    if (CHARTS_AWAITING_FILES.includes(chartName)) {
      return { ...result([]), notCovered: `no chart files in ${folder.dir} yet${pull}` };
    }
    return result([`chart ${chartName} is not in ${folder.dir}${pull}`]);
  }
  const chart = named.find((candidate) => candidate.version === version);
  if (chart === undefined) {
    const held = named.map((candidate) => `${candidate.name} ${candidate.version}`).join(', ');
    return result([
      `no chart files for ${chartName} ${version} in ${folder.dir} (it holds ${held})${pull}`,
    ]);
  }

  let content: ChartContent;
  try {
    content = contentOf(chart);
  } catch (error) {
    return result([`cannot read the chart files in ${chart.dir}: ${(error as Error).message}`]);
  }
  const files = { ...chart, ...content };

  // Every key the release sets must be a value of the chart.
  // Helm merges the release's documents, then its set values, over the chart's defaults.
  const problems: string[] = [];
  let merged = files.defaults;
  const keys: string[][] = [];
  for (const [index, text] of (block.values ?? []).entries()) {
    let document: unknown;
    try {
      document = parseYaml(text);
    } catch (error) {
      problems.push(
        `values document ${index + 1} is not YAML or JSON: ${(error as Error).message}`,
      );
      continue;
    }
    if (document == null) continue;
    if (typeof document === 'string' && document.startsWith('${')) {
      problems.push(
        `values document ${index + 1} is a Terraform expression, which only Terraform can evaluate; expected literal values to check`,
      );
      continue;
    }
    if (!isObject(document)) {
      problems.push(`values document ${index + 1} is ${shown(document)}; expected a map of keys`);
      continue;
    }
    keys.push(...leafPaths(document));
    merged = helmMerge(merged, document);
  }
  for (const entry of [
    ...(block.set ?? []),
    ...(block.set_list ?? []),
    ...(block.set_sensitive ?? []),
  ]) {
    const { path, indexed } = setPath(entry.name);
    keys.push(path);
    // Note: a value that Terraform fills in at apply time (`${var.x}`) is unknown here; only its
    // key is checked.
    const known = !JSON.stringify(entry.value ?? '').includes('${');
    if (!indexed && known) merged = helmMerge(merged, nested(path, setValue(entry)));
  }
  const unknownKeys = keys.filter((path) => !isChartKey(files, path));
  for (const path of unknownKeys)
    problems.push(`key "${keyName(path)}" is not a value of the chart`);
  // Where a schema exists it judges the types; without one, values.yaml's maps at least say
  // where a single value or a list cannot go.
  if (files.schema === undefined) {
    for (const path of keys) {
      const value = valueAt(merged, path);
      if (value != null && !isObject(value) && holdsMap(files.keys, path)) {
        problems.push(
          `key "${keyName(path)}" is ${shown(value)}; the chart has a map of keys there`,
        );
      }
    }
  }

  // The chart's defaults with the release's values over them must fit the chart's rules.
  if (files.schema !== undefined) {
    try {
      problems.push(...schemaProblems(files.schema, merged, unknownKeys));
    } catch (error) {
      problems.push(
        `${chart.dir}/values.schema.json does not compile: ${(error as Error).message}`,
      );
    }
  }
  problems.push(...(CHART_RULES[chart.name]?.(merged) ?? []));
  return result([...new Set(problems)]);
}

/** Checks every Helm release of every stack, by region (the stack's name) and release name. */
export function checkStacks(
  stacks: Readonly<Record<string, SynthesizedStack>>,
  folder: ChartFolder,
): ReleaseCheck[] {
  const checks: ReleaseCheck[] = [];
  for (const [region, stack] of Object.entries(stacks).sort(([a], [b]) => a.localeCompare(b))) {
    const releases = Object.values(stack.resource?.helm_release ?? {});
    const checked = releases.map((block) => checkRelease(region, block, folder));
    checks.push(...checked.sort((a, b) => a.release.localeCompare(b.release)));
  }
  return checks;
}

/** The stacks cdktf wrote to `outdir`, by name. */
export function readSynthesizedStacks(outdir: string): Record<string, SynthesizedStack> {
  const stacksDir = join(outdir, 'stacks');
  return Object.fromEntries(
    readdirSync(stacksDir)
      .filter((name) => existsSync(join(stacksDir, name, 'cdk.tf.json')))
      .map((name) => [
        name,
        JSON.parse(readFileSync(join(stacksDir, name, 'cdk.tf.json'), 'utf8')) as SynthesizedStack,
      ]),
  );
}
