import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { TerraformOutput, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { ReadableStack } from '../modules/readable-stack';
import { parseStack, resourcesOf } from './synthesized';

/** ReadableStack is abstract; this adds nothing to it. */
class TestStack extends ReadableStack {}

/** A stack holding one VPC at each path; `x/a_b` is a VPC `a_b` inside a construct `x`. */
function stackWith(paths: string[]): TestStack {
  const stack = new TestStack(Testing.app(), 'test');
  paths.forEach((path, i) => {
    const ids = path.split('/');
    const scope = ids
      .slice(0, -1)
      .reduce<Construct>(
        (parent, id) => (parent.node.tryFindChild(id) as Construct) ?? new Construct(parent, id),
        stack,
      );
    new Vpc(scope, ids[ids.length - 1], { cidrBlock: `10.${i}.0.0/16` });
  });
  return stack;
}

describe('ReadableStack', () => {
  test('gives each resource its construct path, joined with underscores, as its address', () => {
    const synthesized = Testing.synth(stackWith(['x/a_b', 'y/b', 'network/vpc', 'top']));
    expect(Object.keys(resourcesOf(synthesized, Vpc)).sort()).toEqual([
      'network_vpc',
      'top',
      'x_a_b',
      'y_b',
    ]);
  });

  test('replaces characters Terraform refuses in an address with hyphens', () => {
    const synthesized = Testing.synth(stackWith(['nodegroup.core/role:name']));
    expect(Object.keys(resourcesOf(synthesized, Vpc))).toEqual(['nodegroup-core_role-name']);
  });

  test('gives a resource the same address however often it is asked', () => {
    const stack = stackWith(['x/a_b']);
    const vpc = stack.node.findAll().find((node) => node instanceof Vpc) as Vpc;
    expect(stack.getLogicalId(vpc)).toBe('x_a_b');
    expect(stack.getLogicalId(vpc)).toBe('x_a_b');
  });

  test('throws if two construct paths join to the same address', () => {
    const stack = stackWith(['x/a_b', 'x_a/b']);
    expect(() => Testing.synth(stack)).toThrow(
      new Error('test/x_a/b and test/x/a_b would share the Terraform address x_a_b; rename one'),
    );
  });

  test('throws if two construct ids differ only in characters it replaces', () => {
    const stack = stackWith(['a.b', 'a-b']);
    expect(() => Testing.synth(stack)).toThrow(
      new Error('test/a-b and test/a.b would share the Terraform address a-b; rename one'),
    );
  });

  test('lets elements of different kinds, such as a VPC and a subnet, share an address', () => {
    const stack = stackWith(['x/a_b']);
    new Subnet(new Construct(stack, 'x_a'), 'b', { vpcId: 'vpc-1', cidrBlock: '10.0.0.0/24' });
    new TerraformOutput(stack, 'x_a_b', { value: 'an output' });
    const synthesized = Testing.synth(stack);
    expect(Object.keys(resourcesOf(synthesized, Vpc))).toEqual(['x_a_b']);
    expect(Object.keys(resourcesOf(synthesized, Subnet))).toEqual(['x_a_b']);
    expect(Object.keys(parseStack(synthesized).output ?? {})).toEqual(['x_a_b']);
  });

  test('throws if two subnets would share an address, as for any one kind', () => {
    const stack = new TestStack(Testing.app(), 'test');
    new Subnet(new Construct(stack, 'x'), 'a_b', { vpcId: 'vpc-1', cidrBlock: '10.0.0.0/24' });
    new Subnet(new Construct(stack, 'x_a'), 'b', { vpcId: 'vpc-1', cidrBlock: '10.0.1.0/24' });
    expect(() => Testing.synth(stack)).toThrow(
      new Error('test/x_a/b and test/x/a_b would share the Terraform address x_a_b; rename one'),
    );
  });
});
