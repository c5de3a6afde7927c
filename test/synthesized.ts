/**
 * Reading a synthesized stack where the cdktf matchers fall short: they answer whether one
 * resource matches, these list every resource of a type so that tests can count and compare.
 */

// test/setup.ts installs the cdktf matchers at run time; this declares them to the type checker.
import type {} from 'cdktf/lib/testing/adapters/jest';

/** A resource class: its static `tfResourceType` names the Terraform type. */
interface TerraformType {
  readonly tfResourceType: string;
}

export type Block = Record<string, unknown>;

interface SynthesizedStack {
  readonly resource?: Record<string, Record<string, Block>>;
  readonly data?: Record<string, Record<string, Block>>;
  readonly provider?: Record<string, Block[]>;
  readonly variable?: Record<string, Block>;
  readonly output?: Record<string, Block>;
  readonly terraform?: { readonly backend?: Record<string, Block> };
}

export function parseStack(synthesized: string): SynthesizedStack {
  return JSON.parse(synthesized) as SynthesizedStack;
}

/** Every resource of one type, by its Terraform name. */
export function resourcesOf(synthesized: string, type: TerraformType): Record<string, Block> {
  return parseStack(synthesized).resource?.[type.tfResourceType] ?? {};
}

/** Every data source of one type, by its Terraform name. */
export function dataSourcesOf(synthesized: string, type: TerraformType): Record<string, Block> {
  return parseStack(synthesized).data?.[type.tfResourceType] ?? {};
}

/** The Terraform address (`type.name`) of the one resource of this type. */
export function addressOf(synthesized: string, type: TerraformType): string {
  const names = Object.keys(resourcesOf(synthesized, type));
  if (names.length !== 1) {
    throw new Error(`expected one ${type.tfResourceType}, found ${names.length}`);
  }
  return `${type.tfResourceType}.${names[0]}`;
}

/** How another resource refers to an attribute of the one resource of this type. */
export function referenceTo(synthesized: string, type: TerraformType, attribute: string): string {
  return `\${${addressOf(synthesized, type)}.${attribute}}`;
}

/** The configurations of one provider, such as `helm`; none if the stack does not use it. */
export function providersOf(synthesized: string, name: string): Block[] {
  return parseStack(synthesized).provider?.[name] ?? [];
}

/** A Helm release's values, which the fleet passes as one JSON document. */
export function releaseValues(release: Block): Record<string, unknown> {
  const values = release.values as string[];
  if (values.length !== 1) throw new Error(`expected one values document, found ${values.length}`);
  return JSON.parse(values[0]) as Record<string, unknown>;
}

/** The release of one chart, by the chart's name; fails if there is not exactly one. */
export function releaseOf(synthesized: string, chart: string, type: TerraformType): Block {
  const releases = Object.values(resourcesOf(synthesized, type)).filter(
    (release) => release.chart === chart,
  );
  if (releases.length !== 1)
    throw new Error(`expected one ${chart} release, found ${releases.length}`);
  return releases[0];
}

/** An IAM policy statement as the fleet writes them. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Principal?: Record<string, string>;
  readonly Action: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

/**
 * Reads JSON text that Terraform interpolates: an expression such as
 * `${replace(x, "https://", "")}` inside a JSON string is only valid JSON once Terraform has
 * evaluated it, so its quotes and backslashes are escaped here and the expression kept as text.
 */
export function parseTemplatedJson(text: string): unknown {
  const escaped = (char: string) => (char === '"' || char === '\\' ? `\\${char}` : char);
  let json = '';
  let depth = 0; // of braces inside an interpolation; 0 outside one
  let inLiteral = false; // inside a string literal of the expression
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (depth === 0) {
      depth = text.startsWith('${', i) ? 1 : 0;
      json += depth === 1 ? text[i++] + text[i] : char;
    } else if (inLiteral && char === '\\') {
      json += escaped(char) + escaped(text[++i]);
    } else {
      if (char === '"') inLiteral = !inLiteral;
      if (!inLiteral && char === '{') depth++;
      if (!inLiteral && char === '}') depth--;
      json += escaped(char);
    }
  }
  return JSON.parse(json);
}

/** An IAM policy document, read from the JSON text a resource carries. */
export function policyOf(text: unknown): { Version: string; Statement: PolicyStatement[] } {
  return parseTemplatedJson(text as string) as { Version: string; Statement: PolicyStatement[] };
}
