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

/** How another resource refers to an attribute of the one resource of this type. */
export function referenceTo(synthesized: string, type: TerraformType, attribute: string): string {
  const names = Object.keys(resourcesOf(synthesized, type));
  if (names.length !== 1) {
    throw new Error(`expected one ${type.tfResourceType}, found ${names.length}`);
  }
  return `\${${type.tfResourceType}.${names[0]}.${attribute}}`;
}
