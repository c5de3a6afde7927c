/**
 * The vCPUs and memory of the EC2 instance types a nodegroup may use: the fleet report's
 * capacity figures come from here, and validation refuses a type this table does not know, so
 * that a misspelt type fails before Terraform runs.
 *
 * Within one of these families every size has the same memory per vCPU, and a size's name
 * gives its vCPUs (AWS's published specifications), so the table is built from the two.
 */

export interface InstanceCapacity {
  readonly vcpus: number;
  readonly memoryGiB: number;
}

/** vCPUs of each size name. */
const SIZE_VCPUS: Record<string, number> = {
  medium: 1,
  large: 2,
  xlarge: 4,
  '2xlarge': 8,
  '4xlarge': 16,
  '8xlarge': 32,
  '9xlarge': 36,
  '12xlarge': 48,
  '16xlarge': 64,
  '18xlarge': 72,
  '24xlarge': 96,
  '32xlarge': 128,
  '48xlarge': 192,
};

/** GiB of memory per vCPU, and the sizes each family offers. */
const FAMILIES: Record<string, { memoryPerVcpu: number; sizes: string[] }> = {
  // Compute optimised: 2 GiB per vCPU.
  c5: {
    memoryPerVcpu: 2,
    sizes: ['large', 'xlarge', '2xlarge', '4xlarge', '9xlarge', '12xlarge', '18xlarge', '24xlarge'],
  },
  c6i: {
    memoryPerVcpu: 2,
    sizes: [
      'large',
      'xlarge',
      '2xlarge',
      '4xlarge',
      '8xlarge',
      '12xlarge',
      '16xlarge',
      '24xlarge',
      '32xlarge',
    ],
  },
  c7i: {
    memoryPerVcpu: 2,
    sizes: [
      'large',
      'xlarge',
      '2xlarge',
      '4xlarge',
      '8xlarge',
      '12xlarge',
      '16xlarge',
      '24xlarge',
      '48xlarge',
    ],
  },
  c6g: {
    memoryPerVcpu: 2,
    sizes: ['medium', 'large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
  },
  c7g: {
    memoryPerVcpu: 2,
    sizes: ['medium', 'large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
  },
  // General purpose: 4 GiB per vCPU.
  m5: {
    memoryPerVcpu: 4,
    sizes: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge'],
  },
  m6i: {
    memoryPerVcpu: 4,
    sizes: [
      'large',
      'xlarge',
      '2xlarge',
      '4xlarge',
      '8xlarge',
      '12xlarge',
      '16xlarge',
      '24xlarge',
      '32xlarge',
    ],
  },
  m7i: {
    memoryPerVcpu: 4,
    sizes: [
      'large',
      'xlarge',
      '2xlarge',
      '4xlarge',
      '8xlarge',
      '12xlarge',
      '16xlarge',
      '24xlarge',
      '48xlarge',
    ],
  },
  m6g: {
    memoryPerVcpu: 4,
    sizes: ['medium', 'large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
  },
  m7g: {
    memoryPerVcpu: 4,
    sizes: ['medium', 'large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
  },
  // Memory optimised: 8 GiB per vCPU.
  r5: {
    memoryPerVcpu: 8,
    sizes: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge'],
  },
  r6i: {
    memoryPerVcpu: 8,
    sizes: [
      'large',
      'xlarge',
      '2xlarge',
      '4xlarge',
      '8xlarge',
      '12xlarge',
      '16xlarge',
      '24xlarge',
      '32xlarge',
    ],
  },
  r7i: {
    memoryPerVcpu: 8,
    sizes: [
      'large',
      'xlarge',
      '2xlarge',
      '4xlarge',
      '8xlarge',
      '12xlarge',
      '16xlarge',
      '24xlarge',
      '48xlarge',
    ],
  },
  r6g: {
    memoryPerVcpu: 8,
    sizes: ['medium', 'large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
  },
  r7g: {
    memoryPerVcpu: 8,
    sizes: ['medium', 'large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
  },
};

/** Every instance type the table knows, by name. */
export const INSTANCE_TYPES: ReadonlyMap<string, InstanceCapacity> = new Map(
  Object.entries(FAMILIES).flatMap(([family, { memoryPerVcpu, sizes }]) =>
    sizes.map((size): [string, InstanceCapacity] => {
      const vcpus = SIZE_VCPUS[size];
      return [`${family}.${size}`, { vcpus, memoryGiB: vcpus * memoryPerVcpu }];
    }),
  ),
);

/** The families the table knows, for error messages. */
export const INSTANCE_FAMILIES = Object.keys(FAMILIES);

/** Whether an instance type's processor is Arm (Graviton), which needs an ARM_64 AMI. */
export function isArm(instanceType: string): boolean {
  return /^[a-z]\d+g[a-z]*\./.test(instanceType);
}
