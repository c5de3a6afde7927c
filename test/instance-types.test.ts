import { INSTANCE_TYPES, isArm } from '../modules/instance-types';

describe('INSTANCE_TYPES', () => {
  test.each([
    ['c5.2xlarge', 8, 16],
    ['c5.9xlarge', 36, 72],
    ['m5.4xlarge', 16, 64],
    ['m6i.2xlarge', 8, 32],
    ['r5.4xlarge', 16, 128],
    ['r7i.48xlarge', 192, 1536],
    ['c6g.medium', 1, 2],
  ])('gives %s %i vCPUs and %i GiB as AWS publishes', (type, vcpus, memoryGiB) => {
    expect(INSTANCE_TYPES.get(type)).toEqual({ vcpus, memoryGiB });
  });

  test('knows no size a family does not offer', () => {
    expect(INSTANCE_TYPES.has('c5.8xlarge')).toBe(false);
    expect(INSTANCE_TYPES.has('m5.medium')).toBe(false);
  });
});

describe('isArm', () => {
  test('tells Graviton types from x86 ones', () => {
    expect(['m7g.large', 'c6g.xlarge', 'r6g.4xlarge'].map(isArm)).toEqual([true, true, true]);
    expect(['m5.large', 'c6i.xlarge', 'r7i.4xlarge'].map(isArm)).toEqual([false, false, false]);
  });
});
