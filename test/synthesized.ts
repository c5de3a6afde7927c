/**
 * Reading a synthesized stack where the cdktf matchers fall short: they answer whether one
 * resource matches, these list every resource of a type so that tests can count and compare.
 */

/** A resource class: its static `tfResourceType` names the Terraform type. */
interface TerraformType {
  readonly tfResourceType: string;
}

export type Block = Record<string, unknown>;

interface SynthesizedStack {
  readonly resource?: Record<string, Record<string, Block>>;
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
